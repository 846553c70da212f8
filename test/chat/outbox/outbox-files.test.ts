// Files that go with a message (the team digest's CSV) through the outbox on the real database:
// recorded with the entry before anything is sent, so retries, takeovers after a stalled process
// and two processes racing send the message once and each file once, with the bytes first rendered.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createOutbox, type Outbox, type OutboxDeps } from '../../../src/chat/outbox/outbox.js';
import type { Message } from '../../../src/chat/message.js';
import type { NoticeRenderer } from '../../../src/chat/ports.js';
import type { Notice } from '../../../src/core/notices.js';
import { createLogger } from '../../../src/logger.js';
import { createCoreHarness, seedTeam, type CoreHarness, type SeededTeam } from '../../support/core.js';
import { RecordingSender } from './recording-sender.js';
import { MongoOutboxStore } from '../../../src/store/mongo-outbox-store.js';

const log = createLogger({ level: 'silent' });
let h: CoreHarness;
let t: SeededTeam;
let renders: number;
const outboxes: Outbox[] = [];

/** Each render puts its number into the file, so a test can tell which render's bytes went out. */
const renderer: NoticeRenderer = {
  render(notice: Notice): Promise<Message> {
    const n = ++renders;
    return Promise.resolve({
      summary: `${notice.body.kind} render ${n}`,
      blocks: [{ type: 'text', text: [{ t: 'text', v: 'leaders and laggards' }] }],
      files: [
        {
          name: 'team-2026-12-07.csv',
          title: 'Team table',
          mime: 'text/csv',
          bytes: new TextEncoder().encode(`name,claimed\nAnna,${n}\n`),
        },
      ],
    });
  },
};

beforeEach(async () => {
  renders = 0;
  h = await createCoreHarness();
  t = await seedTeam(h, { aes: 1 });
});
afterEach(async () => {
  for (const o of outboxes.splice(0)) await o.stop(0);
  await h.close();
});

async function outbox(sender: RecordingSender, extra: Partial<OutboxDeps> = {}): Promise<Outbox> {
  const o = createOutbox({
    store: new MongoOutboxStore(h.conn.db!),
    people: h.deps.stores.people,
    teams: h.deps.stores.teams,
    renderer,
    senders: [sender],
    defaults: h.deps.defaults,
    log,
    leaseTimeoutMs: 300,
    backoffMs: () => 20,
    ...extra,
  });
  outboxes.push(o);
  await o.start();
  return o;
}

const teamDigest = (): Notice => ({
  key: `digest:${t.admin.id}:2026-12-07:team`,
  to: { personId: t.admin.id },
  body: { kind: 'digest', personId: t.admin.id, date: '2026-12-07', scope: 'team' },
});
const text = (b: Uint8Array) => new TextDecoder().decode(b);
const entry = () => h.conn.db!.collection('outbox').findOne({});

describe('outbox files', () => {
  it('sends the message, then its file; the settled entry keeps where each went, not the bytes', async () => {
    const sender = new RecordingSender('console');
    const o = await outbox(sender);
    await o.notify([teamDigest()]);
    await o.drain();
    expect(sender.sent).toHaveLength(1);
    expect(sender.sent[0]!.message.files).toBeUndefined();
    expect(sender.files.map((f) => [f.file.name, text(f.file.bytes), f.after])).toEqual([
      ['team-2026-12-07.csv', 'name,claimed\nAnna,1\n', sender.sent[0]!.ref],
    ]);
    const settled = await entry();
    expect(settled).toMatchObject({
      status: 'sent',
      files: [{ name: 'team-2026-12-07.csv', ref: sender.files[0]!.ref }],
    });
    expect(settled!.files[0].bytes).toBeUndefined();
  });

  it('a file that failed is sent again alone, with the bytes recorded before the message went', async () => {
    const sender = new RecordingSender('console');
    sender.fileFailures.set('console:boss', [new Error('socket hang up'), new Error('socket hang up')]);
    const o = await outbox(sender);
    await o.notify([teamDigest()]);
    await o.drain();
    expect(sender.sent).toHaveLength(1);
    expect(renders).toBe(1);
    expect(sender.files.map((f) => text(f.file.bytes))).toEqual(['name,claimed\nAnna,1\n']);
    expect(o.metrics()).toMatchObject({ sent: 1, retried: 2, failed: 0 });
  });

  it('an upload whose answer was lost is found on the platform, not uploaded again', async () => {
    const sender = new RecordingSender('console', { canFind: true });
    sender.fileFailures.set('console:boss', [
      Object.assign(new Error('502 after upload'), { delivered: true }),
    ]);
    const o = await outbox(sender);
    await o.notify([teamDigest()]);
    await o.drain();
    expect(sender.sent).toHaveLength(1);
    expect(sender.files).toHaveLength(1);
    expect(await entry()).toMatchObject({ status: 'sent', files: [{ ref: sender.files[0]!.ref }] });
  });

  it('after a process stalls mid-upload, another takes over and sends only the file', async () => {
    const stalled = new RecordingSender('console');
    let release: (err: Error) => void = () => undefined;
    stalled.sendFile = () => new Promise((_, reject) => (release = reject));
    const a = await outbox(stalled, { owner: 'process-a' });
    await a.notify([teamDigest()]);
    while (!(await entry())?.ref) await new Promise((r) => setTimeout(r, 10));

    const other = new RecordingSender('console', { canFind: true });
    const b = await outbox(other, { owner: 'process-b' });
    await new Promise((r) => setTimeout(r, 400)); // process-a's lease lapses
    await b.sweep();
    await b.drain();
    release(new Error('process-a woke up'));
    await a.drain();

    expect(stalled.sent).toHaveLength(1);
    expect(other.sent).toHaveLength(0);
    expect(other.files.map((f) => [text(f.file.bytes), f.after])).toEqual([
      ['name,claimed\nAnna,1\n', stalled.sent[0]!.ref],
    ]);
    expect(renders).toBe(1);
    expect(await entry()).toMatchObject({ status: 'sent', attempt: 2 });
  });

  it('two processes given the same digest at once send one message and one file', async () => {
    const platform = new RecordingSender('console', { canFind: true, delayMs: 5 });
    const [a, b] = [
      await outbox(platform, { owner: 'process-a' }),
      await outbox(platform, { owner: 'process-b' }),
    ];
    await Promise.all([a.notify([teamDigest()]), b.notify([teamDigest()]), a.notify([teamDigest()])]);
    await Promise.all([a.drain(), b.drain()]);
    expect(platform.sent).toHaveLength(1);
    expect(platform.files).toHaveLength(1);
    expect(await h.conn.db!.collection('outbox').countDocuments({})).toBe(1);
  });
});
