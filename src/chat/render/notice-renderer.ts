import { leadClaim } from '../../core/kpi/definitions.js';
import { currentMeeting, leadLabel, type Lead, type Meeting } from '../../core/leads/lead.js';
import type { Platform } from '../../core/roster/person.js';
import type { PeriodKind } from '../../core/kpi/period.js';
import type { Notice } from '../../core/notices.js';
import type { Stores } from '../../core/ports.js';
import type { Person } from '../../core/roster/person.js';
import type { Team } from '../../core/roster/team.js';
import type { CoreDeps } from '../../core/shared/deps.js';
import { systemClock, type Clock } from '../../core/clock.js';
import type { Message, MessageFile, Span } from '../message.js';
import { text } from '../message.js';
import type { NoticeRenderer, Reader } from '../ports.js';
import { accountNotice, type AccountBody } from './account-notices.js';
import { createKit, rich, type Kit } from './kit.js';
import { leadCard, lossLabel, ownerButtons } from './lead-card.js';
import { meetingInvite } from './meeting-invite.js';
import { meetingPeople } from '../../core/meetings/meeting-rules.js';
import { routingReason } from './routing-reason.js';

export type DigestRenderer = (
  notice: Notice & { body: { kind: 'digest' } },
  reader: Reader,
) => Promise<Message | null>;

/** Renders a KPI report or digest for `/kpi` (the digest renderer's other face). */
export type KpiRenderer = (
  s: { core: CoreDeps; kit: Kit; person: Person; team: Team; now: Date },
  req: { scope: 'person' | 'team'; personId: string; period: PeriodKind },
) => Promise<Message>;

/** A meeting notice with its calendar file (the outbox sends it once, after the message). */
const withInvite = (message: Message, invite: MessageFile): Message => ({ ...message, files: [invite] });

function note(summary: Span[], extra?: Message): Message {
  const plain = summary.map((s) => (s.t === 'person' ? s.name : s.v)).join('');
  return { summary: plain, blocks: [{ type: 'text', text: summary }, ...(extra?.blocks ?? [])] };
}

/**
 * Renders core notices for one reader from the current state of the lead or account: cards
 * always show what is true now (a card edited after a claim says who claimed it).
 */
export function createNoticeRenderer(deps: {
  stores: Stores;
  digest?: DigestRenderer;
  /** Business time ("waiting for 12 min"); the console moves it. Default: the system clock. */
  clock?: Clock;
  /** A link to the lead's card on the reader's platform, for calendar invites (the outbox's). */
  leadLink?: (leadId: string, platform: Platform) => Promise<string | undefined>;
}): NoticeRenderer {
  const clock = deps.clock ?? systemClock;
  return {
    async render(notice, reader, known) {
      const kit = createKit(deps.stores, reader);
      const b = notice.body;
      if (b.kind === 'digest') return deps.digest ? deps.digest({ ...notice, body: b }, reader) : null;
      if (b.kind === 'welcome') return welcome(deps.stores, kit, b.personId);
      if (b.kind === 'webhook.event') return null; // the webhook outbox delivers these
      if (b.kind === 'webhook.paused')
        return note([
          text(kit.tr('notice.webhook_paused', { id: b.webhookId, url: b.url, reason: b.reason })),
        ]);
      if (
        b.kind === 'deal.won' ||
        b.kind === 'deal.handoff' ||
        b.kind === 'account.handover' ||
        b.kind.startsWith('renewal.')
      ) {
        return accountNotice(deps.stores, kit, b as AccountBody);
      }
      const leadId = (b as LeadBody).leadId;
      const lead =
        known?.lead !== undefined && (known.lead === null || known.lead.id === leadId)
          ? known.lead
          : await (known?.leads ?? deps.stores.leads).get(leadId);
      if (!lead) return null;
      const invite = async (m: Meeting, withdrawn?: boolean) =>
        meetingInvite(kit, lead, m, {
          now: clock.now(),
          link: await deps.leadLink?.(lead.id, reader.platform),
          ...(withdrawn ? { withdrawn } : {}),
        });
      return leadNotice(kit, lead, b as LeadBody, clock.now(), invite);
    },
  };
}

async function welcome(stores: Stores, kit: Kit, personId: string): Promise<Message | null> {
  const p = await stores.people.get(personId);
  if (!p) return null;
  const team = await stores.teams.get(p.teamId);
  const roles = p.roles.map((r) => kit.tr(`role.${r}`)).join(', ');
  return note([text(kit.tr('welcome', { name: p.name, team: team?.name ?? '', roles }))]);
}

type LeadBody = Exclude<
  Notice['body'],
  AccountBody | { kind: 'digest' | 'welcome' | 'webhook.event' | 'webhook.paused' }
>;

