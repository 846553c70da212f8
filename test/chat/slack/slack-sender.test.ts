// The outbox's Slack sender against the fake Slack over HTTP: DMs and channels, card edits,
// crash recovery through message metadata, and Slack's refusals in the outbox's terms.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { webApi } from '@slack/bolt';
import { PermanentSendError, RateLimitedError, type PlatformSender } from '../../../src/chat/ports.js';
import { createSlackSender, OUTBOX_EVENT_TYPE } from '../../../src/chat/slack/slack-sender.js';
import { createFakeSlack, dmChannelFor, type FakeSlack } from '../../fakes/slack/index.js';

const card = (company: string) => ({
  summary: `New lead ${company}`,
  blocks: [
    { type: 'header' as const, text: company },
    {
      type: 'actions' as const,
      buttons: [{ label: 'Claim', action: { id: 'lead.claim' as const, ref: 'lead_1' } }],
    },
  ],
});

describe('createSlackSender', () => {
  let fake: FakeSlack;
  let sender: PlatformSender;

  beforeAll(async () => {
    fake = await createFakeSlack({ users: [{ id: 'U0ANNA', name: 'anna' }] });
    const client = new webApi.WebClient('xoxb-bulk', {
      slackApiUrl: fake.url,
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 0 },
    });
    sender = createSlackSender(client, { teamId: async () => Promise.resolve(fake.team.id) });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it('sends to a DM (opening it once) and to a channel, with the outbox id in message metadata', async () => {
    const dm = { kind: 'dm' as const, address: `slack:${fake.team.id}:U0ANNA` };
    const a = await sender.send(dm, card('Acme'), { dedupeId: 'n1|dm' });
    const b = await sender.send(dm, card('Globex'), { dedupeId: 'n2|dm' });
    expect(a).toMatchObject({ platform: 'slack', channel: dmChannelFor('U0ANNA') });
    expect(b.id).not.toBe(a.id);
    expect(fake.calls('conversations.open')).toHaveLength(1);
    expect(fake.messagesIn('U0ANNA').map((m) => m.metadata)).toEqual([
      { event_type: OUTBOX_EVENT_TYPE, event_payload: { id: 'n1|dm' } },
      { event_type: OUTBOX_EVENT_TYPE, event_payload: { id: 'n2|dm' } },
    ]);
    await sender.send({ kind: 'channel', platform: 'slack', id: 'C0LEADS' }, card('Initech'), {
      dedupeId: 'n3',
    });
    expect(fake.lastMessageTo('C0LEADS')).toMatchObject({ text: 'New lead Initech' });
    fake.expectNoViolations();
  });

  it('edits a sent card and finds a message already delivered under an outbox id', async () => {
    const target = { kind: 'channel' as const, platform: 'slack' as const, id: 'C0LEADS' };
    const ref = await sender.send(target, card('Acme'), { dedupeId: 'card|C0LEADS' });
    await sender.update(ref, {
      summary: 'Claimed by Anna',
      blocks: [{ type: 'text', text: [{ t: 'text', v: 'Claimed' }] }],
    });
    expect(fake.lastMessageTo('C0LEADS')).toMatchObject({
      ts: ref.id,
      text: 'Claimed by Anna',
      edited: expect.anything(),
    });
    expect(await sender.findSent!(target, 'card|C0LEADS')).toEqual(ref);
    expect(await sender.findSent!(target, 'never-sent')).toBeNull();
    fake.expectNoViolations();
  });

  it('turns a 429 into RateLimitedError (Retry-After in ms) without sleeping, and refusals into PermanentSendError', async () => {
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 7 });
    const started = Date.now();
    const limited = await sender
      .send({ kind: 'channel', platform: 'slack', id: 'C0BUSY' }, card('A'), { dedupeId: 'x' })
      .catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect((limited as RateLimitedError).retryAfterMs).toBe(7000);
    expect(Date.now() - started).toBeLessThan(3000);

    fake.failNext('chat.postMessage', { status: 200, error: 'not_in_channel' });
    await expect(
      sender.send({ kind: 'channel', platform: 'slack', id: 'C0OUT' }, card('B'), { dedupeId: 'y' }),
    ).rejects.toBeInstanceOf(PermanentSendError);
    await expect(
      sender.send({ kind: 'dm', address: 'telegram:42' }, card('C'), { dedupeId: 'z' }),
    ).rejects.toBeInstanceOf(PermanentSendError);
    expect(fake.messagesIn('C0BUSY')).toEqual([]);
  });

  it('uploads PNG images as files after the message (upload v2 flow)', async () => {
    const ref = await sender.send(
      { kind: 'channel', platform: 'slack', id: 'C0DIGEST' },
      {
        summary: 'Digest',
        blocks: [{ type: 'image', png: new Uint8Array([137, 80, 78, 71, 1, 2, 3]), alt: 'Funnel' }],
      },
      { dedupeId: 'digest' },
    );
    const done = await fake.waitForCall('files.completeUploadExternal');
    expect(done.args).toMatchObject({ channel_id: ref.channel });
    expect(fake.messagesIn(ref.channel).map((m) => m.text)).toEqual(['Digest', undefined]);
    expect(done.response).toMatchObject({ ok: true });
    fake.expectNoViolations();
  });
});
