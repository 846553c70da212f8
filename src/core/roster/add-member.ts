import { BatonError, isBatonError, validationError, type FieldIssue } from '../errors.js';
import { isEmail, normalizeEmail } from '../leads/normalize.js';
import type { Ctx } from '../ports.js';
import { assertCan } from './permissions.js';
import { normalizeHandle, type Person } from './person.js';
import { localeFromTag } from './team.js';
import { actorFor } from '../shared/actor.js';
import { pickupSoon } from '../leads/pickup-timers.js';
import type { CoreDeps } from '../shared/deps.js';
import { HANDLE_RE, insertPerson, memberValueIssue, validateRoles } from './roster-shared.js';

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
  const check = memberValueIssue;
  const found = [
    req.timezone ? check.timezone(req.timezone) : undefined,
    req.locale !== undefined ? check.locale(req.locale) : undefined,
    req.weight !== undefined ? check.weight(req.weight) : undefined,
    req.cap !== undefined ? check.cap(req.cap) : undefined,
  ];
  return [...issues, ...found.filter((i) => i !== undefined)];
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
    locale: localeFromTag(req.locale, team.locale),
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
