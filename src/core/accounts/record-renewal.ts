import { DateTime } from 'luxon';
import { contractEnd, type Account, type RenewalAction, type RenewalRecord } from './account.js';
import { accountNotFound, findAccount } from './account-refs.js';
import { renewalTimers } from './renewal-nudges.js';
import { BatonError, validationError, type FieldIssue } from '../errors.js';
import { isKnownCurrency } from '../money.js';
import type { Ctx } from '../ports.js';
import { isManager } from '../roster/permissions.js';
import type { Person } from '../roster/person.js';
import { actorFor } from '../shared/actor.js';
import type { CoreDeps } from '../shared/deps.js';
import { mutate, type Decision } from '../shared/mutate.js';

function validateAction(action: RenewalAction): void {
  const issues: FieldIssue[] = [];
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
 * The account once `a` is recorded for its current period: on it changes the state alone,
 * churned closes the account, renewed and upsold start the next period (`newPeriod`).
 */
function applyRenewal(
  current: Account,
  a: RenewalAction,
  by: string,
  now: Date,
): { next: Account; newPeriod: boolean } {
  const base = { ...current, updatedAt: now };
  const record: RenewalRecord = {
    periodEnd: current.contract.endDate,
    action: a.kind,
    by,
    at: now,
    previousValue: current.contract.value,
  };
  if (a.kind === 'on_it') return { next: { ...base, renewalState: 'on_it' }, newPeriod: false };
  if (a.kind === 'churned') {
    return {
      next: {
        ...base,
        status: 'churned',
        renewalState: 'churned',
        churnedAt: now,
        renewals: [...current.renewals, { ...record, reason: a.reason.slice(0, 500) }],
      },
      newPeriod: false,
    };
  }
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
  return {
    next: {
      ...base,
      contract: { value, termMonths, startDate, endDate: contractEnd(startDate, termMonths) },
      renewalState: 'pending',
      renewals: [...current.renewals, { ...record, newValue: value }],
    },
    newPeriod: true,
  };
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
  const account = await findAccount(deps, team.id, req.accountId);
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
  const account = await findAccount(deps, team.id, req.accountId);
  const { value } = await mutate(
    deps,
    deps.stores.accounts,
    account.id,
    `${ctx.key}|renewal`,
    (current): Decision<Account> => {
      assertRenewalOpen(actor, current, req.periodEnd, req.action.kind);
      const a = req.action;
      const { next, newPeriod } = applyRenewal(current, a, actor.id, ctx.now);
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
