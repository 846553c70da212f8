// Every webhook event type is derived from what the core records: each use case's change carries
// its webhook events in its effects (recorded with the event), with stable ids, the team, the
// change's time and the record as it is after it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { recordRenewal } from '../../src/core/accounts/record-renewal.js';
import { nudgeRenewal } from '../../src/core/accounts/renewal-nudges.js';
import { recordLost, recordWon } from '../../src/core/deals/record-deal.js';
import { claimLead } from '../../src/core/leads/claim-lead.js';
import { escalateUnclaimed } from '../../src/core/leads/claim-sla.js';
import { createLead } from '../../src/core/leads/create-lead.js';
import { disqualifyLead } from '../../src/core/leads/disqualify-lead.js';
import type { Lead } from '../../src/core/leads/lead.js';
import { passLead } from '../../src/core/leads/pass-lead.js';
import { reassignLead } from '../../src/core/leads/reassign-lead.js';
import {
  bookMeeting,
  cancelMeeting,
  recordMeetingOutcome,
  rescheduleMeeting,
} from '../../src/core/meetings/index.js';
import type { Notice } from '../../src/core/notices.js';
import { WEBHOOK_EVENTS, type WebhookEvent } from '../../src/core/webhooks/webhook.js';
import {
  createCoreHarness,
  leadInput,
  seedTeam,
  type CoreHarness,
  type SeededTeam,
} from '../support/core.js';

let h: CoreHarness;
let t: SeededTeam;
const HOUR = 3600_000;
let n = 0;

beforeAll(async () => {
  h = await createCoreHarness('2026-12-01T09:00:00Z');
  t = await seedTeam(h, { aes: 2, ams: 1 });
});
afterAll(async () => {
  await h.close();
});

const events = (): WebhookEvent[] =>
  h.notifier
    .of('webhook.event')
    .map((x) => (x.body as Extract<Notice['body'], { kind: 'webhook.event' }>).event);
const typesOf = (leadOrAccount: string) =>
  events()
    .filter((e) => e.id.startsWith(`${leadOrAccount}:`))
    .map((e) => e.type);

async function newLead(): Promise<Lead> {
  n++;
  const r = await createLead(
    h.deps,
    { input: leadInput({ company: `Co ${n}`, email: `p@co${n}.com` }) },
    h.ctx(t.sdrs[0]!.id),
  );
  if (r.status !== 'created') throw new Error('expected created');
  return r.lead;
}
async function claimed(): Promise<Lead> {
  const lead = await newLead();
  return (await claimLead(h.deps, { leadRef: lead.id }, h.ctx(lead.offeredTo))).lead;
}
const slot = (hours: number) => ({
  startsAt: new Date(h.clock.now().getTime() + hours * HOUR),
  durationMin: 30,
  timezone: 'Europe/Berlin',
});
async function held(): Promise<Lead> {
  const lead = await claimed();
  await bookMeeting(h.deps, { leadRef: lead.id, ...slot(1) }, h.ctx(t.sdrs[0]!.id));
  h.clock.advance(2 * HOUR);
  return recordMeetingOutcome(h.deps, { leadRef: lead.id, outcome: 'held' }, h.ctx(lead.ownerId));
}
async function won(lead: Lead) {
  const start = h.clock.now().toISOString().slice(0, 10);
  return recordWon(
    h.deps,
    { leadRef: lead.id, value: { amount: 1000_00, currency: 'EUR' }, termMonths: 12, startDate: start },
    h.ctx(lead.ownerId),
  );
}

