import { DateTime } from 'luxon';
import type { Account } from '../accounts/account.js';
import { BatonError, validationError, type FieldIssue } from '../errors.js';
import { idFromKey } from '../ids.js';
import type { Lead } from '../leads/lead.js';
import { assertTransition } from '../leads/lifecycle.js';
import { isKnownCurrency, type Money } from '../money.js';
import type { Notice } from '../notices.js';
import type { Ctx } from '../ports.js';
import { isManager } from '../roster/permissions.js';
import type { Person } from '../roster/person.js';
import type { Team } from '../roster/team.js';
import { actorFor } from '../shared/actor.js';
import type { CoreDeps } from '../shared/deps.js';
import { findLead, leadNotFound } from '../leads/lead-refs.js';
import { mutate, runEffects, type Decision } from '../shared/mutate.js';
import { renewalTimers } from '../accounts/renewals.js';
import { daysUntil } from '../time.js';
import { loadFreed } from '../leads/pickup-timers.js';
import { chooseAssignee } from '../routing/route.js';

export type WonInput = { value: Money; termMonths: number; startDate: string; note?: string };

/**
 * How far back a contract may start (late paperwork). Further back, its renewal nudges would all
 * be due at once, or its renewal already past: almost always a typo (2019 for 2029), so refused.
 */
export const START_GRACE_DAYS = 14;

