// The month test's model of a team: who is in it (roles, zones, hours, caps, leave, active), the
// leads (who owns each, or nobody yet; won, lost) and the settings routing depends on. It knows
// nothing of the app: commands update it from what the team did, and invariants compare.
import { DateTime } from 'luxon';

export type Hours = { days: number[]; start: string; end: string };

export type MPerson = {
  handle: string;
  roles: string[];
  zone: string;
  /** Working hours over time: the hours in force from `from` on. */
  hours: { from: number; hours: Hours }[];
  cap: number | null;
  /** Leave as stored (start inclusive, end exclusive). */
  ooo: { from: number; until: number }[];
  deactivatedAt?: number;
};

export type MLead = {
  n: number;
  company: string;
  createdAt: number;
  /** Nobody owns it yet (offered or waiting in the queue), an AE owns it, or it is closed. */
  state: 'unowned' | 'owned' | 'won' | 'lost';
  owner?: string;
  closedAt?: number;
  /** When it first got an owner (a claim or a manager's assignment). */
  claimedAt?: number;
  meeting?: { startsAt: number; held: boolean };
};

export type Model = {
  people: Map<string, MPerson>;
  leads: MLead[];
  /** Route only within working hours, over time: the setting in force from `from` on. */
  routeHours: { from: number; on: boolean }[];
  accounts: { company: string; wonAt: number }[];
  /** The team's zone over time (its digests, windows and working time follow it). */
  teamZone: { from: number; zone: string }[];
};

export const TEAM_ZONE = 'Europe/Berlin';
export const DEFAULT_HOURS: Hours = { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' };

/** The team the month starts with (added through /team add). */
export const ROSTER: { name: string; handle: string; roles: string[]; zone: string; cap?: number }[] = [
  { name: 'Sam Rivera', handle: 'sam', roles: ['sdr'], zone: 'America/New_York' },
  { name: 'Anna Novak', handle: 'anna', roles: ['ae'], zone: 'Europe/Berlin' },
  { name: 'Ben Okafor', handle: 'ben', roles: ['ae'], zone: 'America/New_York', cap: 2 },
  { name: 'Carlos Diaz', handle: 'carlos', roles: ['ae'], zone: 'Asia/Tokyo' },
  { name: 'Dora Lee', handle: 'dora', roles: ['ae', 'am'], zone: 'Europe/London' },
  { name: 'Fiona Walsh', handle: 'fiona', roles: ['am'], zone: 'Europe/London' },
];
export const AES = ROSTER.filter((p) => p.roles.includes('ae')).map((p) => p.handle);
export const MANAGER = 'maria';
export const SDR = 'sam';

export function initialModel(at: number): Model {
  const people = new Map<string, MPerson>();
  people.set(MANAGER, {
    handle: MANAGER,
    roles: ['admin', 'manager'],
    zone: TEAM_ZONE,
    hours: [{ from: at, hours: DEFAULT_HOURS }],
    cap: null,
    ooo: [],
  });
  for (const p of ROSTER)
    people.set(p.handle, {
      handle: p.handle,
      roles: p.roles,
      zone: p.zone,
      hours: [{ from: at, hours: DEFAULT_HOURS }],
      cap: p.cap ?? null,
      ooo: [],
    });
  return {
    people,
    leads: [],
    routeHours: [{ from: at, on: false }],
    accounts: [],
    teamZone: [{ from: at, zone: TEAM_ZONE }],
  };
}

export function activeAes(m: Model): MPerson[] {
  return [...m.people.values()].filter((p) => p.roles.includes('ae') && p.deactivatedAt === undefined);
}

/** The value of a setting history at `at`. */
export function inForce<T extends { from: number }>(history: T[], at: number): T {
  return [...history].reverse().find((h) => h.from <= at) ?? history[0]!;
}

/** Whether `at` is inside the hours (computed here, independently of the app's own helper). */
export function withinHours(hours: Hours, zone: string, at: number): boolean {
  const local = DateTime.fromMillis(at, { zone });
  if (!hours.days.includes(local.weekday)) return false;
  const hm = local.toFormat('HH:mm');
  return hm >= hours.start && hm < hours.end;
}

export function openLeads(m: Model): MLead[] {
  return m.leads.filter((l) => l.state === 'unowned' || l.state === 'owned');
}

/** The team's zone at `at`. */
export function zoneAt(m: Model, at: number): string {
  return inForce(m.teamZone, at).zone;
}
