import type { Account } from '../accounts/account.js';
import { BatonError, validationError } from '../errors.js';
import { OPEN_STATUSES, type Lead } from '../leads/lead.js';
import type { Ctx } from '../ports.js';
import { hasRole, type Person } from './person.js';
import type { Team } from './team.js';
import { actorFor } from '../shared/actor.js';
import type { CoreDeps } from '../shared/deps.js';
import { leadNotFound } from '../leads/lead-refs.js';
import { updateMember } from './update-member.js';
import { mutate, type Decision } from '../shared/mutate.js';
import { cardsChanged, decideNextOffer, queuedNotices } from '../leads/offers.js';
import { pickupTimers } from '../leads/pickup-timers.js';
import { handLeadTo } from '../leads/reassign-lead.js';
import { chooseAssignee } from '../routing/route.js';

/** Where one piece of a leaving person's work went: to a person, or (no `toId`) to the team. */
export type Moved = { id: string; label: string; toId?: string; offered?: boolean };

/** What a deactivation handed on: open leads and active accounts. */
export type Handover = { leads: Moved[]; accounts: Moved[] };

/**
 * `/team deactivate @gus [--to @fiona]`: the person leaves the team and their work does not stay
 * behind. With a successor (`to`), their open leads (owned or offered) and accounts become the
 * successor's. Without one, leads offered to them go to the next AE as after a pass, leads they own
 * go to the AE rotation (or the team queue when nobody can take them) and their accounts to the AM
 * rotation (or to the managers' care). From then on nothing is sent to them.
 */
export async function deactivateMember(
  deps: CoreDeps,
  req: { personId: string; toPersonId?: string },
  ctx: Ctx,
): Promise<{ person: Person; handover: Handover }> {
  const { team } = await actorFor(deps, ctx, 'team.manage');
  const leaving = await deps.stores.people.get(req.personId);
  if (!leaving || leaving.teamId !== team.id)
    throw new BatonError('UNKNOWN_PERSON', 'no such person in the team', { personId: req.personId });
  const leads = [
    ...(await deps.stores.leads.list({
      teamId: team.id,
      ownerId: leaving.id,
      statuses: OPEN_STATUSES,
      limit: 10_000,
    })),
    ...(await deps.stores.leads.list({
      teamId: team.id,
      offeredTo: leaving.id,
      statuses: ['offered'],
      limit: 10_000,
    })),
  ].sort((a, b) => a.number - b.number);
  const accounts = await deps.stores.accounts.list({ teamId: team.id, status: 'active', amId: leaving.id });
  const heir = req.toPersonId ? await heirFor(deps, team, leaving, req.toPersonId, leads, accounts) : null;

  const person = await updateMember(deps, { personId: leaving.id, patch: { active: false } }, ctx);
  const handover: Handover = { leads: [], accounts: [] };
  for (const lead of leads) handover.leads.push(await handOnLead(deps, team, lead, leaving, heir, ctx));
  for (const account of accounts)
    handover.accounts.push(await handOnAccount(deps, team, account, leaving, heir, ctx));
  return { person, handover };
}

/** The named successor, if they can take everything the leaving person has. */
async function heirFor(
  deps: CoreDeps,
  team: Team,
  leaving: Person,
  toPersonId: string,
  leads: Lead[],
  accounts: Account[],
): Promise<Person> {
  const heir = await deps.stores.people.get(toPersonId);
  if (!heir || heir.teamId !== team.id)
    throw new BatonError('UNKNOWN_PERSON', 'no such person in the team', { personId: toPersonId });
  const refuse = (code: string, message: string) =>
    validationError([{ field: 'to', code, message, params: { value: `@${heir.handle}` } }]);
  if (heir.id === leaving.id) throw refuse('same_person', 'hand the work to someone else');
  if (!heir.active) throw refuse('inactive_heir', 'is not active');
  if (leads.length && !hasRole(heir, 'ae'))
    throw refuse('heir_not_ae', 'is not an AE and cannot take open leads');
  if (accounts.length && !hasRole(heir, 'am'))
    throw refuse('heir_not_am', 'is not an AM and cannot take accounts');
  return heir;
}

