import { IANAZone } from 'luxon';
import { BatonError, isBatonError, validationError, type FieldIssue } from '../errors.js';
import { isEmail, normalizeEmail } from '../leads/normalize.js';
import type { Ctx } from '../ports.js';
import { assertCan } from './permissions.js';
import { hasRole, normalizeHandle, type OutOfOffice, type Person, type WorkingHours } from './person.js';
import { isLocale, timeOfDaySchema } from './team.js';
import { actorFor } from '../shared/actor.js';
import { pickupSoon } from '../leads/pickup-timers.js';
import type { CoreDeps } from '../shared/deps.js';
import { HANDLE_RE, insertPerson, pickLocale, validateRoles } from './roster-shared.js';

export type MemberInput = {
  name: string;
  handle?: string;
  roles: string[];
  /** A platform address (Slack user, console handle) when known. */
  address?: string;
  /** Telegram @username the person will /start from. */
  telegramUsername?: string;
  email?: string;
  timezone?: string;
  locale?: string;
  weight?: number;
  cap?: number | null;
};

/**
 * Every problem with a member's fields, without touching the database: name, handle, roles,
 * Telegram username, email, time zone, language, weight and cap. `/team add`, the founder of a
 * new team and the operator CLI's roster import (which checks every row before writing any) share it.
 */
export function memberInputIssues(req: MemberInput): FieldIssue[] {
  const issues: FieldIssue[] = [];
  try {
    validateRoles(req.roles);
  } catch (err) {
    if (!isBatonError(err)) throw err;
    issues.push(...err.issues);
  }
  const name = req.name.trim();
  if (!name) issues.push({ field: 'name', code: 'required', message: 'is required' });
  if (name.length > 80) issues.push({ field: 'name', code: 'too_long', message: 'is too long' });
  if (!HANDLE_RE.test(handleOf(req)))
    issues.push({
      field: 'handle',
      code: 'invalid_handle',
      message: 'use 1-32 letters, digits, dots, dashes or underscores',
    });
  const tg = req.telegramUsername ? normalizeHandle(req.telegramUsername) : undefined;
  if (tg !== undefined && !/^[a-z0-9_]{5,32}$/.test(tg))
    issues.push({
      field: 'telegramUsername',
      code: 'invalid_username',
      message: 'is not a Telegram username (5-32 letters, digits, _)',
    });
  if (req.email !== undefined && !isEmail(normalizeEmail(req.email)))
    issues.push({ field: 'email', code: 'invalid_email', message: 'is not a valid email address' });
  if (req.timezone && !IANAZone.isValidZone(req.timezone))
    issues.push({ field: 'timezone', code: 'invalid_timezone', message: 'is not an IANA time zone' });
  if (req.locale !== undefined && !isLocale(req.locale))
    issues.push({ field: 'locale', code: 'invalid_locale', message: 'must be en or ru' });
  if (req.weight !== undefined && !(req.weight > 0 && req.weight <= 10))
    issues.push({ field: 'weight', code: 'invalid_weight', message: 'must be above 0 and at most 10' });
  if (
    req.cap !== undefined &&
    req.cap !== null &&
    !(Number.isInteger(req.cap) && req.cap >= 0 && req.cap <= 1000)
  )
    issues.push({ field: 'cap', code: 'invalid_cap', message: 'must be a whole number from 0 to 1000' });
  return issues;
}

/** The handle a member gets: the one given, else their Telegram username, else their first name. */
export function handleOf(req: Pick<MemberInput, 'handle' | 'telegramUsername' | 'name'>): string {
  return normalizeHandle(req.handle ?? req.telegramUsername ?? req.name.trim().split(/\s+/)[0] ?? '');
}

