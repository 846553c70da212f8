import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isValidSlackRequest } from '@slack/bolt';
import { createFakeSlack, type FakeSlack } from './fake-slack.js';
import {
  blockAction,
  encodeForApp,
  eventCallback,
  signSlackRequest,
  slashCommand,
  viewSubmission,
} from './requests.js';

// The worked example of docs.slack.dev/authentication/verifying-requests-from-slack.
const DOC = {
  secret: '8f742231b10e8888abcd99yyyzzz85a5',
  timestamp: 1531420618,
  payload: {
    token: 'xyzz0WbapA4vBCDEFasx0q6G',
    team_id: 'T1DC2JH3J',
    team_domain: 'testteamnow',
    channel_id: 'G8PSS9T3V',
    channel_name: 'foobar',
    user_id: 'U2CERLKJA',
    user_name: 'roadrunner',
    command: '/webhook-collect',
    text: '',
    response_url: 'https://hooks.slack.com/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN',
    trigger_id: '398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
  },
  body: 'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
  signature: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
};

describe('signing and encoding', () => {
  it("reproduces Slack's documented example byte for byte", () => {
    const { body, contentType } = encodeForApp('command', DOC.payload);
    expect(contentType).toBe('application/x-www-form-urlencoded');
    expect(body).toBe(DOC.body);
    expect(signSlackRequest(DOC.secret, body, DOC.timestamp)).toEqual({
      'X-Slack-Signature': DOC.signature,
      'X-Slack-Request-Timestamp': '1531420618',
    });
  });

  it("signs what Bolt's own verifier accepts, for every kind", () => {
    const now = Math.floor(Date.now() / 1000);
    for (const kind of ['command', 'interaction', 'event'] as const) {
      const { body } = encodeForApp(kind, { type: 'x', text: 'a b&c=d ✓' });
      const h = signSlackRequest('s3cret', body, now);
      const headers = { 'x-slack-signature': h['X-Slack-Signature'], 'x-slack-request-timestamp': now };
      expect(isValidSlackRequest({ signingSecret: 's3cret', body, headers })).toBe(true);
      expect(isValidSlackRequest({ signingSecret: 'other', body, headers })).toBe(false);
    }
  });

  it('puts interactions in a payload= form field and events in JSON', () => {
    const interaction = encodeForApp('interaction', { type: 'block_actions' });
    expect(new URLSearchParams(interaction.body).get('payload')).toBe('{"type":"block_actions"}');
    expect(encodeForApp('event', { type: 'event_callback' })).toEqual({
      body: '{"type":"event_callback"}',
      contentType: 'application/json',
    });
  });
});

describe('payload builders', () => {
  let fake: FakeSlack;
  beforeAll(async () => {
    fake = await createFakeSlack({ users: [{ id: 'U0ALICE', name: 'alice' }] });
  });
  afterAll(() => fake.close());

  it('fills a slash command with a trigger_id and response_url issued by the fake', () => {
    const c = slashCommand(fake, {
      command: '/lead',
      text: 'Acme',
      user_id: 'U0ALICE',
      channel_id: 'D0ALICE',
    });
    expect(c).toMatchObject({
      user_name: 'alice',
      channel_name: 'directmessage',
      team_id: fake.team.id,
      api_app_id: fake.bot.appId,
    });
    expect(c.response_url.startsWith(`${fake.origin}/response/`)).toBe(true);
    expect(c.trigger_id).toMatch(/^\d+\.[0-9a-f]+$/);
  });

  it('finds an action in the message it comes from', () => {
    const message = {
      type: 'message' as const,
      channel: 'C1',
      ts: '1700000000.000100',
      text: 'x',
      user: fake.bot.userId,
      bot_id: fake.bot.botId,
      app_id: fake.bot.appId,
      team: fake.team.id,
      blocks: [
        {
          type: 'section',
          block_id: 'lead',
          text: { type: 'mrkdwn', text: 'x' },
          accessory: { type: 'static_select', action_id: 'stage', options: [] },
        },
      ],
    };
    const a = blockAction(fake, {
      user: 'U0ALICE',
      message,
      actions: [{ action_id: 'stage', selected_option: { value: 'won' } }],
    });
    expect(a.container).toEqual({
      type: 'message',
      message_ts: message.ts,
      channel_id: 'C1',
      is_ephemeral: false,
    });
    expect(a.channel).toEqual({ id: 'C1', name: 'c1' });
    expect(a.message).not.toHaveProperty('channel');
    expect(a.actions[0]).toMatchObject({
      type: 'static_select',
      block_id: 'lead',
      action_id: 'stage',
      selected_option: { value: 'won' },
    });
  });

  it('builds view submissions and event envelopes', () => {
    const v = viewSubmission(fake, { user: 'U0ALICE', view: { callback_id: 'f', state: { values: {} } } });
    expect(v).toMatchObject({
      type: 'view_submission',
      user: { id: 'U0ALICE', name: 'alice' },
      view: { callback_id: 'f', type: 'modal' },
    });
    const e = eventCallback(fake, { type: 'app_home_opened', user: 'U0ALICE', tab: 'home' });
    expect(e).toMatchObject({
      type: 'event_callback',
      team_id: fake.team.id,
      event: { type: 'app_home_opened' },
    });
    expect(e.event_id).toMatch(/^Ev[0-9A-Z]+$/);
  });
});
