// Issue 11, items 1 and 2 with routing inside working hours: nothing goes to anyone off shift,
// and queued leads are offered as AEs come on shift — evenings, weekends, DST, leave and caps.
import { afterEach, describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import type { Lead } from '../../src/core/leads/lead.js';
import type { Person } from '../../src/core/roster/person.js';
import { createLead } from '../../src/core/leads/create-lead.js';
import { recordLost } from '../../src/core/deals/record-deal.js';
import { claimLead } from '../../src/core/leads/claim-lead.js';
import { updateMember, updateTeamSettings } from '../../src/core/roster/index.js';
import { isWorkingTime } from '../../src/core/time.js';
import type { Sent } from '../chat/outbox/recording-sender.js';
import {
  createCoreHarness,
  leadInput,
  seedTeam,
  type CoreHarness,
  type SeededTeam,
} from '../support/core.js';
import { advanceTo, createNode, travel, type BotNode } from './harness.js';

let h: CoreHarness;
let node: BotNode;
let t: SeededTeam;
/** When each message was sent, in business time. */
const sentAt = new Map<Sent, Date>();

async function setUp(start: string, opts: { aes?: number } = {}): Promise<void> {
  h = await createCoreHarness(start);
  node = await createNode(h);
  t = await seedTeam(h, { aes: opts.aes ?? 3 });
  await updateTeamSettings(node.core, { settings: { routeWithinWorkingHours: true } }, h.ctx(t.admin.id));
  const send = node.sender.send.bind(node.sender);
  node.sender.send = async (...args) => {
    const ref = await send(...args);
    sentAt.set(node.sender.sent.at(-1)!, h.clock.now());
    return ref;
  };
}
afterEach(async () => {
  await node.close();
  await h.close();
  sentAt.clear();
});

async function newLead(): Promise<Lead> {
  const r = await createLead(node.core, { input: leadInput() }, h.ctx(t.sdrs[0]!.id));
  if (r.status !== 'created') throw new Error('expected a new lead');
  await node.outbox.drain();
  return r.lead;
}

const kind = (s: Sent) => s.message.summary.split(' ')[0]!;
const who = (s: Sent) => (s.target.kind === 'dm' ? s.target.address.replace('console:', '') : '#team');
const people = (): Person[] => [t.admin, ...t.sdrs, ...t.aes, ...t.ams];
const lead = async (id: string) => (await h.deps.stores.leads.get(id))!;

/** Moves business time to `to`, each job running at its own time. */
const walk = (to: string | Date) => travel(h, node, to);

/** Offers and reminders (to AEs) and escalations (to managers) sent outside the recipient's hours. */
async function offShiftSends(): Promise<string[]> {
  const out: string[] = [];
  for (const s of node.sender.sent) {
    if (!['lead.offered', 'lead.claim_reminder', 'lead.escalated'].includes(kind(s))) continue;
    const p = people().find(
      (x) => `console:${x.handle}` === (s.target.kind === 'dm' ? s.target.address : ''),
    );
    const fresh = p && (await h.deps.stores.people.get(p.id));
    const at = sentAt.get(s)!;
    if (fresh && !isWorkingTime({ timezone: fresh.timezone, ...fresh.workingHours }, at))
      out.push(`${kind(s)} → ${who(s)} at ${at.toISOString()}`);
  }
  return out;
}

describe('routing inside working hours', () => {
  it('offers a lead that came in at 21:05 when the first AE starts at 09:00, and tells nobody at night', async () => {
    await setUp('2026-12-01T20:05:00Z'); // Tue 21:05 Berlin
    const l = await newLead();
    expect(l.status).toBe('queued');
    // Only the team card: the lead waits for the morning, which is routine (no manager notice).
    expect(node.sender.sent.map((s) => `${kind(s)} → ${who(s)}`)).toEqual(['lead.card → #team']);
    await walk('2026-12-02T07:59:00Z');
    expect(node.sender.sent).toHaveLength(1);
    await advanceTo(h, node, new Date('2026-12-02T08:00:00Z')); // Wed 09:00 Berlin
    const offered = await lead(l.id);
    expect(offered.status).toBe('offered');
    expect(offered.offers[0]?.at).toEqual(new Date('2026-12-02T08:00:00Z'));
    expect(node.sender.of('lead.offered')).toHaveLength(1);
    expect(await offShiftSends()).toEqual([]);
  });

  it('over a weekend and the spring DST switch: Friday 21:05 → Monday 09:00 summer time', async () => {
    await setUp('2026-03-27T20:05:00Z'); // Fri 27 Mar 21:05 CET
    const l = await newLead();
    await walk('2026-03-30T06:59:00Z'); // Mon 08:59 CEST
    expect((await lead(l.id)).status).toBe('queued');
    await advanceTo(h, node, new Date('2026-03-30T07:00:00Z')); // Mon 09:00 CEST
    expect((await lead(l.id)).offers[0]?.at).toEqual(new Date('2026-03-30T07:00:00Z'));
    expect(await offShiftSends()).toEqual([]);
  });

  it('skips the reminder after hours, moves the lead on in the morning, and escalates once in working time', async () => {
    await setUp('2026-12-01T16:58:00Z'); // Tue 17:58 Berlin
    const l = await newLead();
    const first = l.offeredTo!;
    // 18:03 reminder: off shift, not sent. 18:13: offer expires, nobody on shift: waits.
    await walk('2026-12-02T07:59:00Z');
    const night = await lead(l.id);
    expect(night.status).toBe('queued');
    expect(node.sender.of('lead.claim_reminder')).toHaveLength(0);
    expect(node.sender.of('lead.escalated')).toHaveLength(0);
    // Wed 09:00: the next AE; 09:15 the third; 09:30 a full round: managers told, offers stop.
    await walk('2026-12-02T09:00:00Z');
    const day = await lead(l.id);
    expect(day.offers.map((o) => o.personId)).toHaveLength(3);
    expect(new Set(day.offers.map((o) => o.personId)).size).toBe(3);
    expect(day.offers[0]?.personId).toBe(first);
    expect(day.offers.slice(1).map((o) => o.at)).toEqual([
      new Date('2026-12-02T08:00:00Z'),
      new Date('2026-12-02T08:15:00Z'),
    ]);
    expect(day).toMatchObject({ status: 'queued', escalatedAt: new Date('2026-12-02T08:30:00Z') });
    expect(node.sender.of('lead.escalated')).toHaveLength(1);
    expect(node.sender.of('lead.claim_reminder')).toHaveLength(2);
    // A week later nothing more was sent about it.
    const before = node.sender.sent.filter((s) => kind(s).startsWith('lead.')).length;
    await walk('2026-12-09T09:00:00Z');
    expect(node.sender.sent.filter((s) => kind(s).startsWith('lead.')).length).toBe(before);
    expect(await offShiftSends()).toEqual([]);
  });

  it('a full round that ends after hours escalates at the next opening', async () => {
    await setUp('2026-12-01T16:50:00Z', { aes: 2 }); // Tue 17:50 Berlin
    // ae1 is first in the rotation and leaves at 18:00; ae2 works late (until 20:00). Offers at
    // 17:50 (ae1) and 18:05 (ae2); the round ends at 18:20, after the team's hours.
    await updateMember(node.core, { personId: t.aes[0]!.id, patch: { weight: 2 } }, h.ctx(t.admin.id));
    await updateMember(
      node.core,
      {
        personId: t.aes[1]!.id,
        patch: { workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '20:00' } },
      },
      h.ctx(t.admin.id),
    );
    const l = await newLead();
    expect(l.offeredTo).toBe(t.aes[0]!.id);
    await walk('2026-12-01T18:00:00Z');
    const evening = await lead(l.id);
    expect(evening.offers.map((o) => o.personId)).toEqual([t.aes[0]!.id, t.aes[1]!.id]);
    expect(evening.offersStoppedAt).toEqual(new Date('2026-12-01T17:20:00Z'));
    expect(evening.escalatedAt).toBeUndefined();
    expect(node.sender.of('lead.escalated')).toHaveLength(0);
    await walk('2026-12-02T07:59:00Z');
    expect(node.sender.of('lead.escalated')).toHaveLength(0);
    await walk('2026-12-02T08:00:00Z');
    expect(node.sender.of('lead.escalated')).toHaveLength(1);
    expect((await lead(l.id)).escalatedAt).toEqual(new Date('2026-12-02T08:00:00Z'));
    await walk('2026-12-03T12:00:00Z');
    expect(node.sender.of('lead.escalated')).toHaveLength(1);
    expect(node.sender.of('lead.offered')).toHaveLength(2);
    expect(await offShiftSends()).toEqual([]);
  });
});