/** `/team add`: a manager adds a member with roles (admins alone may add admins). */
export async function addMember(deps: CoreDeps, req: MemberInput, ctx: Ctx): Promise<Person> {
  const { actor, team } = await actorFor(deps, ctx, 'team.manage');
  const roles = validateRoles(req.roles);
  if (roles.includes('admin')) assertCan(actor, 'team.manage_admins');
  const issues = memberInputIssues(req);
  if (issues.length) throw validationError(issues);
  const name = req.name.trim();
  const handle = handleOf(req);
  const tg = req.telegramUsername ? normalizeHandle(req.telegramUsername) : undefined;
  if (req.address) {
    const holder = await deps.stores.people.byAddress(req.address);
    if (holder)
      throw new BatonError('ADDRESS_TAKEN', `${holder.name} already has this account`, {
        address: req.address,
        personId: holder.id,
        name: holder.name,
      });
  }
  if (await deps.stores.people.byHandle(team.id, handle)) {
    throw validationError([
      { field: 'handle', code: 'handle_taken', message: `@${handle} is already in the team` },
    ]);
  }
  const person = await insertPerson(deps, team, {
    name,
    handle,
    roles,
    addresses: req.address ? [req.address] : [],
    timezone: req.timezone ?? team.timezone,
    locale: pickLocale(req.locale, team.locale),
    localeChosen: req.locale !== undefined,
    timezoneChosen: req.timezone !== undefined,
    key: `member:${handle}`,
    now: ctx.now,
    ...(tg ? { telegramUsername: tg } : {}),
    ...(req.email ? { email: normalizeEmail(req.email) } : {}),
    ...(req.weight !== undefined ? { weight: req.weight } : {}),
    ...(req.cap !== undefined ? { cap: req.cap } : {}),
  });
  if (req.address) {
    await deps.notifier.notify([
      {
        key: `welcome:${person.id}`,
        to: { personId: person.id },
        body: { kind: 'welcome', personId: person.id },
      },
    ]);
  }
  // A new AE may take leads waiting in the queue.
  if (roles.includes('ae')) await pickupSoon(deps, team.id, ctx.now);
  return person;
}

export type MemberPatch = {
  roles?: string[];
  weight?: number;
  cap?: number | null;
  active?: boolean;
  timezone?: string;
  locale?: string;
  workingHours?: WorkingHours;
  /** Adds an out-of-office period. */
  outOfOffice?: OutOfOffice;
  /** Removes all out-of-office periods that have not ended. */
  clearOutOfOffice?: boolean;
  name?: string;
};

/**
 * `/team …` changes to a member. Managers change anyone in their team; anyone may change their
 * own locale, time zone, working hours and out-of-office.
 */
