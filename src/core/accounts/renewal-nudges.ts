import { DateTime } from 'luxon';
import { renewalNudgedNotice } from '../webhooks/derive.js';
import type { Account } from './account.js';
import { accountNotFound } from './account-refs.js';
import type { Ctx } from '../ports.js';
import type { Team } from '../roster/team.js';
import { daysUntil, minutesOfDay } from '../time.js';
import { teamOf } from '../shared/actor.js';
import type { CoreDeps } from '../shared/deps.js';
import { mutate, runEffects, type Decision, type Effects } from '../shared/mutate.js';

/** Days after a nudge without any action before a manager is told (once per period). */
export const RENEWAL_ESCALATE_AFTER_DAYS = 3;

/**
 * Nudge timers for the account's current period: at the team's digest time, `offset` days
 * before the end date, for every offset still in the future.
 */
export function renewalTimers(team: Team, account: Account, now: Date): NonNullable<Effects['timers']> {
  const out: NonNullable<Effects['timers']> = [];
  const end = DateTime.fromISO(account.contract.endDate, { zone: team.timezone });
  const minutes = minutesOfDay(team.digestTime);
  const offsets = [...team.renewalOffsetsDays].sort((a, b) => b - a);
  let firstPast = true;
  for (const offsetDays of offsets) {
    const at = end.minus({ days: offsetDays }).startOf('day').plus({ minutes }).toJSDate();
    const timer = {
      kind: 'renewals.nudge' as const,
      accountId: account.id,
      periodEnd: account.contract.endDate,
      offsetDays,
    };
    if (at.getTime() <= now.getTime()) {
      // A contract that starts inside the window still gets one nudge (the latest offset passed),
      // unless its last day is already behind: that renewal is past, not due.
      if (
        firstPast &&
        daysUntil(account.contract.endDate, now, team.timezone) >= 0 &&
        offsets.every((o) => end.minus({ days: o }).toJSDate().getTime() <= now.getTime())
      ) {
        firstPast = false;
        out.push({ timer, at: now });
      }
      continue;
    }
    out.push({ timer, at });
  }
  return out;
}

/** Days from today (in the team's calendar) to the contract's last day; readers count in their own. */
function daysLeft(account: Account, now: Date, tz: string): number {
  return daysUntil(account.contract.endDate, now, tz);
}

/** The account is active and nobody has acted on the renewal of the period ending `periodEnd`. */
function awaitingRenewal(account: Account, periodEnd: string): boolean {
  return (
    account.status === 'active' &&
    account.contract.endDate === periodEnd &&
    account.renewalState === 'pending'
  );
}

/** Renewal nudge timer: the AM is nudged unless they already acted for this period. */
export async function nudgeRenewal(
  deps: CoreDeps,
  req: { accountId: string; periodEnd: string; offsetDays: number },
  ctx: Ctx,
): Promise<boolean> {
  const account = await deps.stores.accounts.get(req.accountId);
  if (!account || !awaitingRenewal(account, req.periodEnd)) return false;
  const team = await teamOf(deps, account.teamId);
  const left = daysLeft(account, ctx.now, team.timezone);
  // The period already ended (a late timer, a contract stored long after it ran out): no nudge
  // as if it were due; it counts as overdue in the digests.
  if (left < 0) return false;
  // No AM (or one who left without handing the account on): the managers are nudged instead.
  const am = account.amId ? await deps.stores.people.get(account.amId) : null;
  const to = am?.active ? { personId: am.id } : { managersOf: team.id };
  await runEffects(deps, {
    notices: [
      {
        key: `renewal:${account.id}:${req.periodEnd}:${req.offsetDays}`,
        to,
        body: {
          kind: 'renewal.nudge',
          accountId: account.id,
          periodEnd: req.periodEnd,
          daysLeft: left,
          at: ctx.now.toISOString(),
        },
      },
      renewalNudgedNotice(account, req.periodEnd, req.offsetDays, left, ctx.now),
    ],
    timers: [
      {
        timer: { kind: 'renewals.escalate', accountId: account.id, periodEnd: req.periodEnd },
        at: DateTime.fromJSDate(ctx.now).plus({ days: RENEWAL_ESCALATE_AFTER_DAYS }).toJSDate(),
      },
    ],
  });
  return true;
}

/** Unanswered nudges escalate to the managers, once per contract period. */
export async function escalateRenewal(
  deps: CoreDeps,
  req: { accountId: string; periodEnd: string },
  ctx: Ctx,
): Promise<boolean> {
  const account = await deps.stores.accounts.get(req.accountId);
  if (!account || !awaitingRenewal(account, req.periodEnd)) return false;
  if (account.escalatedFor === req.periodEnd) return false;
  const team = await teamOf(deps, account.teamId);
  const { value } = await mutate(
    deps,
    deps.stores.accounts,
    account.id,
    `${account.id}|escalate:${req.periodEnd}`,
    (current): Decision<Account> => {
      if (
        current.renewalState !== 'pending' ||
        current.contract.endDate !== req.periodEnd ||
        current.escalatedFor === req.periodEnd
      )
        return null;
      return {
        next: { ...current, escalatedFor: req.periodEnd, updatedAt: ctx.now },
        event: {
          type: 'renewal.escalated',
          source: ctx.source,
          at: ctx.now,
          data: { periodEnd: req.periodEnd },
        },
        effects: {
          notices: [
            {
              key: `renewal:${current.id}:${req.periodEnd}:escalated`,
              to: { managersOf: current.teamId },
              body: {
                kind: 'renewal.escalated',
                accountId: current.id,
                periodEnd: req.periodEnd,
                daysLeft: daysLeft(current, ctx.now, team.timezone),
                at: ctx.now.toISOString(),
              },
            },
          ],
        },
      };
    },
    accountNotFound(account.id),
  );
  return value.escalatedFor === req.periodEnd;
}
