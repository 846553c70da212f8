import type { SkipReason } from '../leads/lead.js';
import { hasRole, outOfOfficeAt, type Person, type Role } from '../roster/person.js';
import { isWorkingTime } from '../time.js';

export type EligibilityInput = {
  people: readonly Person[];
  role: Extract<Role, 'ae' | 'am'>;
  now: Date;
  /** Open load per person (leads for AEs, accounts for AMs). */
  load: ReadonlyMap<string, number>;
  withinWorkingHours: boolean;
};

export type Eligibility = {
  eligible: Person[];
  skipped: { personId: string; reason: SkipReason }[];
};

/**
 * Who may receive the next lead (or account) right now, and why each other member of the role
 * is skipped: out of office, at their cap, outside working hours, already offered.
 * Inactive people are not in the rotation at all and are not listed.
 */
export function assessEligibility(input: EligibilityInput): Eligibility {
  const eligible: Person[] = [];
  const skipped: Eligibility['skipped'] = [];
  for (const p of input.people) {
    if (!p.active || !hasRole(p, input.role) || p.weight <= 0) continue;
    const ooo = outOfOfficeAt(p, input.now);
    if (ooo) {
      skipped.push({ personId: p.id, reason: { code: 'out_of_office', until: ooo.until } });
      continue;
    }
    const open = input.load.get(p.id) ?? 0;
    if (p.cap !== null && open >= p.cap) {
      skipped.push({ personId: p.id, reason: { code: 'at_cap', open, cap: p.cap } });
      continue;
    }
    if (input.withinWorkingHours && !isWorkingTime({ timezone: p.timezone, ...p.workingHours }, input.now)) {
      skipped.push({
        personId: p.id,
        reason: {
          code: 'outside_hours',
          start: p.workingHours.start,
          end: p.workingHours.end,
          timezone: p.timezone,
        },
      });
      continue;
    }
    eligible.push(p);
  }
  return { eligible, skipped };
}
