// The fake against the real thing: a real Bolt App (HTTP receiver, real WebClient) talking to the
// fake Slack, driven by signed requests as Slack sends them.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { App } from '@slack/bolt';
import type { Server } from 'node:http';
import { createFakeSlack, type FakeSlack } from './fake-slack.js';
import { recordingLogger } from './recording-logger.js';
import {
  appEventsUrl,
  blockAction,
  eventCallback,
  postToApp,
  slashCommand,
  TEST_SIGNING_SECRET,
  urlVerification,
  userMessage,
  viewSubmission,
} from './requests.js';

const ALICE = 'U0ALICE';

const leadBlocks = (lead: string) => [
  { type: 'header', text: { type: 'plain_text', text: 'New lead' } },
  { type: 'section', block_id: 'lead', text: { type: 'mrkdwn', text: `*${lead}* wants a demo` } },
  {
    type: 'actions',
    block_id: 'lead_actions',
    elements: [
      { type: 'button', action_id: 'claim', text: { type: 'plain_text', text: 'Claim' }, value: lead },
    ],
  },
];

/** Settles with the error a listener caught (or undefined). */
function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('fake Slack with a real Bolt app', () => {
  let fake: FakeSlack;
  let app: App;
  let appUrl: string;
  let brokenPost = deferred<unknown>();
  const retries: (number | undefined)[] = [];
  const errorLogs: string[] = [];

  beforeAll(async () => {
    fake = await createFakeSlack({
      users: [{ id: ALICE, name: 'alice', tz: 'Europe/Berlin' }],
      // One message per 5 s per channel: a second post is limited however slow the machine is.
      rateLimits: { perChannelPerSecond: 0.2, burst: 1 },
    });
    app = new App({
      token: 'xoxb-test',
      signingSecret: TEST_SIGNING_SECRET,
      logger: recordingLogger(errorLogs),
      clientOptions: { slackApiUrl: fake.url, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true },
    });
    app.command('/lead', async ({ ack, client, command }) => {
      await ack();
      await client.chat.postMessage({
        channel: command.channel_id,
        text: `New lead: ${command.text}`,
        blocks: leadBlocks(command.text),
      });
      await client.views.open({
        trigger_id: command.trigger_id,
        view: {
          type: 'modal',
          callback_id: 'lead_form',
          private_metadata: JSON.stringify({ channel: command.channel_id }),
          title: { type: 'plain_text', text: 'Qualify lead' },
          submit: { type: 'plain_text', text: 'Save' },
          blocks: [
            {
              type: 'input',
              block_id: 'budget',
              label: { type: 'plain_text', text: 'Budget' },
              element: { type: 'plain_text_input', action_id: 'value' },
            },
          ],
        },
      });
    });
    app.command('/broken', async ({ ack, client, command }) => {
      await ack();
      try {
        await client.chat.postMessage({
          channel: command.channel_id,
          text: 'broken',
          // A button without text: deliberately not a valid KnownBlock, hence the cast.
          blocks: [{ type: 'actions', elements: [{ type: 'button', action_id: 'x' }] }] as never,
        });
        brokenPost.resolve(undefined);
      } catch (err) {
        brokenPost.resolve(err);
      }
    });
    app.action('claim', async ({ ack, respond, body }) => {
      await ack();
      await respond({ replace_original: true, text: `Claimed by <@${body.user.id}>` });
    });
    app.view('lead_form', async ({ ack, view }) => {
      const budget = view.state.values.budget?.value?.value ?? '';
      if (!/^\d+$/.test(budget))
        await ack({ response_action: 'errors', errors: { budget: 'Enter a number' } });
      else await ack();
    });
    app.message(({ context, message }) => {
      if (message.subtype === undefined) retries.push(context.retryNum);
      return Promise.resolve();
    });
    const server = (await app.start(0)) as Server;
    appUrl = appEventsUrl(server);
  });

  afterAll(async () => {
    await app.stop();
    await fake.close();
  });

  afterEach(() => {
    brokenPost = deferred<unknown>();
  });

  it('runs a slash command: ack, postMessage with blocks, views.open with the issued trigger_id', async () => {
    const command = slashCommand(fake, {
      command: '/lead',
      text: 'Acme',
      user_id: ALICE,
      channel_id: 'C0LEADS',
    });
    const res = await postToApp(appUrl, 'command', command);
    expect(res.status).toBe(200);

    const opened = await fake.waitForCall('views.open');
    expect(opened.response).toMatchObject({ ok: true });
    expect(opened.args.trigger_id).toBe(command.trigger_id);
    const post = fake.calls('chat.postMessage')[0]!;
    expect(post).toMatchObject({
      token: 'xoxb-test',
      status: 200,
      args: { channel: 'C0LEADS', text: 'New lead: Acme' },
    });
    expect(fake.lastMessageTo('C0LEADS')).toMatchObject({ text: 'New lead: Acme', user: fake.bot.userId });
    expect(fake.views()).toEqual([
      expect.objectContaining({ callback_id: 'lead_form', user: ALICE, type: 'modal' }),
    ]);
    fake.expectNoViolations();

    // The modal the app opened, submitted with a bad value, then a good one.
    const [modal] = fake.views();
    const submit = (value: string) =>
      postToApp(
        appUrl,
        'interaction',
        viewSubmission(fake, {
          user: ALICE,
          view: { ...modal!, state: { values: { budget: { value: { type: 'plain_text_input', value } } } } },
        }),
      );
    expect((await submit('lots')).json).toEqual({
      response_action: 'errors',
      errors: { budget: 'Enter a number' },
    });
    expect(await submit('5000')).toMatchObject({ status: 200, body: '' });
  });

  it('serves the response_url of a block action: respond() replaces the original message', async () => {
    await app.client.chat.postMessage({
      channel: 'C0CLAIM',
      text: 'New lead: Globex',
      blocks: leadBlocks('Globex'),
    });
    const message = fake.lastMessageTo('C0CLAIM')!;
    const payload = blockAction(fake, { user: ALICE, message, actions: [{ action_id: 'claim' }] });
    expect(payload.actions[0]).toMatchObject({ type: 'button', block_id: 'lead_actions', value: 'Globex' });

    expect((await postToApp(appUrl, 'interaction', payload)).status).toBe(200);
    const responded = await fake.waitForCall('response_url');
    expect(responded).toMatchObject({ status: 200, args: { replace_original: true } });
    expect(fake.messagesIn('C0CLAIM')).toHaveLength(1);
    expect(fake.lastMessageTo('C0CLAIM')).toMatchObject({ ts: message.ts, text: `Claimed by <@${ALICE}>` });
    expect(fake.lastMessageTo('C0CLAIM')!.blocks).toBeUndefined();
    fake.expectNoViolations();
  });

  it('rejects a bad signature (401), a stale timestamp (401) and a charset suffix (400); no listener runs', async () => {
    const before = fake.calls().length;
    const command = () =>
      slashCommand(fake, { command: '/lead', text: 'Evil', user_id: ALICE, channel_id: 'C0EVIL' });
    expect((await postToApp(appUrl, 'command', command(), { badSignature: true })).status).toBe(401);
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    expect((await postToApp(appUrl, 'command', command(), { timestamp: stale })).status).toBe(401);
    const charset = 'application/x-www-form-urlencoded; charset=utf-8';
    expect((await postToApp(appUrl, 'command', command(), { contentType: charset })).status).toBe(400);
    expect(fake.calls().slice(before)).toEqual([]);
    expect(fake.messagesIn('C0EVIL')).toEqual([]);
  });

  it('refuses invalid blocks like Slack (invalid_blocks) and records the violation', async () => {
    const res = await postToApp(
      appUrl,
      'command',
      slashCommand(fake, { command: '/broken', user_id: ALICE, channel_id: 'C0BROKEN' }),
    );
    expect(res.status).toBe(200);
    const err = (await brokenPost.promise) as { code?: string; data?: Record<string, unknown> };
    expect(err.code).toBe('slack_webapi_platform_error');
    expect(err.data).toMatchObject({
      ok: false,
      error: 'invalid_blocks',
      errors: ['missing required field: text [json-pointer:/blocks/0/elements/0]'],
    });
    expect(fake.violations).toEqual([
      expect.objectContaining({ method: 'chat.postMessage', error: 'invalid_blocks' }),
    ]);
    expect(() => fake.expectNoViolations()).toThrow(
      /chat\.postMessage → invalid_blocks\n\s+- missing required field: text/,
    );
    expect(fake.messagesIn('C0BROKEN')).toEqual([]);
    // Like Slack, the answer repeats the problems as response_metadata messages, which the WebClient logs.
    expect(errorLogs).toContainEqual(expect.stringContaining('missing required field: text'));
    fake.reset();
    fake.expectNoViolations();
  });

  it('serves 429 with Retry-After under the per-channel limit, and on failNext', async () => {
    const served = fake.ratelimitedCount;
    await app.client.chat.postMessage({ channel: 'C0BUSY', text: 'first' });
    const limited = await app.client.chat.postMessage({ channel: 'C0BUSY', text: 'second' }).then(
      () => undefined,
      (err: { code?: string; retryAfter?: number }) => err,
    );
    expect(limited?.code).toBe('slack_webapi_rate_limited_error');
    // 5 s until the next token, rounded up; 4 only if the machine stalled a whole second in between.
    expect(limited?.retryAfter).toBeGreaterThanOrEqual(4);
    expect(limited?.retryAfter).toBeLessThanOrEqual(5);
    // Another channel has its own budget.
    await expect(app.client.chat.postMessage({ channel: 'C0CALM', text: 'hi' })).resolves.toMatchObject({
      ok: true,
    });

    fake.failNext('users.info', { status: 429, retryAfter: 7 });
    await expect(app.client.users.info({ user: ALICE })).rejects.toMatchObject({ retryAfter: 7 });
    await expect(app.client.users.info({ user: ALICE })).resolves.toMatchObject({
      user: { tz: 'Europe/Berlin' },
    });

    expect(fake.ratelimitedCount - served).toBe(2);
    expect(fake.calls('chat.postMessage').filter((c) => c.status === 429)).toHaveLength(1);
    expect(fake.messagesIn('C0BUSY').map((m) => m.text)).toEqual(['first']);
  });

  it('answers url_verification and delivers events with their retry headers', async () => {
    const challenge = await postToApp(appUrl, 'event', urlVerification('abc123'));
    expect(challenge).toMatchObject({ status: 200, json: { challenge: 'abc123' } });

    const event = eventCallback(fake, userMessage(fake, { user: ALICE, channel: 'D0ALICE', text: 'hello' }));
    expect((await postToApp(appUrl, 'event', event)).status).toBe(200);
    expect(
      (await postToApp(appUrl, 'event', event, { retryNum: 1, retryReason: 'http_timeout' })).status,
    ).toBe(200);
    await waitUntil(() => retries.length === 2);
    expect(retries).toEqual([undefined, 1]);
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