export async function updateMember(
  deps: CoreDeps,
  req: { personId: string; patch: MemberPatch },
  ctx: Ctx,
): Promise<Person> {
  const { actor, team } = await actorFor(deps, ctx);
  const target = await deps.stores.people.get(req.personId);
  if (!target || target.teamId !== team.id)
    throw new BatonError('UNKNOWN_PERSON', 'no such person in the team', { personId: req.personId });
  const p = req.patch;
  const selfService = ['timezone', 'locale', 'workingHours', 'outOfOffice', 'clearOutOfOffice'] as const;
  const onlySelf = Object.keys(p).every((k) => (selfService as readonly string[]).includes(k));
  if (!(onlySelf && target.id === actor.id)) assertCan(actor, 'team.manage');
  const issues: FieldIssue[] = [];
  const out: Partial<Person> = {};
  if (p.roles) {
    const roles = validateRoles(p.roles);
    if (roles.includes('admin') !== target.roles.includes('admin')) assertCan(actor, 'team.manage_admins');
    out.roles = roles;
  }
  if (p.weight !== undefined) {
    if (!(p.weight > 0 && p.weight <= 10))
      issues.push({ field: 'weight', code: 'invalid_weight', message: 'must be above 0 and at most 10' });
    else out.weight = p.weight;
  }
  if (p.cap !== undefined) {
    if (p.cap !== null && !(Number.isInteger(p.cap) && p.cap >= 0 && p.cap <= 1000))
      issues.push({ field: 'cap', code: 'invalid_cap', message: 'must be a whole number from 0 to 1000' });
    else out.cap = p.cap;
  }
  if (p.active !== undefined) {
    if (!p.active && target.id === actor.id)
      issues.push({ field: 'active', code: 'self_deactivate', message: 'you cannot deactivate yourself' });
    else out.active = p.active;
  }
  if (await removesLastAdmin(deps, target, out))
    issues.push({
      field: out.active === false ? 'active' : 'roles',
      code: 'last_admin',
      message: 'the team needs an active admin: make someone else an admin first',
    });
  if (p.timezone !== undefined) {
    if (!IANAZone.isValidZone(p.timezone))
      issues.push({ field: 'timezone', code: 'invalid_timezone', message: 'is not an IANA time zone' });
    else {
      out.timezone = p.timezone;
      out.timezoneChosen = true;
    }
  }
  if (p.locale !== undefined) {
    if (!isLocale(p.locale))
      issues.push({ field: 'locale', code: 'invalid_locale', message: 'must be en or ru' });
    else {
      out.locale = p.locale;
      out.localeChosen = true;
    }
  }
  if (p.name !== undefined) {
    const name = p.name.trim();
    if (!name || name.length > 80)
      issues.push({ field: 'name', code: 'required', message: 'is required (at most 80 characters)' });
    else out.name = name;
  }
  if (p.workingHours) {
    const wh = p.workingHours;
    const okDays = wh.days.length > 0 && wh.days.every((d) => Number.isInteger(d) && d >= 1 && d <= 7);
    const okTimes =
      timeOfDaySchema.safeParse(wh.start).success &&
      timeOfDaySchema.safeParse(wh.end).success &&
      wh.start < wh.end;
    if (!okDays || !okTimes)
      issues.push({
        field: 'workingHours',
        code: 'invalid_hours',
        message: 'give days and a start before the end, e.g. Mon-Fri 09:00-18:00',
      });
    else out.workingHours = { days: [...new Set(wh.days)].sort(), start: wh.start, end: wh.end };
  }
  let ooo = target.outOfOffice.filter((o) => new Date(o.until).getTime() > ctx.now.getTime());
  if (p.clearOutOfOffice) ooo = [];
  if (p.outOfOffice) {
    const { from, until } = p.outOfOffice;
    if (
      !(from instanceof Date) ||
      !(until instanceof Date) ||
      Number.isNaN(from.getTime()) ||
      Number.isNaN(until.getTime()) ||
      until <= from
    ) {
      issues.push({
        field: 'outOfOffice',
        code: 'invalid_period',
        message: 'give a period that ends after it starts',
      });
    } else if (until.getTime() <= ctx.now.getTime()) {
      issues.push({ field: 'outOfOffice', code: 'in_past', message: 'the period has already ended' });
    } else
      ooo = [
        ...ooo,
        { from, until, ...(p.outOfOffice.note ? { note: p.outOfOffice.note.slice(0, 200) } : {}) },
      ];
  }
  if (p.outOfOffice || p.clearOutOfOffice) out.outOfOffice = ooo;
  if (issues.length) throw validationError(issues);
  const updated = await deps.stores.people.update(target.id, out);
  // Back from leave, on shift, a higher cap, active again, an AE now: queued leads may go out.
  if (hasRole(updated, 'ae') || hasRole(target, 'ae')) await pickupSoon(deps, team.id, ctx.now);
  return updated;
}

/**
 * True when the change takes the admin role (or activity) from the team's only active admin:
 * nobody could then add people or name another admin (the operator CLI's `admin set` is the way
 * back). Deactivating yourself is refused on its own.
 */
async function removesLastAdmin(deps: CoreDeps, target: Person, out: Partial<Person>): Promise<boolean> {
  if (!target.active || !target.roles.includes('admin')) return false;
  const staysAdmin = (out.roles ?? target.roles).includes('admin') && out.active !== false;
  if (staysAdmin) return false;
  const admins = await deps.stores.people.listTeam(target.teamId, { activeOnly: true });
  return !admins.some((p) => p.id !== target.id && p.roles.includes('admin'));
}
