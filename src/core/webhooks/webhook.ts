import { isIP } from 'node:net';
import type { FieldIssue } from '../errors.js';

/** What a team can subscribe a webhook to: one type per change the outside world may act on. */
export const WEBHOOK_EVENTS = [
  'lead.created',
  'lead.offered',
  'lead.claimed',
  'lead.passed',
  'lead.queued',
  'lead.escalated',
  'lead.reassigned',
  'lead.disqualified',
  'meeting.booked',
  'meeting.rescheduled',
  'meeting.held',
  'meeting.no_show',
  'meeting.cancelled',
  'deal.won',
  'deal.lost',
  'account.handed_over',
  'renewal.nudged',
  'renewal.renewed',
  'renewal.upsold',
  'renewal.churned',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/** The ping `/team webhook test` sends (never subscribed to: every webhook gets its own). */
export const WEBHOOK_TEST = 'webhook.test';

/** A team's subscription: Baton POSTs each matching event to `url`, signed with `secret`. */
export type Webhook = {
  /** `wh-` and 8 hex characters: short enough to type in `/team webhook remove`. */
  id: string;
  teamId: string;
  url: string;
  /** The event types it receives; empty = every type. */
  events: WebhookEventType[];
  /** The HMAC key, shown once to the admin who added it. */
  secret: string;
  createdBy: string;
  createdAt: Date;
  /** Set when deliveries kept failing: nothing is sent until a successful test resumes it. */
  pausedAt?: Date;
  /** Why it was paused (the last failure), for `/team webhook list`. */
  pauseReason?: string;
  /** When it was last resumed: failures before it no longer count towards a pause. */
  resumedAt?: Date;
  removedAt?: Date;
  /** The key of the request that removed it: that request, retried or recovered, answers the same. */
  removedKey?: string;
};

/** One delivery's body: a stable id (the receiver's de-duplication key), type, time, team, data. */
export type WebhookEvent = {
  id: string;
  type: WebhookEventType | typeof WEBHOOK_TEST;
  /** ISO instant of the change. */
  time: string;
  team: string;
  data: Record<string, unknown>;
};

export interface WebhookStore {
  /** Inserts a webhook; false when its id exists (a retried request). */
  insert(hook: Webhook): Promise<boolean>;
  /** The webhook (removed ones too), or null. */
  get(id: string): Promise<Webhook | null>;
  /** The team's webhooks that were not removed, oldest first. */
  listTeam(teamId: string): Promise<Webhook[]>;
  /** Sets fields (pause, resume, remove: marks that every writer sets alike, never a race decider). */
  update(
    id: string,
    patch: Partial<Omit<Webhook, 'id' | 'teamId'>> & { unset?: ('pausedAt' | 'pauseReason')[] },
  ): Promise<void>;
}

/** At most this many live webhooks per team (each event is one delivery per webhook). */
export const MAX_WEBHOOKS_PER_TEAM = 10;

export function isWebhookEvent(word: string): word is WebhookEventType {
  return (WEBHOOK_EVENTS as readonly string[]).includes(word);
}

export function wants(hook: Pick<Webhook, 'events'>, type: string): boolean {
  return type === WEBHOOK_TEST || !hook.events.length || (hook.events as string[]).includes(type);
}

/**
 * Checks a webhook URL as typed: http(s), a host, no credentials, at most 2000 characters. A
 * literal private or loopback address is refused here unless `allowPrivate`; names are resolved
 * and checked again at every delivery, outside the core.
 */
export function webhookUrlIssue(raw: string, allowPrivate: boolean): FieldIssue | null {
  const refuse = (code: string): FieldIssue => ({ field: 'url', code, message: code, params: { value: raw } });
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse('invalid_webhook_url');
  }
  if (raw.length > 2000 || !['http:', 'https:'].includes(url.protocol) || !url.hostname)
    return refuse('invalid_webhook_url');
  if (url.username || url.password) return refuse('invalid_webhook_url');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (
    !allowPrivate &&
    (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) && isPrivateAddress(host)))
  )
    return refuse('private_webhook_url');
  return null;
}

/** Ranges a webhook must not reach unless the operator allows it (RFC 1918, loopback, link-local…). */
const V4_BLOCKS: [string, number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];

const v4 = (ip: string) => ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);

/** True for an address in a private, loopback, link-local, multicast or reserved range. */
export function isPrivateAddress(ip: string): boolean {
  if (isIP(ip) === 4)
    return V4_BLOCKS.some(
      ([base, bits]) => Math.floor(v4(ip) / 2 ** (32 - bits)) === Math.floor(v4(base) / 2 ** (32 - bits)),
    );
  const a = ip.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) return isPrivateAddress(mapped[1]!);
  return (
    a === '::' ||
    a === '::1' ||
    /^f[cd]/.test(a) || // unique local fc00::/7
    /^fe[89ab]/.test(a) || // link-local fe80::/10
    /^ff/.test(a) // multicast
  );
}
