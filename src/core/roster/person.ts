import type { Locale } from './team.js';

export const ROLES = ['sdr', 'ae', 'am', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * A platform-neutral address: `slack:<team>:<user>`, `telegram:<user id>`, `console:<handle>`.
 * One person may have several (a Slack and a Telegram account).
 */
export type Address = string;
export type Platform = 'slack' | 'telegram' | 'console';

export function platformOf(address: Address): Platform {
  const p = address.split(':', 1)[0];
  if (p === 'slack' || p === 'telegram' || p === 'console') return p;
  throw new Error(`not an address: ${address}`);
}

export type OutOfOffice = { from: Date; until: Date; note?: string };

export type WorkingHours = {
  /** ISO weekdays, 1 = Monday. */
  days: number[];
  start: string;
  end: string;
};

export type Person = {
  id: string;
  teamId: string;
  name: string;
  /** Handle shown and typed in chat (`@anna`), unique within the team. */
  handle: string;
  addresses: Address[];
  roles: Role[];
  timezone: string;
  locale: Locale;
  /** The person (or a manager) chose the language; until then it follows their chat client. */
  localeChosen?: boolean;
  /** The time zone was chosen; until then it follows their chat profile (Slack) when known. */
  timezoneChosen?: boolean;
  workingHours: WorkingHours;
  outOfOffice: OutOfOffice[];
  /** Share of the rotation: 1 = one turn per round, 0.5 = every other round, 2 = two per round. */
  weight: number;
  /** Most open leads (AE) or active accounts (AM) at once; null = no cap. */
  cap: number | null;
  active: boolean;
  /** Telegram @username a manager registered before the person ran /start (lower case, no @). */
  telegramUsername?: string;
  email?: string;
  createdAt: Date;
  demo?: boolean;
};

/** How a person is shown outside Baton (the intake API, webhooks): handle, name, email if known. */
export function publicPerson(p: Pick<Person, 'handle' | 'name' | 'email'>): {
  handle: string;
  name: string;
  email?: string;
} {
  return { handle: p.handle, name: p.name, ...(p.email ? { email: p.email } : {}) };
}

export function hasRole(person: Pick<Person, 'roles'>, role: Role): boolean {
  return person.roles.includes(role);
}

/** The person's out-of-office period covering `at`, if any. */
export function outOfOfficeAt(person: Pick<Person, 'outOfOffice'>, at: Date): OutOfOffice | undefined {
  return person.outOfOffice.find((o) => o.from.getTime() <= at.getTime() && at.getTime() < o.until.getTime());
}

/** Normalises a chat handle: lower case, without the leading @. */
export function normalizeHandle(handle: string): string {
  return handle.trim().replace(/^@/, '').toLowerCase();
}
