import { DateTime } from 'luxon';
import type { Account, ContractPeriod, RenewalAction } from './account.js';
import { BatonError, validationError } from '../errors.js';
import { isKnownCurrency } from '../money.js';
import type { Ctx } from '../ports.js';
import { isManager } from '../roster/permissions.js';
import type { Person } from '../roster/person.js';
import type { Team } from '../roster/team.js';
import { daysUntil, minutesOfDay } from '../time.js';
import { actorFor, teamOf } from '../shared/actor.js';
import type { CoreDeps } from '../shared/deps.js';
import { mutate, runEffects, type Decision, type Effects } from '../shared/mutate.js';

/** Days after a nudge without any action before a manager is told (once per period). */
export const RENEWAL_ESCALATE_AFTER_DAYS = 3;

const accountNotFound = (id: string) => () =>
  new BatonError('ACCOUNT_NOT_FOUND', `account ${id} not found`, { accountId: id });

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
    if (at.getTime() <= now.getTime()) {
      // A contract that starts inside the window still gets one nudge (the latest offset passed),
      // unless its last day is already behind: that renewal is past, not due.
      if (
        firstPast &&
        daysUntil(account.contract.endDate, now, team.timezone) >= 0 &&
        offsets.every((o) => end.minus({ days: o }).toJSDate().getTime() <= now.getTime())
      ) {
        firstPast = false;
        out.push({
          timer: {
            kind: 'renewal.nudge',
            accountId: account.id,
            periodEnd: account.contract.endDate,
            offsetDays,
          },
          at: now,
        });
      }
      continue;
    }
    out.push({
      timer: {
        kind: 'renewal.nudge',
        accountId: account.id,
        periodEnd: account.contract.endDate,
        offsetDays,
      },
      at,
    });
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
    ],
    timers: [
      {
        timer: { kind: 'renewal.escalate', accountId: account.id, periodEnd: req.periodEnd },
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

function validateAction(action: RenewalAction): void {
  const issues = [];
  if (action.kind === 'renewed' || action.kind === 'upsold') {
    const m = action.kind === 'renewed' ? action.value : action.added;
    if (!Number.isSafeInteger(m.amount) || m.amount <= 0)
      issues.push({ field: 'amount', code: 'invalid_amount', message: 'must be an amount above zero' });
    if (!isKnownCurrency(m.currency))
      issues.push({
        field: 'currency',
        code: 'invalid_currency',
        message: 'is not a 3-letter ISO currency code',
      });
    if (
      action.termMonths !== undefined &&
      (!Number.isInteger(action.termMonths) || action.termMonths < 1 || action.termMonths > 120)
    ) {
      issues.push({ field: 'termMonths', code: 'invalid_term', message: 'must be 1 to 120 months' });
    }
  }
  if (action.kind === 'churned' && !action.reason.trim())
    issues.push({ field: 'reason', code: 'required', message: 'is required' });
  if (issues.length) throw validationError(issues);
}

/**
 * Whether `actor` may record `kind` for the period ending `periodEnd`: the account's AM or a
 * manager, and nobody decided that period yet. The state named in a refusal is what was decided
 * for that period (its renewal record), not the state of the period after it.
 */
function assertRenewalOpen(
  actor: Person,
  current: Account,
  periodEnd: string,
  kind: RenewalAction['kind'],
): void {
  if (!isManager(actor) && current.amId !== actor.id) {
    throw new BatonError('NOT_ALLOWED', 'only the account’s AM or a manager can record its renewal', {
      needed: ['am', 'manager'],
    });
  }
  const decided =
    current.status !== 'active' ||
    current.contract.endDate !== periodEnd ||
    !['pending', 'on_it'].includes(current.renewalState);
  if (decided || (kind === 'on_it' && current.renewalState === 'on_it')) {
    const record = current.renewals.find((r) => r.periodEnd === periodEnd);
    throw new BatonError('RENEWAL_ALREADY_RECORDED', 'this renewal was already recorded', {
      state: record?.action ?? (current.status === 'churned' ? 'churned' : current.renewalState),
      periodEnd: current.contract.endDate,
    });
  }
}

/**
 * The checks of {@link recordRenewal} without the change, before a Renewed / Upsold / Churned
 * form opens: the person may record it and the period is still undecided.
 */
export async function checkRecordRenewal(
  deps: CoreDeps,
  req: { accountId: string; periodEnd: string; kind: RenewalAction['kind'] },
  ctx: Ctx,
): Promise<Account> {
  const { actor, team } = await actorFor(deps, ctx, 'renewal.record');
  const account = await deps.stores.accounts.get(req.accountId);
  if (!account || account.teamId !== team.id) throw accountNotFound(req.accountId)();
  assertRenewalOpen(actor, account, req.periodEnd, req.kind);
  return account;
}

/**
 * The AM acts on a renewal: on it (stops the nudges), renewed (new value, a new period starts),
 * upsold (value added, a new period starts) or churned. `periodEnd` ties a button to the period
 * it was sent for, so a late or second click is RENEWAL_ALREADY_RECORDED.
 */
export async function recordRenewal(
  deps: CoreDeps,
  req: { accountId: string; periodEnd: string; action: RenewalAction },
  ctx: Ctx,
): Promise<Account> {
  const { actor, team } = await actorFor(deps, ctx, 'renewal.record');
  validateAction(req.action);
  const account = await deps.stores.accounts.get(req.accountId);
  if (!account || account.teamId !== team.id) throw accountNotFound(req.accountId)();
  let newPeriod = false;
  const { value } = await mutate(
    deps,
    deps.stores.accounts,
    account.id,
    `${ctx.key}|renewal`,
    (current): Decision<Account> => {
      assertRenewalOpen(actor, current, req.periodEnd, req.action.kind);
      const a = req.action;
      const base = { ...current, updatedAt: ctx.now };
      const record = {
        periodEnd: current.contract.endDate,
        action: a.kind,
        by: actor.id,
        at: ctx.now,
        previousValue: current.contract.value,
      };
      let next: Account;
      if (a.kind === 'on_it') next = { ...base, renewalState: 'on_it' };
      else if (a.kind === 'churned') {
        next = {
          ...base,
          status: 'churned',
          renewalState: 'churned',
          churnedAt: ctx.now,
          renewals: [...current.renewals, { ...record, reason: a.reason.slice(0, 500) }],
        };
      } else {
        const value =
          a.kind === 'renewed'
            ? a.value
            : {
                amount: current.contract.value.amount + a.added.amount,
                currency: current.contract.value.currency,
              };
        if (a.kind === 'upsold' && a.added.currency !== current.contract.value.currency) {
          throw validationError([
            {
              field: 'currency',
              code: 'currency_mismatch',
              message: `must be ${current.contract.value.currency}, the contract's currency`,
            },
          ]);
        }
        const startDate = DateTime.fromISO(current.contract.endDate).plus({ days: 1 }).toISODate()!;
        const termMonths = a.termMonths ?? current.contract.termMonths;
        const contract: ContractPeriod = {
          value,
          termMonths,
          startDate,
          endDate: DateTime.fromISO(startDate).plus({ months: termMonths }).minus({ days: 1 }).toISODate()!,
        };
        newPeriod = true;
        next = {
          ...base,
          contract,
          renewalState: 'pending',
          renewals: [...current.renewals, { ...record, newValue: value }],
        };
      }
      return {
        next,
        event: {
          type: `renewal.${a.kind}`,
          actorId: actor.id,
          source: ctx.source,
          at: ctx.now,
          ...(a.kind === 'churned' ? { reason: a.reason.slice(0, 500) } : {}),
          data: { periodEnd: current.contract.endDate, action: a },
        },
        effects: {
          notices: [
            {
              key: `renewal:${current.id}:${current.contract.endDate}:recorded:${a.kind}`,
              to: { managersOf: current.teamId },
              body: { kind: 'renewal.recorded', accountId: current.id, periodEnd: current.contract.endDate },
            },
          ],
          timers: newPeriod ? renewalTimers(team, next, ctx.now) : [],
        },
      };
    },
    accountNotFound(req.accountId),
  );
  return value;
}