function validateWon(input: WonInput, team: Team, now: Date): void {
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
function assertMayRecordDeal(actor: Person, lead: Lead, outcome: 'won' | 'lost'): void {
  assertOwnerOrManager(actor, lead);
  assertTransition(lead.status, outcome, outcome === 'won' ? 'record a won deal' : 'record a lost deal');
}

/**
 * The checks of {@link recordWon} / {@link recordLost} without the change: run before a form asks
 * for the deal's details, so a person who may not record it (or a lead not there yet) is told at
 * once, not after filling the form in. The use cases run the same checks again on submit.
 */
export async function checkRecordDeal(
  deps: CoreDeps,
  req: { leadRef: string; outcome: 'won' | 'lost' },
  ctx: Ctx,
): Promise<Lead> {
  const { actor, team } = await actorFor(deps, ctx, 'outcome.record');
  const lead = await findLead(deps, team.id, req.leadRef);
  assertMayRecordDeal(actor, lead, req.outcome);
  return lead;
}

/** The contract's last day: start + term − 1 day. */
export function contractEnd(startDate: string, termMonths: number): string {
  return DateTime.fromISO(startDate).plus({ months: termMonths }).minus({ days: 1 }).toISODate() ?? startDate;
}

/**
 * Won: the deal is recorded on the lead, an account is opened and handed to an AM (the
 * company's existing AM, else the AM rotation) with the AE's note; renewal nudges are scheduled.
 * Each step is keyed, so a re-run completes the same account instead of opening a second.
 */
export async function recordWon(
  deps: CoreDeps,
  req: { leadRef: string } & WonInput,
  ctx: Ctx,
): Promise<{ lead: Lead; account: Account }> {
  const { actor, team } = await actorFor(deps, ctx, 'outcome.record');
  const lead = await findLead(deps, team.id, req.leadRef);
  validateWon(req, team, ctx.now);
  const accountId = idFromKey('acct', lead.id);
  const { value } = await mutate(
    deps,
    deps.stores.leads,
    lead.id,
    `${lead.id}|won`,
    async (current): Promise<Decision<Lead>> => {
      assertMayRecordDeal(actor, current, 'won');
      return {
        next: {
          ...current,
          status: 'won',
          deal: {
            outcome: 'won',
            at: ctx.now,
            by: actor.id,
            value: req.value,
            termMonths: req.termMonths,
            startDate: req.startDate,
            ...(req.note ? { note: req.note.slice(0, 2000) } : {}),
            accountId,
          },
          updatedAt: ctx.now,
        },
        event: {
          type: 'deal.won',
          actorId: actor.id,
          source: ctx.source,
          at: ctx.now,
          from: current.status,
          to: 'won',
          data: { value: req.value, accountId },
        },
        effects: {
          notices: [
            {
              key: `lead:${current.id}:changed:won`,
              to: { teamChannel: team.id },
              body: { kind: 'lead.changed', leadId: current.id },
            },
          ],
          timers: await loadFreed(deps, team.id, current.ownerId, ctx.now),
        },
      };
    },
    leadNotFound(req.leadRef),
  );
  if (value.deal?.outcome !== 'won')
    throw new BatonError('ILLEGAL_TRANSITION', 'the deal is not won', {
      from: value.status,
      to: 'won',
      what: 'open the account',
    });
  const account = await openAccount(deps, team, value, accountId, ctx);
  return { lead: value, account };
}

async function openAccount(
  deps: CoreDeps,
  team: Team,
  lead: Lead,
  accountId: string,
  ctx: Ctx,
): Promise<Account> {
  const deal = lead.deal!;
  let account = await deps.stores.accounts.get(accountId);
  if (!account) {
    const routing = await chooseAssignee(deps, {
      team,
      role: 'am',
      key: `route-am:${accountId}`,
      now: ctx.now,
      ...(lead.keys.domain ? { domain: lead.keys.domain } : {}),
    });
    const fresh: Account = {
      id: accountId,
      teamId: team.id,
      leadId: lead.id,
      company: lead.fields.company,
      ...(lead.keys.domain ? { domain: lead.keys.domain } : {}),
      aeId: lead.ownerId ?? deal.by,
      ...(routing.personId ? { amId: routing.personId } : {}),
      ...(deal.note ? { handoffNote: deal.note } : {}),
      contract: {
        value: deal.value!,
        termMonths: deal.termMonths!,
        startDate: deal.startDate!,
        endDate: contractEnd(deal.startDate!, deal.termMonths!),
      },
      renewalState: 'pending',
      renewals: [],
      status: 'active',
      createdAt: ctx.now,
      updatedAt: ctx.now,
      version: 0,
      ...(team.demo ? { demo: true } : {}),
    };
    await deps.stores.accounts.insert(fresh, {
      type: 'account.opened',
      source: ctx.source,
      ...(ctx.actorId ? { actorId: ctx.actorId } : {}),
      at: ctx.now,
      key: `${accountId}|opened`,
      data: {
        routing: {
          kind: routing.kind,
          personId: routing.personId,
          turn: routing.turn,
          skipped: routing.skipped,
        },
      },
    });
    account = (await deps.stores.accounts.get(accountId)) ?? fresh;
  }
  const notices: Notice[] = [
    {
      key: `deal:${lead.id}:won:sdr`,
      to: { personId: lead.createdBy },
      body: { kind: 'deal.won', leadId: lead.id, accountId },
    },
    {
      key: `deal:${lead.id}:won:managers`,
      to: { managersOf: team.id },
      body: { kind: 'deal.won', leadId: lead.id, accountId },
    },
  ];
  if (account.amId) {
    notices.push({
      key: `deal:${lead.id}:handoff`,
      to: { personId: account.amId },
      body: { kind: 'deal.handoff', leadId: lead.id, accountId },
    });
  }
  await runEffects(deps, { notices, timers: renewalTimers(team, account, ctx.now) });
  return account;
}

/** Lost: the AE records why (one of the team's loss reasons) and the lead closes. */
export async function recordLost(
  deps: CoreDeps,
  req: { leadRef: string; reason: string; note?: string },
  ctx: Ctx,
): Promise<Lead> {
  const { actor, team } = await actorFor(deps, ctx, 'outcome.record');
  const lead = await findLead(deps, team.id, req.leadRef);
  const wanted = req.reason
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
  const { value } = await mutate(
    deps,
    deps.stores.leads,
    lead.id,
    `${lead.id}|lost`,
    async (current): Promise<Decision<Lead>> => {
      assertMayRecordDeal(actor, current, 'lost');
      return {
        next: {
          ...current,
          status: 'lost',
          deal: {
            outcome: 'lost',
            at: ctx.now,
            by: actor.id,
            reason,
            ...(req.note ? { note: req.note.slice(0, 2000) } : {}),
          },
          offeredTo: undefined,
          meetings: current.meetings.map((m) =>
            m.status === 'scheduled' ? { ...m, status: 'cancelled' } : m,
          ),
          updatedAt: ctx.now,
        },
        event: {
          type: 'deal.lost',
          actorId: actor.id,
          source: ctx.source,
          at: ctx.now,
          from: current.status,
          to: 'lost',
          // The team's reason and, when given, the AE's words for it (the audit trail's reason).
          reason: req.note?.trim() ? `${reason}: ${req.note.trim().slice(0, 500)}` : reason,
        },
        effects: {
          notices: [
            {
              key: `lead:${current.id}:changed:lost`,
              to: { teamChannel: team.id },
              body: { kind: 'lead.changed', leadId: current.id },
            },
            {
              key: `deal:${current.id}:lost:sdr`,
              to: { personId: current.createdBy },
              body: { kind: 'deal.lost', leadId: current.id },
            },
          ],
          timers: await loadFreed(deps, team.id, current.ownerId, ctx.now),
        },
      };
    },
    leadNotFound(req.leadRef),
  );
  return value;
}
