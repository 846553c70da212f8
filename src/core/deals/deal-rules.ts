import { DateTime } from 'luxon';
import { BatonError, validationError, type FieldIssue } from '../errors.js';
import type { Lead } from '../leads/lead.js';
import { assertTransition } from '../leads/lifecycle.js';
import { isKnownCurrency, type Money } from '../money.js';
import { isManager } from '../roster/permissions.js';
import type { Person } from '../roster/person.js';
import type { Team } from '../roster/team.js';
import { daysUntil } from '../time.js';

export type WonInput = { value: Money; termMonths: number; startDate: string; note?: string };

/**
 * How far back a contract may start (late paperwork). Further back, its renewal nudges would all
 * be due at once, or its renewal already past: almost always a typo (2019 for 2029), so refused.
 */
export const START_GRACE_DAYS = 14;

/** A won deal's value, term and start date; refused with every problem at once. */
export function validateWon(input: WonInput, team: Team, now: Date): void {
  const issues: FieldIssue[] = [];
  if (!Number.isSafeInteger(input.value.amount) || input.value.amount <= 0) {
    issues.push({ field: 'amount', code: 'invalid_amount', message: 'must be an amount above zero' });
  }
  if (!isKnownCurrency(input.value.currency)) {
    issues.push({
      field: 'currency',
      code: 'invalid_currency',
      message: 'is not a 3-letter ISO currency code',
    });
  }
  if (!Number.isInteger(input.termMonths) || input.termMonths < 1 || input.termMonths > 120) {
    issues.push({ field: 'termMonths', code: 'invalid_term', message: 'must be 1 to 120 months' });
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.startDate) || !DateTime.fromISO(input.startDate).isValid) {
    issues.push({ field: 'startDate', code: 'invalid_date', message: 'is not a date such as 2026-12-01' });
  } else if (daysUntil(input.startDate, now, team.timezone) < -START_GRACE_DAYS) {
    const earliest = DateTime.fromJSDate(now, { zone: team.timezone })
      .minus({ days: START_GRACE_DAYS })
      .toISODate()!;
    issues.push({
      field: 'startDate',
      code: 'start_too_early',
      message: `is more than ${START_GRACE_DAYS} days ago: give ${earliest} or later`,
      params: { date: earliest, value: input.startDate },
    });
  }
  if (issues.length) throw validationError(issues);
}

function assertOwnerOrManager(actor: Person, lead: Lead): void {
  if (!isManager(actor) && lead.ownerId !== actor.id) {
    throw new BatonError('NOT_LEAD_OWNER', 'only the lead’s AE or a manager can record the deal', {
      needed: ['manager'],
    });
  }
}

/** Who may record a deal's outcome on this lead, and whether the lead is at that point. */
export function assertMayRecordDeal(actor: Person, lead: Lead, outcome: 'won' | 'lost'): void {
  assertOwnerOrManager(actor, lead);
  assertTransition(lead.status, outcome, outcome === 'won' ? 'record a won deal' : 'record a lost deal');
}

/** The team's loss reason that `given` names (any case; spaces and dashes stand for underscores). */
export function lossReasonOf(team: Team, given: string): string {
  const wanted = given
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  const reason = team.lossReasons.find((r) => r.toLowerCase() === wanted);
  if (!reason) {
    throw validationError([
      {
        field: 'reason',
        code: 'unknown_reason',
        message: 'is not one of the team’s loss reasons',
        params: { allowed: team.lossReasons },
      },
    ]);
  }
  return reason;
}
