import { leadClaim } from '../../core/kpi/definitions.js';
import { currentMeeting, leadLabel, type Lead } from '../../core/leads/lead.js';
import { bold, italic, text, type Block, type Button, type Message, type Span } from '../message.js';
import { isMessageKey } from '../i18n/i18n.js';
import type { Kit } from './kit.js';
import { rich } from './kit.js';
import { routingReason } from './routing-reason.js';

/** Whose eyes: the team channel, the offered AE's DM, or anyone else's DM. */
export type CardView = 'channel' | 'offer' | 'dm';

export function sourceLabel(kit: Kit, source: string): string {
  const key = `source.${source}`;
  return isMessageKey(key) ? kit.tr(key) : source.replace(/_/g, ' ');
}

export function lossLabel(kit: Kit, reason: string): string {
  const key = `loss.${reason}`;
  return isMessageKey(key) ? kit.tr(key) : reason.replace(/_/g, ' ');
}

function bant(lead: Lead): string {
  const q = lead.fields.qualification;
  return `B${q.budget ? '✓' : '✗'} A${q.authority ? '✓' : '✗'} N${q.need ? '✓' : '✗'} T${q.timing ? '✓' : '✗'}`;
}

export function contactLine(lead: Lead): string {
  const c = lead.fields.contact;
  return [c.title ? `${c.name}, ${c.title}` : c.name, c.email, c.phone ? `+${c.phone}` : undefined]
    .filter(Boolean)
    .join(' · ');
}

/** The status line of a card: who has it and what happens next. */
export async function statusLine(kit: Kit, lead: Lead): Promise<Span[]> {
  const owner = await kit.who(lead.ownerId);
  switch (lead.status) {
    case 'offered':
      return rich(kit, 'card.status.offered', { who: await kit.who(lead.offeredTo) });
    case 'queued':
      return [text(kit.tr('card.status.queued'))];
    case 'claimed': {
      const claim = leadClaim(lead);
      return claim
        ? rich(kit, 'card.status.claimed', { who: owner, after: kit.minutes(claim.minutes) })
        : rich(kit, 'card.status.claimed_fast', { who: owner });
    }
    case 'meeting_booked': {
      const m = currentMeeting(lead);
      return rich(kit, 'card.status.meeting_booked', {
        who: owner,
        when: m ? `${kit.when(m.startsAt)} (${kit.zone})` : '—',
      });
    }
    case 'held':
      return rich(kit, 'card.status.held', { who: owner });
    case 'no_show':
      return rich(kit, 'card.status.no_show', { who: owner });
    case 'won':
      return rich(kit, 'card.status.won', { who: owner, value: kit.money(lead.deal?.value) });
    case 'lost':
      return rich(kit, 'card.status.lost', {
        who: owner,
        reason: lossLabel(kit, lead.deal?.reason ?? 'other'),
      });
    case 'disqualified':
      return [text(kit.tr('card.status.disqualified', { reason: lead.disqualifyReason ?? '' }))];
    default:
      return [text(kit.tr('card.status.new'))];
  }
}

/**
 * The lead card: the same facts everywhere, with buttons for the reader's situation — Claim on
 * unclaimed leads, Pass for the AE it is offered to — and the routing reason ("why you").
 */
export async function leadCard(kit: Kit, lead: Lead, view: CardView, intro?: Span[]): Promise<Message> {
  const label = leadLabel(lead);
  const blocks: Block[] = [];
  if (intro) blocks.push({ type: 'text', text: intro });
  blocks.push({ type: 'header', text: `${label} · ${lead.fields.company}`.slice(0, 150) });
  const fields: { label: string; value: Span[] }[] = [
    { label: kit.tr('card.contact'), value: [text(contactLine(lead))] },
    { label: kit.tr('card.source'), value: [text(sourceLabel(kit, lead.fields.source))] },
    { label: kit.tr('card.value'), value: [text(kit.money(lead.fields.value))] },
    { label: kit.tr('card.bant'), value: [text(bant(lead))] },
    { label: kit.tr('card.sdr'), value: [await kit.who(lead.createdBy)] },
  ];
  if (lead.fields.domain) fields.splice(1, 0, { label: kit.tr('card.website'), value: [text(lead.fields.domain)] });
  blocks.push({ type: 'fields', fields });
  if (lead.fields.notes) blocks.push({ type: 'text', text: [italic(lead.fields.notes.slice(0, 1500))] });
  blocks.push({ type: 'context', text: await statusLine(kit, lead) });
  // Routing explains an open offer or a wait for someone eligible; after a full round it has
  // nothing left to say (anyone may claim the lead).
  if (lead.routing && ['offered', 'queued'].includes(lead.status) && !lead.offersStoppedAt) {
    const reason = await routingReason(kit, lead.routing);
    const mine = view === 'offer' && lead.offeredTo === kit.reader.personId;
    blocks.push({
      type: 'context',
      text: mine
        ? [text(kit.tr('card.why_you', { reason }))]
        : lead.offeredTo
          ? rich(kit, 'card.why', { who: await kit.who(lead.offeredTo), reason })
          : [text(reason)],
    });
  }
  const buttons: Button[] = [];
  const reader = view === 'channel' ? undefined : await kit.person(kit.reader.personId);
  const mayClaim = view === 'channel' || Boolean(reader?.roles.includes('ae'));
  if (['offered', 'queued'].includes(lead.status) && mayClaim) {
    buttons.push({
      label: kit.tr('btn.claim'),
      action: { id: 'lead.claim', ref: lead.id },
      style: 'primary',
    });
    if (view === 'offer' && lead.offeredTo === kit.reader.personId) {
      buttons.push({ label: kit.tr('btn.pass'), action: { id: 'lead.pass', ref: lead.id } });
    }
  }
  if (view !== 'channel' && lead.ownerId && lead.ownerId === kit.reader.personId)
    buttons.push(...ownerButtons(kit, lead));
  if (buttons.length) blocks.push({ type: 'actions', buttons });
  const summary = `${label} ${lead.fields.company} — ${kit.tr(`status.${lead.status}`)}`;
  return { summary, blocks };
}

/** Buttons the owning AE needs next: outcomes after a meeting, the deal after it was held. */
export function ownerButtons(kit: Kit, lead: Lead): Button[] {
  const m = currentMeeting(lead);
  // Outcome buttons are offered once a meeting exists; the core refuses them before it starts.
  if (lead.status === 'meeting_booked' && m) {
    return [
      { label: kit.tr('btn.held'), action: { id: 'meeting.held', ref: lead.id }, style: 'primary' },
      { label: kit.tr('btn.no_show'), action: { id: 'meeting.no_show', ref: lead.id } },
      { label: kit.tr('btn.reschedule'), action: { id: 'meeting.reschedule', ref: lead.id } },
    ];
  }
  if (lead.status === 'held') {
    return [
      { label: kit.tr('btn.won'), action: { id: 'deal.won', ref: lead.id }, style: 'primary' },
      { label: kit.tr('btn.lost'), action: { id: 'deal.lost', ref: lead.id }, style: 'danger' },
    ];
  }
  return [];
}

export { bold };
