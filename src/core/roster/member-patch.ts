import type { FieldIssue } from '../errors.js';
import { assertCan } from './permissions.js';
import type { OutOfOffice, Person, WorkingHours } from './person.js';
import { LOCALE_ISSUE, memberValueIssue, validateRoles } from './roster-shared.js';
import { isLocale, timeOfDaySchema } from './team.js';

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

/** The fields anyone may change on themselves; every other field is a manager's. */
export const SELF_SERVICE = [
  'timezone',
  'locale',
  'workingHours',
  'outOfOffice',
  'clearOutOfOffice',
] as const;

/** What a patch changes, and what is wrong with it (reported together, every field at once). */
export type Checked = { out: Partial<Person>; issues: FieldIssue[] };

/**
 * How the person takes part in the team: roles (only admins grant or take the admin role),
 * routing weight, cap, and whether they are active (nobody deactivates themselves).
 */
export function teamChanges(actor: Person, target: Person, p: MemberPatch): Checked {
  const issues: FieldIssue[] = [];
  const out: Partial<Person> = {};
  if (p.roles) {
    const roles = validateRoles(p.roles);
    if (roles.includes('admin') !== target.roles.includes('admin')) assertCan(actor, 'team.manage_admins');
    out.roles = roles;
  }
  if (p.weight !== undefined) {
    const bad = memberValueIssue.weight(p.weight);
    if (bad) issues.push(bad);
    else out.weight = p.weight;
  }
  if (p.cap !== undefined) {
    const bad = memberValueIssue.cap(p.cap);
    if (bad) issues.push(bad);
    else out.cap = p.cap;
  }
  if (p.active !== undefined) {
    if (!p.active && target.id === actor.id)
      issues.push({ field: 'active', code: 'self_deactivate', message: 'you cannot deactivate yourself' });
    else out.active = p.active;
  }
  return { out, issues };
}

/** The person's own settings: time zone, language, name, working hours and out-of-office. */
export function profileChanges(target: Person, p: MemberPatch, now: Date): Checked {
  const issues: FieldIssue[] = [];
  const out: Partial<Person> = {};
  if (p.timezone !== undefined) {
    const bad = memberValueIssue.timezone(p.timezone);
    if (bad) issues.push(bad);
    else {
      out.timezone = p.timezone;
      out.timezoneChosen = true;
    }
  }
  if (p.locale !== undefined) {
    if (!isLocale(p.locale)) issues.push({ ...LOCALE_ISSUE });
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
    const hours = workingHoursOf(p.workingHours);
    if (!hours)
      issues.push({
        field: 'workingHours',
        code: 'invalid_hours',
        message: 'give days and a start before the end, e.g. Mon-Fri 09:00-18:00',
      });
    else out.workingHours = hours;
  }
  if (p.outOfOffice || p.clearOutOfOffice) {
    const ooo = outOfOfficeAfter(target, p, now);
    if ('issue' in ooo) issues.push(ooo.issue);
    out.outOfOffice = ooo.periods;
  }
  return { out, issues };
}

/** Working hours with their days deduplicated and sorted; undefined when they make no sense. */
function workingHoursOf(wh: WorkingHours): WorkingHours | undefined {
  const okDays = wh.days.length > 0 && wh.days.every((d) => Number.isInteger(d) && d >= 1 && d <= 7);
  const okTimes =
    timeOfDaySchema.safeParse(wh.start).success &&
    timeOfDaySchema.safeParse(wh.end).success &&
    wh.start < wh.end;
  if (!okDays || !okTimes) return undefined;
  return { days: [...new Set(wh.days)].sort(), start: wh.start, end: wh.end };
}

/**
 * The person's out-of-office periods after the patch: those that have ended are dropped,
 * `clearOutOfOffice` drops the rest, and `outOfOffice` adds one that ends after it starts and
 * after now.
 */
function outOfOfficeAfter(
  target: Person,
  p: MemberPatch,
  now: Date,
): { periods: OutOfOffice[] } | { periods: OutOfOffice[]; issue: FieldIssue } {
  let periods = target.outOfOffice.filter((o) => new Date(o.until).getTime() > now.getTime());
  if (p.clearOutOfOffice) periods = [];
  if (!p.outOfOffice) return { periods };
  const { from, until } = p.outOfOffice;
  if (
    !(from instanceof Date) ||
    !(until instanceof Date) ||
    Number.isNaN(from.getTime()) ||
    Number.isNaN(until.getTime()) ||
    until <= from
  ) {
    return {
      periods,
      issue: {
        field: 'outOfOffice',
        code: 'invalid_period',
        message: 'give a period that ends after it starts',
      },
    };
  }
  if (until.getTime() <= now.getTime())
    return {
      periods,
      issue: { field: 'outOfOffice', code: 'in_past', message: 'the period has already ended' },
    };
  const note = p.outOfOffice.note ? { note: p.outOfOffice.note.slice(0, 200) } : {};
  return { periods: [...periods, { from, until, ...note }] };
}
