import { contractEnd, type Account } from './account.js';
import { accountOpenedNotices } from '../webhooks/derive.js';
import { renewalTimers } from './renewal-nudges.js';
import type { Lead } from '../leads/lead.js';
import type { Notice } from '../notices.js';
import type { Ctx } from '../ports.js';
import type { Team } from '../roster/team.js';
import { chooseAssignee } from '../routing/route.js';
import type { CoreDeps } from '../shared/deps.js';
import { runEffects } from '../shared/mutate.js';

/**
 * The account of a won deal: opened once (its id comes from the lead's, its insert is keyed),
 * handed to an AM (the company's existing AM, else the AM rotation) with the AE's note; the
 * SDR, the managers and the AM are told, and the renewal nudges are scheduled. A re-run after a
 * crash finds the account and completes what is left, keyed as before.
 */
export async function openAccount(
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
  notices.push(...accountOpenedNotices(account, account.createdAt));
  await runEffects(deps, { notices, timers: renewalTimers(team, account, ctx.now) });
  return account;
}
