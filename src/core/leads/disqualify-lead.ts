import { BatonError } from '../errors.js';
import type { Lead } from './lead.js';
import { assertTransition } from './lifecycle.js';
import type { Ctx } from '../ports.js';
import { isManager } from '../roster/permissions.js';
import { actorFor } from '../shared/actor.js';
import type { CoreDeps } from '../shared/deps.js';
import { findLead, leadNotFound } from './lead-refs.js';
import { mutate, type Decision } from '../shared/mutate.js';
import { closeOffer } from './offers.js';
import { loadFreed } from './pickup-timers.js';

/** Disqualify: the SDR who created it, its AE, or a manager closes a lead that is not a fit. */
export async function disqualifyLead(
  deps: CoreDeps,
  req: { leadRef: string; reason: string },
  ctx: Ctx,
): Promise<Lead> {
  const { actor, team } = await actorFor(deps, ctx, 'lead.disqualify');
  const lead = await findLead(deps, team.id, req.leadRef);
  const reason = req.reason.trim().slice(0, 300);
  if (!reason) {
    throw new BatonError('VALIDATION_FAILED', 'reason: is required', {}, [
      { field: 'reason', code: 'required', message: 'is required' },
    ]);
  }
  const { value } = await mutate(
    deps,
    deps.stores.leads,
    lead.id,
    `${ctx.key}|disqualify`,
    async (current): Promise<Decision<Lead>> => {
      if (!isManager(actor) && current.createdBy !== actor.id && current.ownerId !== actor.id) {
        throw new BatonError('NOT_LEAD_OWNER', 'only its SDR, its AE or a manager can disqualify this lead', {
          needed: ['manager'],
        });
      }
      assertTransition(current.status, 'disqualified', 'disqualify the lead');
      return {
        next: {
          ...current,
          status: 'disqualified',
          disqualifyReason: reason,
          offeredTo: undefined,
          offers: closeOffer(current.offers, 'withdrawn', ctx.now),
          meetings: current.meetings.map((m) =>
            m.status === 'scheduled' ? { ...m, status: 'cancelled' } : m,
          ),
          updatedAt: ctx.now,
        },
        event: {
          type: 'lead.disqualified',
          actorId: actor.id,
          source: ctx.source,
          at: ctx.now,
          from: current.status,
          to: 'disqualified',
          reason,
        },
        effects: {
          notices: [
            {
              key: `lead:${current.id}:changed:disqualified`,
              to: { teamChannel: team.id },
              body: { kind: 'lead.changed', leadId: current.id },
            },
          ],
          timers: await loadFreed(deps, team.id, current.ownerId ?? current.offeredTo, ctx.now),
        },
      };
    },
    leadNotFound(req.leadRef),
  );
  return value;
}
