import type { Lead } from '../../core/leads/lead.js';
import type { Notice } from '../../core/notices.js';
import type { LeadStore } from '../../core/ports.js';
import type { Platform } from '../../core/roster/person.js';
import type { Target } from '../ports.js';
import { fingerprint, isActive, readerFor, type DeliverDeps } from './deliver.js';
import type { CardRef, Settle } from './outbox-port.js';

// Card edits: the lead's messages that follow it (its channel card, the open offer, the owner's
// claimed offer), re-rendered and edited in place when the lead changes (`lead.changed`).

/** Which offer a card's message is about (offer and reminder messages), if any. */
function offerIndexOf(card: CardRef): number | undefined {
  const b = card.notice.body;
  if (b.kind !== 'lead.offered' && b.kind !== 'lead.claim_reminder') return undefined;
  if (b.offerIndex !== undefined) return b.offerIndex;
  // Cards recorded before the index was in the notice: `lead:<id>:offer:<i>` / `…:remind:<i>`.
  const m = /:(?:offer|remind):(\d+)$/.exec(card.notice.key);
  return m ? Number(m[1]) : -1;
}

/**
 * Whether a card still follows the lead: its channel card always does; an offer and its reminder
 * while that offer is the lead's open one; and the offer its owner claimed, which is the owner's
 * own card (it carries their Held / Won buttons). Any other offer gets one last edit (to say
 * where the lead went) and is then left alone, so a lead that lives for weeks edits two or three
 * messages per change, not every message it ever caused.
 */
function isLive(card: CardRef, lead: Lead | null | undefined): boolean {
  const index = offerIndexOf(card);
  if (index === undefined || lead === undefined) return true;
  if (!lead) return false;
  if (lead.status === 'offered' && index === lead.offers.length - 1) return true;
  const offer = lead.offers[index];
  return (
    card.notice.body.kind === 'lead.offered' &&
    Boolean(lead.ownerId) &&
    offer?.personId === lead.ownerId &&
    offer?.outcome === 'claimed'
  );
}

/**
 * `lead.changed`: re-renders the lead's live cards (see {@link isLive}) and edits each in place,
 * unless it already shows exactly that (an edit is idempotent, so a retry simply edits again).
 * `beforeEach` waits for the card's rate limit. Returns how many were edited and what the cards
 * show now, for the caller to record with the entry's sent mark.
 */
export async function updateCards(
  d: DeliverDeps,
  notice: Notice,
  beforeEach: (platform: Platform, target: Target) => Promise<void>,
  /** Where to read the lead (shared by the entries delivered together); default `d.leads`. */
  leads?: Pick<LeadStore, 'get'>,
): Promise<{ updated: number; marks: Settle['cardMarks'] }> {
  const marks: Settle['cardMarks'] = [];
  if (notice.body.kind !== 'lead.changed') return { updated: 0, marks };
  const lead = d.leads ? await (leads ?? d.leads).get(notice.body.leadId) : undefined;
  let updated = 0;
  for (const card of await d.store.cardsOf(notice.body.leadId)) {
    if (card.final) continue;
    const sender = d.senders.get(card.ref.platform);
    if (!sender) continue;
    // A deactivated person's messages are left as they were: they receive nothing any more.
    if (card.target.kind === 'dm' && card.reader.personId && !(await isActive(d, card.reader.personId))) {
      marks.push({ id: card._id, leadId: card.leadId, fields: { final: true } });
      continue;
    }
    const live = isLive(card, lead);
    const reader = await readerFor(d, card.reader, sender.platform);
    // Every card of the lead rendered from the one read above (when the store was given).
    const rendered = await d.renderer.render(card.notice, reader, d.leads ? { lead: lead ?? null } : {});
    if (!rendered) continue;
    // An edit changes the text only: the files went with the message (a meeting's invite), and
    // a change that needs a new file comes with a notice of its own (a reschedule, a cancel).
    const { files: _files, ...message } = rendered;
    const shown = fingerprint(message);
    if (shown !== card.shown) {
      await beforeEach(sender.platform, card.target);
      await sender.update(card.ref, message);
      updated++;
    }
    if (shown !== card.shown || !live)
      marks.push({ id: card._id, leadId: card.leadId, fields: { shown, ...(live ? {} : { final: true }) } });
  }
  return { updated, marks };
}