async function leadNotice(
  kit: Kit,
  lead: Lead,
  b: LeadBody,
  now: Date,
  invite: (m: Meeting, withdrawn?: boolean) => Promise<MessageFile>,
): Promise<Message | null> {
  const label = leadLabel(lead);
  const company = lead.fields.company;
  const m = 'meetingId' in b ? lead.meetings.find((x) => x.id === b.meetingId) : currentMeeting(lead);
  const when = m ? kit.when(m.startsAt) : '—';
  switch (b.kind) {
    case 'lead.card':
    case 'lead.changed':
      return leadCard(kit, lead, 'channel');
    case 'lead.offered':
    case 'lead.claim_reminder': {
      // Edited after the offer ended (claimed, re-offered, queued), the card just shows what is
      // true now, without the nudge.
      const open = lead.offers.length - 1;
      if (
        lead.status !== 'offered' ||
        lead.offeredTo !== kit.reader.personId ||
        (b.offerIndex !== undefined && b.offerIndex !== open)
      )
        return leadCard(kit, lead, 'offer');
      if (b.kind === 'lead.offered')
        return leadCard(kit, lead, 'offer', [text(kit.tr('notice.offered', { label, company }))]);
      const since = lead.offers.at(-1)?.at ?? lead.createdAt;
      const after = kit.minutes((now.getTime() - new Date(since).getTime()) / 60000);
      return leadCard(kit, lead, 'offer', [text(kit.tr('notice.claim_reminder', { label, company, after }))]);
    }
    case 'lead.claimed':
      // From the lead, as the card and the KPIs measure it (the notice's own figure predates that).
      return note(
        rich(kit, 'notice.claimed', {
          who: await kit.who(b.ownerId),
          label,
          company,
          after: kit.minutes(leadClaim(lead)?.minutes ?? b.minutes),
        }),
      );
    case 'lead.queued':
      return leadCard(kit, lead, 'dm', [
        text(kit.tr('notice.queued', { label, company, reason: await routingReason(kit, lead.routing) })),
      ]);
    case 'lead.escalated':
      return leadCard(kit, lead, 'dm', [
        text(kit.tr('notice.escalated', { label, company, after: kit.minutes(b.minutes) })),
      ]);
    case 'lead.reassigned': {
      // A scheduled meeting moves with the lead: the new AE gets its invite, the old AE (unless
      // still on it as its SDR or booker) a cancellation, both of the meeting as it is now.
      const me = kit.reader.personId;
      if (me === b.toId) {
        // Given to the AE it was offered to: it comes from nobody else.
        const fromOther = b.fromId && b.fromId !== b.toId;
        const from = fromOther
          ? kit.tr('notice.reassigned_from_part', { who: await kit.name(b.fromId) })
          : '';
        const card = await leadCard(kit, lead, 'dm', [
          text(kit.tr('notice.reassigned_to', { label, company, from })),
        ]);
        return m?.aeId === me ? withInvite(card, await invite(m)) : card;
      }
      const gone = note(rich(kit, 'notice.reassigned_from', { label, company, to: await kit.who(b.toId) }));
      return m && !meetingPeople(lead, m).includes(me ?? '') ? withInvite(gone, await invite(m, true)) : gone;
    }
    case 'lead.passed': {
      const reason = b.reason ? `: “${b.reason}”` : '';
      return note(rich(kit, 'notice.passed', { who: await kit.who(b.byId), label, company, reason }));
    }
    case 'meeting.booked':
      if (!m) return null;
      // Kept current by lead.changed (a card): a cancelled meeting says so, a moved one its new time.
      // A meeting called off before this went out gets no invite (its cancellation has none to undo).
      if (m.status === 'cancelled')
        return note([text(kit.tr('notice.meeting_cancelled', { label, company, when }))]);
      return withInvite(
        note(
          rich(kit, 'notice.meeting_booked', {
            label,
            company,
            when,
            zone: kit.zone,
            duration: m.durationMin,
            booker: await kit.who(m.bookedBy),
            ae: await kit.who(m.aeId),
          }),
        ),
        await invite(m),
      );
    case 'meeting.rescheduled': {
      if (!m) return null;
      const moved = note([
        text(kit.tr('notice.meeting_rescheduled', { label, company, when, zone: kit.zone })),
      ]);
      // The invite of what is true now: cancelled since, the cancellation carries the file.
      return m.status === 'cancelled' ? moved : withInvite(moved, await invite(m));
    }
    case 'meeting.cancelled': {
      if (!m) return null;
      const off = note([text(kit.tr('notice.meeting_cancelled', { label, company, when }))]);
      return m.status === 'cancelled' ? withInvite(off, await invite(m)) : off;
    }
    case 'meeting.reminder':
      if (!m || m.status !== 'scheduled') return null;
      return note([
        text(
          kit.tr('notice.meeting_reminder', { hours: b.hoursBefore, label, company, when, zone: kit.zone }),
        ),
      ]);
    case 'meeting.outcome_prompt': {
      if (!m || m.status !== 'scheduled') return null;
      const buttons = ownerButtons(kit, lead);
      return {
        summary: kit.tr('notice.outcome_prompt', { company, label, when }),
        blocks: [
          { type: 'text', text: [text(kit.tr('notice.outcome_prompt', { company, label, when }))] },
          ...(buttons.length ? [{ type: 'actions' as const, buttons }] : []),
        ],
      };
    }
    case 'deal.lost':
      return note([
        text(
          kit.tr('notice.deal_lost', {
            label,
            company,
            reason: lossLabel(kit, lead.deal?.reason ?? 'other'),
          }),
        ),
      ]);
  }
}
