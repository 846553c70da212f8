import type { WebhookEvent } from './webhooks/webhook.js';

/**
 * What must go out, in platform-neutral terms. The core decides *that* someone is told and
 * *what about*; the chat layer decides how it looks on each platform and in each language, and
 * delivers it exactly once through the outbox (the notice `key` plus the address is the
 * insert-once id).
 */
export type Recipient =
  | { personId: string }
  /** The team's lead channel/group on every platform where it has one. */
  | { teamChannel: string }
  /** Every active manager of the team. */
  | { managersOf: string }
  /** Every webhook of the team that wants the event (the webhook half of the outbox). */
  | { webhooksOf: string }
  /** One webhook (a test event). */
  | { webhook: string };

export type NoticeBody =
  | { kind: 'lead.card'; leadId: string }
  /** `offerIndex`: which offer the message is about (only the open offer's messages stay live). */
  | { kind: 'lead.offered'; leadId: string; offerIndex?: number }
  | { kind: 'lead.claim_reminder'; leadId: string; offerIndex?: number }
  | { kind: 'lead.claimed'; leadId: string; ownerId: string; minutes: number }
  | { kind: 'lead.queued'; leadId: string }
  | { kind: 'lead.escalated'; leadId: string; minutes: number }
  | { kind: 'lead.reassigned'; leadId: string; fromId?: string; toId: string }
  | { kind: 'lead.passed'; leadId: string; byId: string; reason?: string }
  /** Re-render the lead's live cards: its channel card and the open offer's messages. */
  | { kind: 'lead.changed'; leadId: string }
  | { kind: 'meeting.booked'; leadId: string; meetingId: string }
  | { kind: 'meeting.rescheduled'; leadId: string; meetingId: string }
  | { kind: 'meeting.cancelled'; leadId: string; meetingId: string }
  | { kind: 'meeting.reminder'; leadId: string; meetingId: string; hoursBefore: number }
  | { kind: 'meeting.outcome_prompt'; leadId: string; meetingId: string }
  | { kind: 'deal.won'; leadId: string; accountId: string }
  | { kind: 'deal.handoff'; leadId: string; accountId: string }
  | { kind: 'deal.lost'; leadId: string }
  /** The account is the recipient's now: its AM (`fromId`) left the team. */
  | { kind: 'account.handover'; accountId: string; fromId: string }
  /**
   * `at`: when it was decided; each reader counts the days from that day in their own zone (so
   * the count agrees with the date they are shown). `daysLeft` is the team calendar's count.
   */
  | { kind: 'renewal.nudge'; accountId: string; periodEnd: string; daysLeft: number; at?: string }
  | { kind: 'renewal.escalated'; accountId: string; periodEnd: string; daysLeft: number; at?: string }
  | { kind: 'renewal.recorded'; accountId: string; periodEnd: string }
  | { kind: 'digest'; personId: string; date: string; scope: 'person' | 'team' }
  | { kind: 'welcome'; personId: string }
  /** An event for webhooks: `stream` (a lead or account) and `seq` order its deliveries. */
  | { kind: 'webhook.event'; event: WebhookEvent; stream: string; seq: number }
  /** The webhook kept failing and was paused (to each admin). */
  | { kind: 'webhook.paused'; webhookId: string; url: string; reason: string };

export type Notice = {
  /** Exactly-once key for this notice (per recipient address). */
  key: string;
  to: Recipient;
  body: NoticeBody;
};

/** Delivers notices (the outbox). Enqueueing is durable; sending happens on its own path. */
export interface Notifier {
  /**
   * Records the notices for delivery; a notice already recorded under its key is ignored.
   * `committed`: the aggregate the notices come from, as the caller just stored it (what they
   * are delivered with at once is rendered from it, not read again).
   */
  notify(notices: Notice[], committed?: { id: string; version: number }): Promise<void>;
}
