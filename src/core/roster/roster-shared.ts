/** Pieces shared by the roster use cases: arrivals, roles, new people. */
import { IANAZone } from 'luxon';
import { validationError, type FieldIssue } from '../errors.js';
import { idFromKey } from '../ids.js';
import { normalizeHandle, ROLES, type Person, type Role } from './person.js';
import { isLocale, MUST_BE_LOCALE, type Locale, type Team } from './team.js';
import type { CoreDeps } from '../shared/deps.js';

/** How someone reaches the bot, with what the platform tells us about them. */
export type Arrival = {
  address: string;
  name?: string;
  username?: string;
  locale?: string;
  timezone?: string;
};

export const HANDLE_RE = /^[a-z0-9][a-z0-9._-]{0,31}$/;

const issue = (field: string, code: string, message: string): FieldIssue => ({ field, code, message });

/**
 * The rule for each value a member is given, whether on arrival (`addMember`) or later
 * (`updateMember`): the issue a bad value raises, or undefined. One rule each, so `/team add …
 * weight=` and `/team weight` cannot disagree.
 */
export const memberValueIssue = {
  weight: (w: number) =>
    w > 0 && w <= 10 ? undefined : issue('weight', 'invalid_weight', 'must be above 0 and at most 10'),
  /** null: no cap. */
  cap: (c: number | null) =>
    c === null || (Number.isInteger(c) && c >= 0 && c <= 1000)
      ? undefined
      : issue('cap', 'invalid_cap', 'must be a whole number from 0 to 1000'),
  timezone: (zone: string) =>
    IANAZone.isValidZone(zone) ? undefined : issue('timezone', 'invalid_timezone', 'is not an IANA time zone'),
  locale: (code: string) => (isLocale(code) ? undefined : { ...LOCALE_ISSUE }),
};

/** A language Baton does not speak (`isLocale` is the rule; callers that narrow use it). */
export const LOCALE_ISSUE: FieldIssue = issue('locale', 'invalid_locale', MUST_BE_LOCALE);

export function pickZone(raw: string | undefined, fallback: string): string {
  return raw && IANAZone.isValidZone(raw) ? raw : fallback;
}

export function handleFrom(arrival: Arrival): string {
  const base = normalizeHandle(arrival.username ?? arrival.name ?? 'admin')
    .replace(/[^a-z0-9._-]+/g, '.')
    .replace(/^[._-]+/, '')
    .slice(0, 32);
  return base || 'admin';
}

export function validateRoles(roles: string[]): Role[] {
  const out = [...new Set(roles.map((r) => r.trim().toLowerCase()))];
  const bad = out.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (bad.length || !out.length) {
    throw validationError([
      {
        field: 'roles',
        code: bad.length ? 'unknown_role' : 'required',
        message: bad.length
          ? `unknown role ${bad.join(', ')} (use ${ROLES.join(', ')})`
          : 'give at least one role',
        params: { allowed: ROLES, bad },
      },
    ]);
  }
  return out as Role[];
}

export async function insertPerson(
  deps: CoreDeps,
  team: Team,
  p: {
    name: string;
    handle: string;
    roles: Role[];
    addresses: string[];
    timezone: string;
    locale: Locale;
    key: string;
    now: Date;
    telegramUsername?: string;
    email?: string;
    weight?: number;
    cap?: number | null;
    localeChosen?: boolean;
    timezoneChosen?: boolean;
  },
): Promise<Person> {
  const person: Person = {
    id: idFromKey('per', `${team.id}:${p.key}`),
    teamId: team.id,
    name: p.name,
    handle: p.handle,
    addresses: p.addresses,
    roles: p.roles,
    timezone: p.timezone,
    locale: p.locale,
    ...(p.localeChosen ? { localeChosen: true } : {}),
    ...(p.timezoneChosen ? { timezoneChosen: true } : {}),
    workingHours: { days: [...team.workingDays], start: team.workday.start, end: team.workday.end },
    outOfOffice: [],
    weight: p.weight ?? 1,
    cap: p.cap ?? null,
    active: true,
    ...(p.telegramUsername ? { telegramUsername: p.telegramUsername } : {}),
    ...(p.email ? { email: p.email } : {}),
    createdAt: p.now,
    ...(team.demo ? { demo: true } : {}),
  };
  await deps.stores.people.insert(person);
  return (await deps.stores.people.get(person.id)) ?? person;
}
