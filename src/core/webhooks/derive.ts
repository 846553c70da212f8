import type { Account } from '../accounts/account.js';
import type { Lead } from '../leads/lead.js';
import { leadLabel } from '../leads/lead.js';
import type { Notice } from '../notices.js';
import type { EventDraft } from '../ports.js';
import type { WebhookEvent, WebhookEventType } from './webhook.js';

type Versioned = { id: string; teamId: string; version: number };

/** What a webhook says of a lead: its state after the change (ids for people, as in the API). */
export function leadView(lead: Lead): Record<string, unknown> {
  const f = lead.fields;
  return {
    id: lead.id,
    ref: leadLabel(lead),
    status: lead.status,
    company: f.company,
    ...(f.domain ? { domain: f.domain } : {}),
    contact: f.contact,
    source: f.source,
    ...(f.value ? { value: f.value } : {}),
    createdBy: lead.createdBy,
    createdAt: lead.createdAt,
    ...(lead.offeredTo ? { offeredTo: lead.offeredTo } : {}),
    ...(lead.ownerId ? { ownerId: lead.ownerId } : {}),
  };
}

/** What a webhook says of an account. */
export function accountView(a: Account): Record<string, unknown> {
  return {
    id: a.id,
    leadId: a.leadId,
    company: a.company,
    ...(a.domain ? { domain: a.domain } : {}),
    aeId: a.aeId,
    ...(a.amId ? { amId: a.amId } : {}),
    status: a.status,
    contract: a.contract,
    renewalState: a.renewalState,
  };
}

const isLead = (v: Versioned): v is Lead & Versioned => 'offers' in v && 'fields' in v;
const isAccount = (v: Versioned): v is Account & Versioned => 'contract' in v && 'renewals' in v;

/** The webhook types one recorded change stands for, in the order they happened. */
function typesOf(before: Versioned, after: Versioned, e: EventDraft): WebhookEventType[] {
  const data = e.data ?? {};
  const passed = data.ending === 'passed' ? (['lead.passed'] as const) : [];
  // A lead's first change is its routing: the creation and the offer (or queue) arrive together.
  const created = isLead(before) && before.version === 0 ? (['lead.created'] as const) : [];
  switch (e.type) {
    case 'lead.offered':
      return [...created, 'lead.offered'];
    case 'lead.reoffered':
      return [...passed, 'lead.offered'];
    case 'lead.queued':
      return [...created, ...passed, 'lead.queued'];
    case 'lead.escalated':
      return ['lead.escalated'];
    case 'lead.claimed':
    case 'lead.reassigned':
    case 'lead.disqualified':
    case 'meeting.booked':
    case 'meeting.rescheduled':
    case 'meeting.cancelled':
    case 'meeting.held':
    case 'meeting.no_show':
    case 'deal.won':
    case 'deal.lost':
    case 'renewal.renewed':
    case 'renewal.upsold':
    case 'renewal.churned':
      return [e.type];
    case 'account.reassigned':
      return isAccount(after) && after.amId ? ['account.handed_over'] : [];
    default:
      return [];
  }
}

/** The delivery order within a lead's (or account's) stream: by version, then within a change. */
const seqOf = (version: number, index: number) => version * 10 + index;

/** One webhook notice: to every webhook of the team that wants `event.type`. */
export function webhookNotice(event: WebhookEvent, stream: string, seq: number): Notice {
  return {
    key: `hook:${event.id}`,
    to: { webhooksOf: event.team },
    body: { kind: 'webhook.event', event, stream, seq },
  };
}

/** The data of an event about `after`: the record as it is now, and what the change says. */
function dataOf(after: Versioned, e: EventDraft): Record<string, unknown> {
  const extra: Record<string, unknown> = {};
  if (e.actorId) extra.actorId = e.actorId;
  if (e.reason) extra.reason = e.reason;
  if (e.from) extra.from = e.from;
  if (e.to) extra.to = e.to;
  if (isLead(after)) {
    const meetingId = typeof e.data?.meetingId === 'string' ? e.data.meetingId : undefined;
    const meeting = e.type.startsWith('meeting.')
      ? (after.meetings.find((m) => m.id === meetingId) ?? after.meetings.at(-1))
      : undefined;
    return {
      lead: leadView(after),
      ...(meeting ? { meeting } : {}),
      ...(e.type.startsWith('deal.') && after.deal ? { deal: after.deal } : {}),
      ...extra,
    };
  }
  if (isAccount(after)) {
    const renewal = e.type.startsWith('renewal.') ? after.renewals.at(-1) : undefined;
    return { account: accountView(after), ...(renewal ? { renewal } : {}), ...extra };
  }
  return extra;
}

/** The stream a record's events are delivered in order within. */
export const streamOf = (v: Versioned) => (isAccount(v) ? `account:${v.id}` : `lead:${v.id}`);

/**
 * The webhook notices a recorded change causes, derived from the event itself: `mutate` adds them
 * to the change's effects, so they are recorded with the event (once) and re-issued with it.
 * Each event id is `<record>:<version>:<type>`, stable across retries and processes.
 */
export function webhookNotices(
  before: Versioned,
  after: Versioned,
  e: EventDraft,
  version: number,
): Notice[] {
  const types = typesOf(before, after, e);
  if (!types.length) return [];
  const data = dataOf(after, e);
  return types.map((type, i) =>
    webhookNotice(
      { id: `${after.id}:${version}:${type}`, type, time: e.at.toISOString(), team: after.teamId, data },
      streamOf(after),
      seqOf(version, i),
    ),
  );
}

/** `account.handed_over` for an account opened with an AM (its creation is an insert, not a change). */
export function accountOpenedNotices(account: Account, at: Date): Notice[] {
  if (!account.amId) return [];
  const event: WebhookEvent = {
    id: `${account.id}:0:account.handed_over`,
    type: 'account.handed_over',
    time: at.toISOString(),
    team: account.teamId,
    data: { account: accountView(account), reason: 'deal_won' },
  };
  return [webhookNotice(event, streamOf(account), seqOf(0, 0))];
}

/** `renewal.nudged`: a nudge is a notice, not a change; it sorts after the account's current version. */
export function renewalNudgedNotice(
  account: Account,
  periodEnd: string,
  offsetDays: number,
  daysLeft: number,
  at: Date,
): Notice {
  const event: WebhookEvent = {
    id: `${account.id}:nudge:${periodEnd}:${offsetDays}`,
    type: 'renewal.nudged',
    time: at.toISOString(),
    team: account.teamId,
    data: { account: accountView(account), periodEnd, daysLeft },
  };
  return webhookNotice(event, streamOf(account), seqOf(account.version, 9));
}
