// A meeting's invite goes out once per person however many processes deliver it: the same
// /meeting request handled by two processes at once (a retried Slack request), both outboxes
// sweeping, and a failed upload retried, still leave each of the AE and the SDR with one notice
// and one calendar file (the outbox entry, its lease and each file's ref are insert-once
// records on the real database).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createNoticeRenderer } from '../../src/chat/render/notice-renderer.js';
import { bookMeeting } from '../../src/core/meetings/book-meeting.js';
import { claimLead } from '../../src/core/leads/claim-lead.js';
import { createLead } from '../../src/core/leads/create-lead.js';
import {
  createCoreHarness,
  leadInput,
  seedTeam,
  type CoreHarness,
  type SeededTeam,
} from '../support/core.js';
import { parseInvite } from '../support/ical.js';
import { createNode, type BotNode } from './harness.js';

let h: CoreHarness;
let a: BotNode;
let b: BotNode;
let t: SeededTeam;
beforeAll(async () => {
  h = await createCoreHarness('2026-12-01T09:00:00Z');
  const renderer = () => createNoticeRenderer({ stores: h.deps.stores, clock: h.clock });
  a = await createNode(h, { ownConnection: true, renderer: renderer(), outbox: { backoffMs: () => 20 } });
  b = await createNode(h, { ownConnection: true, renderer: renderer(), outbox: { backoffMs: () => 20 } });
  t = await seedTeam(h, { sdrs: 1, aes: 1 });
});
afterAll(async () => {
  await a.close();
  await b.close();
  await h.close();
});

describe('meeting invites under a race', () => {
  it('sends the AE and the SDR one notice and one invite each, from two processes at once', async () => {
    const sdr = t.sdrs[0]!;
    const ae = t.aes[0]!;
    const created = await createLead(a.core, { input: leadInput() }, h.ctx(sdr.id));
    if (created.status !== 'created') throw new Error('expected a new lead');
    await claimLead(a.core, { leadRef: created.lead.id }, h.ctx(ae.id));
    await Promise.all([a.outbox.drain(), b.outbox.drain()]);
    // The first upload of the SDR's invite fails in whichever process sends it: the retry sends
    // only the file, not the notice again.
    const sdrAddress = `console:${sdr.handle}`;
    for (const n of [a, b]) n.sender.fileFailures.set(sdrAddress, [new Error('socket hang up')]);

    const slot = { startsAt: new Date('2026-12-03T14:00:00Z'), durationMin: 30, timezone: 'Europe/Berlin' };
    const ctx = { ...h.ctx(sdr.id), key: 'slack:trigger-1' };
    const booked = await Promise.allSettled([
      bookMeeting(a.core, { leadRef: created.lead.id, ...slot }, ctx),
      bookMeeting(b.core, { leadRef: created.lead.id, ...slot }, ctx),
    ]);
    expect(booked.some((r) => r.status === 'fulfilled')).toBe(true);
    await Promise.all([a.outbox.sweep(), b.outbox.sweep()]);
    await Promise.all([a.outbox.drain(), b.outbox.drain()]);
    await Promise.all([a.outbox.sweep(), b.outbox.sweep()]);
    await Promise.all([a.outbox.drain(), b.outbox.drain()]);

    const failed = [a, b].filter((n) => n.sender.fileFailures.get(sdrAddress)?.length === 0);
    expect(failed.length).toBeGreaterThanOrEqual(1);
    const lead = (await h.deps.stores.leads.get(created.lead.id))!;
    expect(lead.meetings).toHaveLength(1);
    const files = [...a.sender.files, ...b.sender.files].filter((f) => f.file.name.endsWith('.ics'));
    const to = (f: { target: { kind: string; address?: string } }) => f.target.address;
    expect(files.map(to).sort()).toEqual([`console:${ae.handle}`, `console:${sdr.handle}`].sort());
    const notices = [...a.sender.sent, ...b.sender.sent].filter((s) => s.dedupeId.includes(':booked:'));
    expect(notices.map((s) => s.dedupeId).sort()).toEqual(
      [...new Set(notices.map((s) => s.dedupeId))].sort(),
    );
    expect(notices).toHaveLength(2);
    // Each file came after its own notice, and both describe the one meeting.
    for (const f of files) expect(notices.some((n) => n.ref.id === f.after.id)).toBe(true);
    const [x, y] = files.map((f) => parseInvite(f.file.bytes));
    expect(x!.uid).toBe(y!.uid);
    expect(x!.start.toISOString()).toBe('2026-12-03T14:00:00.000Z');
  }, 120_000);
});
