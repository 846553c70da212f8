import type { WebhookEvent } from '../core/webhooks/webhook.js';

export type DeliveryStatus = 'pending' | 'delivered' | 'dropped';

/**
 * One event to deliver to one webhook: `_id` = `<notice key>|<webhook id>`, inserted once before
 * anything is sent (a retried request, a re-run job or a second process records the same id).
 */
export type Delivery = {
  _id: string;
  webhookId: string;
  teamId: string;
  /** `<webhook id>|<lead:… or account:…>`: deliveries of one stream go out in `seq` order. */
  stream: string;
  seq: number;
  event: WebhookEvent;
  status: DeliveryStatus;
  /** Attempts known to have been made (a hint: the leases are the truth). */
  attempt: number;
  /** Business time before which it is not tried (backoff, Retry-After). */
  nextAt: Date;
  /** When its first failed attempt was (for the 24-hour pause). */
  firstFailedAt?: Date;
  lastError?: string;
  createdAt: Date;
  deliveredAt?: Date;
};

/** A claim on one attempt: `_id` = `<delivery id>#<attempt>`, inserted once. */
export type DeliveryLease = { _id: string; deliveryId: string; attempt: number; owner: string; at: Date };

export const deliveryLeaseId = (deliveryId: string, attempt: number) => `${deliveryId}#${attempt}`;

/**
 * The webhook outbox's records. Every race is decided by an insert under a natural `_id`
 * (deliveries, attempt leases, settled records); an entry is only marked or settled by the holder
 * of its attempt's lease. What is pending is kept apart from what has settled, so finding the
 * pending deliveries costs what is owed, not the history.
 */
export interface DeliveryStore {
  /** Builds the lookup index. */
  init(): Promise<void>;
  /** Inserts the deliveries not recorded yet; returns the ids this call inserted. */
  insertMany(deliveries: Delivery[]): Promise<Set<string>>;
  /** The delivery, or null: its settled record when it has one (even if recorded again since). */
  get(id: string): Promise<Delivery | null>;
  /**
   * Pending deliveries, by stream and then `seq` (at most `limit`). Reads what is pending only:
   * its cost does not grow with the settled deliveries kept.
   */
  pending(limit: number): Promise<Delivery[]>;
  /** Sets fields of a pending delivery (only the lease holder of the current attempt calls this). */
  mark(id: string, fields: Partial<Omit<Delivery, '_id'>>): Promise<void>;
  /**
   * Settles a pending delivery with `fields` (status delivered or dropped): records it settled,
   * once, then removes it from the pending ones. Given a settled record (`get` found one), only
   * removes the pending copy. Only the lease holder of the current attempt calls this.
   */
  settle(delivery: Delivery, fields: Partial<Omit<Delivery, '_id'>>): Promise<void>;
  /**
   * Moves settled deliveries found among the pending ones (an earlier version settled them in
   * place) to the settled ones; returns how many. Run once per process, before its first pass.
   */
  sweepSettled(): Promise<number>;
  /** Inserts a lease; false when that attempt was taken already. */
  insertLease(lease: DeliveryLease): Promise<boolean>;
  /** The lease of one attempt, or null. */
  lease(deliveryId: string, attempt: number): Promise<DeliveryLease | null>;
  /** Every delivery of a webhook, by stream and `seq` (tests, and `list`'s counts). */
  ofWebhook(webhookId: string): Promise<Delivery[]>;
  /**
   * Deletes settled deliveries (delivered or dropped) created before `before`, with their leases;
   * pending ones stay whatever their age (a paused webhook's backlog). Returns how many.
   */
  purge(before: Date): Promise<number>;
}
