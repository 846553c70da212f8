import type { Account } from '../accounts/account.js';
import { openAccount } from '../accounts/open-account.js';
import { BatonError } from '../errors.js';
import { idFromKey } from '../ids.js';
import type { Lead } from '../leads/lead.js';
import { findLead, leadNotFound } from '../leads/lead-refs.js';
import { loadFreed } from '../leads/pickup-timers.js';
import type { Ctx } from '../ports.js';
import { actorFor } from '../shared/actor.js';
import type { CoreDeps } from '../shared/deps.js';
import { mutate, type Decision } from '../shared/mutate.js';
import { assertMayRecordDeal, lossReasonOf, validateWon, type WonInput } from './deal-rules.js';

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

/**
 * Won: the deal is recorded on the lead, then its account is opened ({@link openAccount}: handed
 * to an AM with the AE's note, renewal nudges scheduled). Each step is keyed, so a re-run
 * completes the same account instead of opening a second.
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

/** Lost: the AE records why (one of the team's loss reasons) and the lead closes. */
export async function recordLost(
  deps: CoreDeps,
  req: { leadRef: string; reason: string; note?: string },
  ctx: Ctx,
): Promise<Lead> {
  const { actor, team } = await actorFor(deps, ctx, 'outcome.record');
  const lead = await findLead(deps, team.id, req.leadRef);
  const reason = lossReasonOf(team, req.reason);
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