describe('webhook events from the core', () => {
  it('a lead offered, passed, queued, claimed, met, rescheduled, held and won', async () => {
    const lead = await newLead();
    expect(typesOf(lead.id)).toEqual(['lead.created', 'lead.offered']);
    await passLead(h.deps, { leadRef: lead.id }, h.ctx(lead.offeredTo));
    const second = (await h.deps.stores.leads.get(lead.id))!;
    await passLead(h.deps, { leadRef: lead.id }, h.ctx(second.offeredTo));
    expect(typesOf(lead.id)).toEqual([
      'lead.created',
      'lead.offered',
      'lead.passed',
      'lead.offered',
      'lead.passed',
      'lead.queued',
    ]);
    const m = await held();
    await won(m);
    expect(typesOf(m.id)).toEqual([
      'lead.created',
      'lead.offered',
      'lead.claimed',
      'meeting.booked',
      'meeting.held',
      'deal.won',
    ]);
    const first = events().find((e) => e.id.startsWith(`${lead.id}:`))!;
    expect(first).toMatchObject({
      id: `${lead.id}:1:lead.created`,
      team: t.team.id,
      time: '2026-12-01T09:00:00.000Z',
      data: { lead: { id: lead.id, ref: `L-${lead.number}`, company: 'Co 1' } },
    });
  });

  it('meetings rescheduled, cancelled and missed; deals lost; leads escalated, reassigned, disqualified', async () => {
    const a = await claimed();
    await bookMeeting(h.deps, { leadRef: a.id, ...slot(24) }, h.ctx(t.sdrs[0]!.id));
    await rescheduleMeeting(h.deps, { leadRef: a.id, ...slot(48) }, h.ctx(a.ownerId));
    await cancelMeeting(h.deps, { leadRef: a.id }, h.ctx(t.sdrs[0]!.id));
    await bookMeeting(h.deps, { leadRef: a.id, ...slot(1) }, h.ctx(t.sdrs[0]!.id));
    h.clock.advance(2 * HOUR);
    await recordMeetingOutcome(h.deps, { leadRef: a.id, outcome: 'no_show' }, h.ctx(a.ownerId));
    expect(typesOf(a.id).slice(3)).toEqual([
      'meeting.booked',
      'meeting.rescheduled',
      'meeting.cancelled',
      'meeting.booked',
      'meeting.no_show',
    ]);
    const b = await held();
    await recordLost(h.deps, { leadRef: b.id, reason: 'price' }, h.ctx(b.ownerId));
    expect(typesOf(b.id).at(-1)).toBe('deal.lost');
    const c = await newLead();
    h.clock.advance(2 * HOUR);
    await escalateUnclaimed(h.deps, { leadId: c.id }, h.ctx(undefined, undefined, 'job'));
    expect(typesOf(c.id)).toContain('lead.escalated');
    const d = await claimed();
    const other = t.aes.find((ae) => ae.id !== d.ownerId)!;
    await reassignLead(h.deps, { leadRef: d.id, toPersonId: other.id }, h.ctx(t.admin.id));
    expect(typesOf(d.id).at(-1)).toBe('lead.reassigned');
    const e = await newLead();
    await disqualifyLead(h.deps, { leadRef: e.id, reason: 'student project' }, h.ctx(t.sdrs[0]!.id));
    expect(typesOf(e.id).at(-1)).toBe('lead.disqualified');
  });

  it('accounts: handed to an AM, nudged, renewed, upsold, churned — and every type is covered', async () => {
    const { account } = await won(await held());
    expect(typesOf(account.id)).toEqual(['account.handed_over']);
    const end = account.contract.endDate;
    h.clock.set(new Date(new Date(`${end}T09:00:00Z`).getTime() - 7 * 24 * HOUR));
    await nudgeRenewal(
      h.deps,
      { accountId: account.id, periodEnd: end, offsetDays: 7 },
      h.ctx(undefined, undefined, 'job'),
    );
    await recordRenewal(
      h.deps,
      {
        accountId: account.id,
        periodEnd: end,
        action: { kind: 'renewed', value: { amount: 1000_00, currency: 'EUR' } },
      },
      h.ctx(account.amId),
    );
    expect(typesOf(account.id)).toEqual(['account.handed_over', 'renewal.nudged', 'renewal.renewed']);
    const { account: up } = await won(await held());
    await recordRenewal(
      h.deps,
      {
        accountId: up.id,
        periodEnd: up.contract.endDate,
        action: { kind: 'upsold', added: { amount: 100_00, currency: 'EUR' } },
      },
      h.ctx(up.amId),
    );
    const { account: gone } = await won(await held());
    await recordRenewal(
      h.deps,
      {
        accountId: gone.id,
        periodEnd: gone.contract.endDate,
        action: { kind: 'churned', reason: 'went in-house' },
      },
      h.ctx(gone.amId),
    );
    expect(typesOf(up.id).at(-1)).toBe('renewal.upsold');
    expect(typesOf(gone.id).at(-1)).toBe('renewal.churned');
    expect(new Set(events().map((e) => e.type))).toEqual(new Set(WEBHOOK_EVENTS));
    const ids = events().map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
