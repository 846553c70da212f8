import { BatonError } from '../errors.js';
import type { Lead } from './lead.js';
import type { Ctx } from '../ports.js';
import { actorFor } from '../shared/actor.js';
import type { CoreDeps } from '../shared/deps.js';
import { findLead, leadNotFound } from './lead-refs.js';
import { mutate, type Decision } from '../shared/mutate.js';
import { dropSettledTimers } from './claim-sla.js';
import { decideNextOffer } from './offers.js';

/** Pass: the offered AE declines; the lead moves to the next eligible AE, with the reason kept. */
export async function passLead(
  deps: CoreDeps,
  req: { leadRef: string; reason?: string },
  ctx: Ctx,
): Promise<Lead> {
  const { actor, team } = await actorFor(deps, ctx, 'lead.pass');
  const lead = await findLead(deps, team.id, req.leadRef);
  const { value } = await mutate(
    deps,
    deps.stores.leads,
    lead.id,
    `${ctx.key}|pass`,
    async (current): Promise<Decision<Lead>> => {
      if (current.ownerId) {
        throw new BatonError('LEAD_ALREADY_CLAIMED', 'already claimed', {
          ownerId: current.ownerId,
          leadNumber: current.number,
        });
      }
      if (current.status !== 'offered' || current.offeredTo !== actor.id) {
        throw new BatonError('NOT_OFFERED_TO_YOU', 'this lead is not offered to you', {
          offeredTo: current.offeredTo,
        });
      }
      const reason = req.reason?.trim().slice(0, 300) || undefined;
      return decideNextOffer(deps, team, current, ctx, {
        outcome: 'passed',
        ...(reason ? { passReason: reason } : {}),
      });
    },
    leadNotFound(req.leadRef),
  );
  await dropSettledTimers(deps, value);
  return value;
}
