import type { NoticeBody } from '../../core/notices.js';

/**
 * Delivery priority (higher first): the lead handoff is time-critical (speed to lead), then
 * changes people are waiting for, then reminders and nudges, then the bulk digests. Interactive
 * replies never come through the outbox at all (adapters answer with respond/ack/answerCallbackQuery).
 */
export const PRIORITY: Record<NoticeBody['kind'], number> = {
  'lead.offered': 100,
  'lead.claim_reminder': 95,
  'lead.card': 90,
  'lead.changed': 90,
  'lead.claimed': 85,
  'lead.escalated': 80,
  'lead.queued': 80,
  'lead.reassigned': 80,
  'lead.passed': 75,
  'meeting.reminder': 70,
  'meeting.booked': 60,
  'meeting.rescheduled': 60,
  'meeting.cancelled': 60,
  'meeting.outcome_prompt': 55,
  'deal.won': 50,
  'deal.handoff': 50,
  'deal.lost': 50,
  'account.handover': 50,
  'renewal.recorded': 45,
  welcome: 40,
  'renewal.escalated': 30,
  'renewal.nudge': 20,
  digest: 10,
  'webhook.paused': 60,
  // Never a chat message: delivered by the webhook outbox (src/webhooks).
  'webhook.event': 0,
};

/** Notices whose sent messages `lead.changed` edits in place (lead cards, and what shows a meeting). */
export const CARD_KINDS: ReadonlySet<NoticeBody['kind']> = new Set([
  'lead.card',
  'lead.offered',
  'lead.claim_reminder',
  // Messages that show the lead's meeting (and its Held / No-show buttons) follow it too.
  'lead.reassigned',
  'meeting.booked',
]);
