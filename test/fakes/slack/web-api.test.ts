// The fake's Web API semantics, through the real @slack/web-api client (as Bolt ships it).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { webApi } from '@slack/bolt';
import { createFakeSlack, dmChannelFor, type FakeSlack } from './fake-slack.js';
import { recordingLogger } from './recording-logger.js';

const ALICE = 'U0ALICE';
const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const modal = (title: string) => ({
  type: 'modal' as const,
  title: { type: 'plain_text' as const, text: title },
  blocks: [],
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the fake Web API', () => {
  let fake: FakeSlack;
  let client: InstanceType<typeof webApi.WebClient>;

  beforeAll(async () => {
    fake = await createFakeSlack({
      users: [{ id: ALICE, name: 'alice', tz: 'Asia/Tokyo', locale: 'ja-JP', email: 'alice@example.com' }],
      tokens: ['xoxb-good'],
      methods: { 'reactions.add': () => ({ body: { ok: true } }) },
    });
    client = new webApi.WebClient('xoxb-good', {
      slackApiUrl: fake.url,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      logger: recordingLogger(),
    });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it('reads form bodies (what the WebClient sends) and JSON bodies alike', async () => {
    await client.chat.postMessage({
      channel: 'C1',
      text: 'form',
      blocks: [section('form')],
      unfurl_links: false,
    });
    const res = await fetch(`${fake.url}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: 'Bearer xoxb-good' },
      body: JSON.stringify({ channel: 'C1', text: 'json', blocks: [section('json')] }),
    });
    expect(await res.json()).toMatchObject({ ok: true, channel: 'C1' });
    const [form, json] = fake.calls('chat.postMessage');
    expect(form).toMatchObject({
      token: 'xoxb-good',
      args: { blocks: [section('form')], unfurl_links: 'false' },
    });
    expect(json).toMatchObject({ token: 'xoxb-good', args: { blocks: [section('json')] } });
    expect(fake.messagesIn('C1').map((m) => m.text)).toEqual(['form', 'json']);
    // Like Slack, blocks sent without a block_id are stored with a generated one.
    expect(fake.messagesIn('C1')[0]!.blocks).toEqual([
      { ...section('form'), block_id: expect.stringMatching(/^[\w-]{4}$/) },
    ]);
    const [first, second] = fake.messagesIn('C1');
    expect(Number(second!.ts)).toBeGreaterThan(Number(first!.ts));
  });

  it('answers auth problems and unknown methods like Slack; custom methods can be added', async () => {
    const call = (method: string, headers: Record<string, string>) =>
      fetch(`${fake.url}${method}`, { method: 'POST', headers, body: '' }).then((r) => r.json());
    expect(await call('auth.test', {})).toEqual({ ok: false, error: 'not_authed' });
    expect(await call('auth.test', { authorization: 'Bearer xoxb-other' })).toEqual({
      ok: false,
      error: 'invalid_auth',
    });
    expect(await call('chat.scheduleMessage', { authorization: 'Bearer xoxb-good' })).toEqual({
      ok: false,
      error: 'unknown_method',
    });
    await expect(client.auth.test()).resolves.toMatchObject({
      user_id: fake.bot.userId,
      bot_id: fake.bot.botId,
      team_id: fake.team.id,
    });
    await expect(
      client.reactions.add({ channel: 'C1', timestamp: '1.2', name: 'eyes' }),
    ).resolves.toMatchObject({ ok: true });
  });

  it('updates, deletes, posts ephemerals, and posts to a user id in their DM', async () => {
    const posted = await client.chat.postMessage({ channel: ALICE, text: 'hi' });
    expect(posted.channel).toBe(dmChannelFor(ALICE));
    const opened = await client.conversations.open({ users: ALICE });
    expect(opened.channel?.id).toBe(posted.channel);
    await client.chat.update({
      channel: posted.channel!,
      ts: posted.ts!,
      text: 'edited',
      blocks: [section('edited')],
    });
    expect(fake.lastMessageTo(ALICE)).toMatchObject({ text: 'edited', edited: { user: fake.bot.userId } });
    await expect(
      client.chat.update({ channel: posted.channel!, ts: '1.000001', text: 'x' }),
    ).rejects.toMatchObject({
      data: { error: 'message_not_found' },
    });
    await client.chat.postEphemeral({ channel: 'C2', user: ALICE, text: 'only you' });
    expect(fake.ephemeralsIn('C2')).toEqual([
      expect.objectContaining({ text: 'only you', ephemeral_to: ALICE }),
    ]);
    await client.chat.delete({ channel: posted.channel!, ts: posted.ts! });
    expect(fake.messagesIn(ALICE)).toEqual([]);
    await expect(client.chat.postMessage({ channel: '#general', text: 'x' })).rejects.toMatchObject({
      data: { error: 'channel_not_found' },
    });
  });

  it('pages conversations.history newest first, with message metadata only when asked', async () => {
    const metadata = { event_type: 'baton_outbox', event_payload: { id: 'n1' } };
    await client.chat.postMessage({ channel: 'C1', text: 'one', metadata });
    await client.chat.postMessage({ channel: 'C1', text: 'two' });
    await client.chat.postMessage({ channel: 'C1', text: 'three' });
    const first = await client.conversations.history({ channel: 'C1', limit: 2 });
    expect(first.messages?.map((m) => m.text)).toEqual(['three', 'two']);
    expect(first).toMatchObject({ has_more: true, response_metadata: { next_cursor: '2' } });
    const rest = await client.conversations.history({ channel: 'C1', limit: 2, cursor: '2' });
    expect(rest.messages).toEqual([expect.not.objectContaining({ metadata: expect.anything() })]);
    const all = await client.conversations.history({ channel: 'C1', include_all_metadata: true });
    expect(all.messages?.at(-1)).toMatchObject({ text: 'one', metadata });
    await expect(client.conversations.history({ channel: 'nope' })).rejects.toMatchObject({
      data: { error: 'channel_not_found' },
    });
  });

  it('looks users up with their time zone and locale', async () => {
    const info = await client.users.info({ user: ALICE, include_locale: true });
    expect(info.user).toMatchObject({
      id: ALICE,
      name: 'alice',
      tz: 'Asia/Tokyo',
      tz_offset: 9 * 3600,
      locale: 'ja-JP',
      is_bot: false,
    });
    expect((await client.users.info({ user: fake.bot.userId })).user).toMatchObject({ is_bot: true });
    expect((await client.users.lookupByEmail({ email: 'ALICE@example.com' })).user?.id).toBe(ALICE);
    await expect(client.users.info({ user: 'U0NOBODY' })).rejects.toMatchObject({
      data: { error: 'user_not_found' },
    });
  });

  it('exchanges a trigger_id once, within its lifetime, and stacks at most 3 modals', async () => {
    await expect(client.views.open({ trigger_id: 'made.up', view: modal('A') })).rejects.toMatchObject({
      data: { error: 'invalid_trigger_id' },
    });
    const trigger = fake.issueTriggerId(ALICE);
    const root = await client.views.open({ trigger_id: trigger, view: modal('Root') });
    await expect(client.views.open({ trigger_id: trigger, view: modal('Again') })).rejects.toMatchObject({
      data: { error: 'exchanged_trigger_id' },
    });
    await client.views.push({ trigger_id: fake.issueTriggerId(ALICE), view: modal('Second') });
    const third = await client.views.push({ trigger_id: fake.issueTriggerId(ALICE), view: modal('Third') });
    expect(third.view).toMatchObject({
      root_view_id: root.view!.id,
      previous_view_id: expect.stringMatching(/^V/),
    });
    await expect(
      client.views.push({ trigger_id: fake.issueTriggerId(ALICE), view: modal('Fourth') }),
    ).rejects.toMatchObject({
      data: { error: 'push_limit_reached' },
    });
    const updated = await client.views.update({
      view_id: root.view!.id!,
      hash: root.view!.hash!,
      view: modal('Root 2'),
    });
    expect(updated.view).toMatchObject({ id: root.view!.id, title: { text: 'Root 2' } });
    await expect(
      client.views.update({ view_id: root.view!.id!, hash: root.view!.hash!, view: modal('Stale') }),
    ).rejects.toMatchObject({
      data: { error: 'hash_conflict' },
    });
  });

  it('expires trigger_ids (3 s on Slack; shortened here)', async () => {
    const quick = await createFakeSlack({ triggerTtlMs: 1 });
    try {
      const c = new webApi.WebClient('xoxb-t', { slackApiUrl: quick.url, retryConfig: { retries: 0 } });
      const trigger = quick.issueTriggerId(ALICE);
      await sleep(20);
      await expect(c.views.open({ trigger_id: trigger, view: modal('Late') })).rejects.toMatchObject({
        data: { error: 'expired_trigger_id' },
      });
    } finally {
      await quick.close();
    }
  });

  it('publishes home tabs and refuses invalid views with invalid_arguments', async () => {
    const home = { type: 'home' as const, blocks: [section('Your pipeline')] };
    const first = await client.views.publish({ user_id: ALICE, view: home });
    const again = await client.views.publish({ user_id: ALICE, view: home });
    expect(again.view?.id).toBe(first.view?.id);
    const bad = client.views.publish({
      user_id: ALICE,
      view: { type: 'home', blocks: [{ type: 'header', text: { type: 'mrkdwn', text: 'x' } }] } as never,
    });
    await expect(bad).rejects.toMatchObject({
      data: {
        error: 'invalid_arguments',
        response_metadata: {
          messages: ['[ERROR] must be "plain_text" [json-pointer:/view/blocks/0/text/type]'],
        },
      },
    });
    expect(fake.violations).toEqual([
      expect.objectContaining({ method: 'views.publish', error: 'invalid_arguments' }),
    ]);
  });

  it('serves response_urls: ephemeral by default, in_channel, replace/delete original, 5 uses', async () => {
    const post = (url: string, body: unknown) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const original = await client.chat.postMessage({ channel: 'C3', text: 'lead' });
    const url = fake.issueResponseUrl({ channel: 'C3', user: ALICE, messageTs: original.ts! });
    expect((await post(url, { text: 'just you' })).status).toBe(200);
    expect(fake.ephemeralsIn('C3')).toEqual([
      expect.objectContaining({ text: 'just you', ephemeral_to: ALICE }),
    ]);
    await post(url, { text: 'everyone', response_type: 'in_channel' });
    expect(fake.messagesIn('C3').map((m) => m.text)).toEqual(['lead', 'everyone']);
    const invalid = await post(url, { text: 'x', blocks: [{ type: 'nope' }] });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({
      ok: false,
      error: 'invalid_blocks',
      errors: ['unsupported type: nope [json-pointer:/blocks/0]'],
    });
    await post(url, { delete_original: true });
    expect(fake.messagesIn('C3').map((m) => m.text)).toEqual(['everyone']);
    await post(url, { text: 'fifth' });
    expect(await (await post(url, { text: 'sixth' })).json()).toEqual({ ok: false, error: 'used_url' });
    expect(fake.calls('response_url').map((c) => c.status)).toEqual([200, 200, 400, 200, 200, 404]);
    expect(fake.violations.map((v) => v.method)).toEqual(['response_url']);
  });

  it('injects failures: HTTP errors and error codes, once or several times', async () => {
    fake.failNext('chat.postMessage', { status: 500, times: 2 });
    await expect(client.chat.postMessage({ channel: 'C4', text: 'a' })).rejects.toMatchObject({
      code: 'slack_webapi_http_error',
      statusCode: 500,
    });
    await expect(client.chat.postMessage({ channel: 'C4', text: 'b' })).rejects.toMatchObject({
      statusCode: 500,
    });
    fake.failNext('chat.postMessage', { status: 200, error: 'is_archived' });
    await expect(client.chat.postMessage({ channel: 'C4', text: 'c' })).rejects.toMatchObject({
      data: { error: 'is_archived' },
    });
    await expect(client.chat.postMessage({ channel: 'C4', text: 'd' })).resolves.toMatchObject({ ok: true });
    expect(fake.messagesIn('C4').map((m) => m.text)).toEqual(['d']);
    expect(fake.ratelimitedCount).toBe(0);
  });

  it('takes files through the upload v2 flow', async () => {
    const result = await client.filesUploadV2({
      channel_id: 'C5',
      filename: 'pipeline.csv',
      content: 'a,b\n1,2\n',
      initial_comment: 'Weekly',
    });
    expect(result.ok).toBe(true);
    expect(fake.calls().map((c) => c.method)).toEqual([
      'files.getUploadURLExternal',
      'files.completeUploadExternal',
    ]);
    expect(fake.lastMessageTo('C5')).toMatchObject({
      text: 'Weekly',
      files: [{ name: 'pipeline.csv', title: 'pipeline.csv' }],
    });
  });

  it('waits for calls, and says what it saw when none matches', async () => {
    const waiting = fake.waitForCall('chat.postMessage', (c) => c.args.text === 'later');
    await client.chat.postMessage({ channel: 'C6', text: 'now' });
    await client.chat.postMessage({ channel: 'C6', text: 'later' });
    expect((await waiting).args.channel).toBe('C6');
    await expect(fake.waitForCall('views.open', undefined, 50)).rejects.toThrow(
      /no views\.open call matched within 50 ms; calls so far:\n {2}chat\.postMessage → 200/,
    );
  });
});