describe('queued leads are offered as AEs can take them', () => {
  it('in order, under caps, after leave, and when a lead closes', async () => {
    await setUp('2026-12-01T20:00:00Z'); // Tue 21:00 Berlin
    const [ae1, ae2, ae3] = t.aes;
    await updateMember(node.core, { personId: ae1!.id, patch: { cap: 1 } }, h.ctx(t.admin.id));
    await updateMember(node.core, { personId: ae3!.id, patch: { cap: 1 } }, h.ctx(t.admin.id));
    await updateMember(
      node.core,
      {
        personId: ae2!.id,
        patch: {
          cap: 1,
          outOfOffice: { from: new Date('2026-12-01T00:00:00Z'), until: new Date('2026-12-02T11:00:00Z') },
        },
      },
      h.ctx(t.admin.id),
    );
    const leads: Lead[] = [];
    for (let i = 0; i < 4; i++) leads.push(await newLead());
    expect(leads.map((l) => l.status)).toEqual(['queued', 'queued', 'queued', 'queued']);
    // Wed 09:00: ae1 and ae3 (ae2 is away) take the two oldest, one each (cap 1).
    await advanceTo(h, node, new Date('2026-12-02T08:00:00Z'));
    const at9 = await Promise.all(leads.map((l) => lead(l.id)));
    expect(at9.map((l) => l.status)).toEqual(['offered', 'offered', 'queued', 'queued']);
    expect(new Set(at9.slice(0, 2).map((l) => l.offeredTo))).toEqual(new Set([ae1!.id, ae3!.id]));
    // Both claim; caps stay full.
    for (const l of at9.slice(0, 2)) await claimLead(node.core, { leadRef: l.id }, h.ctx(l.offeredTo));
    // 12:00 Berlin: ae2 is back and takes the third (and claims it); the fourth still waits.
    await advanceTo(h, node, new Date('2026-12-02T11:00:00Z'));
    const at12 = await Promise.all(leads.map((l) => lead(l.id)));
    expect(at12[2]).toMatchObject({ status: 'offered', offeredTo: ae2!.id });
    expect(at12[3]!.status).toBe('queued');
    await claimLead(node.core, { leadRef: at12[2]!.id }, h.ctx(ae2!.id));
    await walk('2026-12-02T11:29:00Z');
    expect((await lead(leads[3]!.id)).status).toBe('queued');
    // ae1 loses their lead: under the cap again, they get the fourth at once.
    h.clock.set(new Date('2026-12-02T11:30:00Z'));
    await recordLost(
      node.core,
      { leadRef: at9[0]!.offeredTo === ae1!.id ? at9[0]!.id : at9[1]!.id, reason: 'price' },
      h.ctx(ae1!.id),
    );
    await advanceTo(h, node, new Date('2026-12-02T11:30:00Z'));
    expect(await lead(leads[3]!.id)).toMatchObject({ status: 'offered', offeredTo: ae1!.id });
    // Each lead was offered exactly once so far, one message each.
    expect(node.sender.of('lead.offered')).toHaveLength(4);
    expect(await offShiftSends()).toEqual([]);
  });

  it('when an AE is added', async () => {
    await setUp('2026-12-01T10:00:00Z', { aes: 0 });
    const l = await newLead();
    expect(l.status).toBe('queued');
    // Nobody to wait for: managers are told.
    expect(node.sender.of('lead.queued')).toHaveLength(1);
    const { addMember } = await import('../../src/core/roster/index.js');
    h.clock.set(new Date('2026-12-01T10:30:00Z'));
    await addMember(
      node.core,
      { name: 'Nia', handle: 'nia', roles: ['ae'], address: 'console:nia' },
      h.ctx(t.admin.id),
    );
    await advanceTo(h, node, new Date('2026-12-01T10:30:00Z'));
    expect((await lead(l.id)).offeredTo).toBeDefined();
    expect(DateTime.fromJSDate((await lead(l.id)).offers[0]!.at).toISO()).toBe(
      DateTime.fromISO('2026-12-01T10:30:00Z').toISO(),
    );
  });
});
