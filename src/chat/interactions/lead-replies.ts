import type { Account } from '../../core/accounts/account.js';
import { leadLabel, type Lead } from '../../core/leads/lead.js';
import type { CreateLeadResult } from '../../core/leads/create-lead.js';
import type { LeadInput } from '../../core/leads/lead-input.js';
import { text, type Block } from '../message.js';
import { contactLine, leadCard } from '../render/lead-card.js';
import { rich } from '../render/kit.js';
import { routingReason } from '../render/routing-reason.js';
import { say, show, type Session } from './session.js';
import type { Reply } from './types.js';

/** What the SDR sees after `/lead`: the lead and where it went, or the duplicates found. */
export async function createdReply(s: Session, r: CreateLeadResult, input: LeadInput): Promise<Reply> {
  if (r.status === 'duplicate') return duplicateReply(s, r.duplicates, input);
  const lead = r.lead;
  const label = leadLabel(lead);
  const company = lead.fields.company;
  if (r.replayed) return say([s.kit.tr('reply.replayed', { label, company })]);
  let routing;
  if (lead.status === 'queued') routing = [text(s.kit.tr('reply.created_routing_queue'))];
  else if (lead.routing?.kind === 'owner') {
    routing = rich(s.kit, 'reply.created_routing_owner', {
      who: await s.kit.who(lead.offeredTo),
      reason: await routingReason(s.kit, lead.routing),
    });
  } else
    routing = rich(s.kit, 'reply.created_routing_offer', {
      who: await s.kit.who(lead.offeredTo),
      reason: await routingReason(s.kit, lead.routing),
    });
  const intro = [
    text(s.kit.tr('reply.created', { label, company, routing: '' }).trimEnd() + ' '),
    ...routing,
  ];
  return show(await leadCard(s.kit, lead, 'dm', intro));
}

async function duplicateReply(
  s: Session,
  dups: { matchedOn: readonly ('email' | 'phone' | 'domain')[]; lead?: Lead; account?: Account }[],
  input: LeadInput,
): Promise<Reply> {
  const lines = [s.kit.tr('reply.duplicate')];
  for (const d of dups.slice(0, 5)) {
    const on = d.matchedOn.map((k) => s.kit.tr(`form.field.${k}`)).join(', ');
    if (d.lead)
      lines.push(
        `• ${s.kit.tr('reply.duplicate_lead', { label: leadLabel(d.lead), company: d.lead.fields.company, status: s.kit.tr(`status.${d.lead.status}`), on })}`,
      );
    else if (d.account)
      lines.push(`• ${s.kit.tr('reply.duplicate_account', { company: d.account.company, on })}`);
  }
  lines.push(s.kit.tr('reply.duplicate_hint'));
  const stash = await stashInput(s, input);
  const actions: Block = {
    type: 'actions',
    buttons: [{ label: s.kit.tr('btn.create_anyway'), action: { id: 'lead.create_anyway', ref: stash } }],
  };
  return say(lines, [actions]);
}

/** Keeps a refused lead's input so "Create anyway" can create it without retyping. */
async function stashInput(s: Session, input: LeadInput): Promise<string> {
  const id = s.inb.key.replace(/[^A-Za-z0-9]/g, '').slice(-24) || String(s.ctx.now.getTime());
  await s.deps.core.stores.ledger.insertOnce('lead-draft', id, {
    personId: s.person.id,
    input,
    at: s.ctx.now,
  });
  return id;
}

export async function takeStash(s: Session, id: string): Promise<LeadInput | null> {
  const rec = await s.deps.core.stores.ledger.get('lead-draft', id);
  if (!rec || rec.personId !== s.person.id) return null;
  return rec.input as LeadInput;
}

/** What the AE sees after claiming: the contact, to act on now. */
export function claimedReply(s: Session, lead: Lead, again: boolean): Reply {
  const label = leadLabel(lead);
  const company = lead.fields.company;
  return say([
    again
      ? s.kit.tr('reply.claimed_again', { label, company })
      : s.kit.tr('reply.claimed', { label, company, contact: contactLine(lead) }),
  ]);
}