async function handOnLead(
  deps: CoreDeps,
  team: Team,
  lead: Lead,
  leaving: Person,
  heir: Person | null,
  ctx: Ctx,
): Promise<Moved> {
  const label = `L-${lead.number} ${lead.fields.company}`;
  const key = `${lead.id}|handover:${leaving.id}`;
  const reason = `@${leaving.handle} deactivated`;
  if (lead.ownerId !== leaving.id && !heir) {
    // Only offered to them: the offer is withdrawn and the lead moves on as after a pass.
    const { value } = await mutate(
      deps,
      deps.stores.leads,
      lead.id,
      key,
      async (current): Promise<Decision<Lead>> =>
        current.offeredTo === leaving.id && current.status === 'offered' && !current.ownerId
          ? decideNextOffer(deps, team, current, ctx, { outcome: 'withdrawn' })
          : null,
      leadNotFound(lead.id),
    );
    return value.offeredTo
      ? { id: lead.id, label, toId: value.offeredTo, offered: true }
      : { id: lead.id, label, ...(value.ownerId ? { toId: value.ownerId } : {}) };
  }
  const routing = heir
    ? undefined
    : await chooseAssignee(deps, {
        team,
        role: 'ae',
        key: `handover:${lead.id}:${leaving.id}`,
        now: ctx.now,
        leadId: lead.id,
        ...(lead.keys.domain ? { domain: lead.keys.domain } : {}),
      });
  const toId = heir?.id ?? routing?.personId;
  const target = toId ? await deps.stores.people.get(toId) : null;
  if (target) {
    const moved = await handLeadTo(
      deps,
      {
        team,
        lead,
        target,
        key,
        reason,
        ...(routing ? { routing } : {}),
        data: { handoverFrom: leaving.id },
      },
      ctx,
    );
    return { id: lead.id, label, ...(moved.ownerId ? { toId: moved.ownerId } : {}) };
  }
  // Nobody can take it now: the team queue, claimable by any AE and offered as AEs come free.
  await mutate(
    deps,
    deps.stores.leads,
    lead.id,
    key,
    async (current): Promise<Decision<Lead>> => {
      if (current.ownerId !== leaving.id) return null;
      const next: Lead = {
        ...current,
        status: 'queued',
        ownerId: undefined,
        ...(routing ? { routing } : {}),
        updatedAt: ctx.now,
      };
      return {
        next,
        event: {
          type: 'lead.queued',
          ...(ctx.actorId ? { actorId: ctx.actorId } : {}),
          source: ctx.source,
          at: ctx.now,
          from: current.status,
          to: 'queued',
          reason,
          data: { handoverFrom: leaving.id },
        },
        effects: {
          notices: [
            ...(routing ? queuedNotices(team, next, routing) : []),
            cardsChanged(team, current, `handover:${leaving.id}`),
          ],
          timers: await pickupTimers(deps, team, ctx.now),
        },
      };
    },
    leadNotFound(lead.id),
  );
  return { id: lead.id, label };
}

async function handOnAccount(
  deps: CoreDeps,
  team: Team,
  account: Account,
  leaving: Person,
  heir: Person | null,
  ctx: Ctx,
): Promise<Moved> {
  const routing = heir
    ? null
    : await chooseAssignee(deps, {
        team,
        role: 'am',
        key: `handover:${account.id}:${leaving.id}`,
        now: ctx.now,
        ...(account.domain ? { domain: account.domain } : {}),
      });
  const toId = heir?.id ?? routing?.personId;
  const { value } = await mutate(
    deps,
    deps.stores.accounts,
    account.id,
    `${account.id}|handover:${leaving.id}`,
    (current): Decision<Account> => {
      if (current.amId !== leaving.id) return null;
      const next: Account = { ...current, updatedAt: ctx.now };
      if (toId) next.amId = toId;
      else delete next.amId;
      return {
        next,
        event: {
          type: 'account.reassigned',
          ...(ctx.actorId ? { actorId: ctx.actorId } : {}),
          source: ctx.source,
          at: ctx.now,
          reason: `@${leaving.handle} deactivated`,
          data: {
            fromId: leaving.id,
            toId,
            routing: routing ? { kind: routing.kind, turn: routing.turn } : 'named',
          },
        },
        effects: {
          // The new AM hears what they now look after; renewal nudges reach whoever holds the
          // account when they fire, so the pending ones go to them too.
          notices: toId
            ? [
                {
                  key: `account:${current.id}:handover:${leaving.id}`,
                  to: { personId: toId },
                  body: { kind: 'account.handover', accountId: current.id, fromId: leaving.id },
                },
              ]
            : [],
        },
      };
    },
    () => new BatonError('ACCOUNT_NOT_FOUND', `account ${account.id} not found`, { accountId: account.id }),
  );
  return { id: account.id, label: account.company, ...(value.amId ? { toId: value.amId } : {}) };
}
