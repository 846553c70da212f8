// /lead end to end: real Bolt ↔ fake Slack over HTTP, real database. Quick syntax, the modal with
// field errors, duplicates with "Create anyway", and a command redelivered with X-Slack-Retry-Num.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  blockAction,
  postToApp,
  slashCommand,
  viewSubmission,
  type StoredView,
} from '../../fakes/slack/index.js';
import { buttonsOf, LEADS_CHANNEL, startHarness, textOf, type Harness } from './harness.js';

const SDR = 'U0SDR';
const AE = 'U0ANNA';

describe('/lead on Slack', () => {
  let h: Harness;
  const leads = () => h.app.stores.leads.list({ teamId: h.team.id });

  beforeAll(async () => {
    h = await startHarness({
      members: [
        { id: SDR, name: 'sam', real_name: 'Sam', roles: ['sdr'] },
        { id: AE, name: 'anna', real_name: 'Anna', roles: ['ae'] },
      ],
    });
  });
  afterAll(() => h.close());
  beforeEach(() => h.fake.reset());

  it('quick syntax: one lead, a card in the team channel, a DM to the offered AE with Claim/Pass and why', async () => {
    const res = await h.command(
      SDR,
      '/lead',
      'Acme Inc; Jane Doe, CTO; <mailto:jane@acme.com|jane@acme.com>; inbound; $25k; BN',
    );
    expect(res.status).toBe(200);
    await h.settle();

    const stored = await leads();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.fields).toMatchObject({
      company: 'Acme Inc',
      contact: { name: 'Jane Doe', email: 'jane@acme.com' },
    });
    const card = h.fake.lastMessageTo(LEADS_CHANNEL)!;
    expect(textOf(card)).toContain('Acme Inc');
    expect(buttonsOf(card)).toEqual([`lead.claim:${stored[0]!.id}`]);
    const dm = h.fake.lastMessageTo(AE)!;
    expect(buttonsOf(dm)).toEqual([`lead.claim:${stored[0]!.id}`, `lead.pass:${stored[0]!.id}`]);
    expect(textOf(dm)).toMatch(/Why you: /);
    // The SDR hears back ephemerally, through the command's response_url.
    const reply = h.fake.ephemeralsIn(LEADS_CHANNEL).find((m) => m.ephemeral_to === SDR);
    expect(textOf(reply)).toContain('Acme Inc');
    h.fake.expectNoViolations();
  });

  it('the same command redelivered with X-Slack-Retry-Num is processed once', async () => {
    const before = (await leads()).length;
    const command = slashCommand(h.fake, {
      command: '/lead',
      text: 'Globex; Hank Scorpio; hank@globex.com',
      user_id: SDR,
      channel_id: LEADS_CHANNEL,
    });
    const first = postToApp(h.url, 'command', command);
    const again = postToApp(h.url, 'command', command, { retryNum: 1, retryReason: 'http_timeout' });
    expect((await first).status).toBe(200);
    expect((await again).status).toBe(200);
    await h.settle();
    expect((await leads()).length).toBe(before + 1);
    expect(h.fake.calls('response_url')).toHaveLength(1);
    expect(h.fake.messagesIn(LEADS_CHANNEL).filter((m) => textOf(m).includes('Globex'))).toHaveLength(1);
  });

  it('no text: opens the modal on the trigger_id; an invalid email is a field error and stores nothing; corrected, it stores', async () => {
    const before = (await leads()).length;
    await h.command(SDR, '/lead');
    const opened = await h.fake.waitForCall('views.open');
    expect(opened.response).toMatchObject({ ok: true });
    const modal = h.fake.views().find((v) => v.user === SDR)!;
    expect(modal.callback_id).toBe('baton.form');

    const submit = (email: string) =>
      postToApp(
        h.url,
        'interaction',
        viewSubmission(h.fake, {
          user: SDR,
          view: { ...modal, state: leadState('Initech', 'Bill Lumbergh', email) },
        }),
      );
    const bad = await submit('bill@');
    expect(bad.status).toBe(200);
    expect(bad.json).toMatchObject({
      response_action: 'errors',
      errors: { email: expect.stringMatching(/email/i) },
    });
    expect((await leads()).length).toBe(before);

    const good = await submit('bill@initech.com');
    expect(good).toMatchObject({ status: 200, body: '' });
    await h.settle();
    const stored = await leads();
    expect(stored.length).toBe(before + 1);
    expect(stored.map((l) => l.fields.company)).toContain('Initech');
    // The answer goes where /lead was typed, through the command's response_url.
    await h.fake.waitForCall('response_url', (c) => JSON.stringify(c.args).includes('Initech'));
    h.fake.expectNoViolations();
  });

  it('a duplicate is shown with the existing lead and a "Create anyway" button that creates it', async () => {
    const before = (await leads()).length;
    await h.command(SDR, '/lead', 'Acme Inc again; Joe Acme; joe@acme.com');
    await h.settle();
    expect((await leads()).length).toBe(before);
    const warning = h.fake.ephemeralsIn(LEADS_CHANNEL).find((m) => m.ephemeral_to === SDR)!;
    expect(textOf(warning)).toContain('Acme Inc');
    const [createAnyway] = buttonsOf(warning).filter((id) => id.startsWith('lead.create_anyway:'));
    expect(createAnyway).toBeDefined();

    await postToApp(
      h.url,
      'interaction',
      blockAction(h.fake, { user: SDR, message: warning, actions: [{ action_id: createAnyway! }] }),
    );
    await h.settle();
    expect((await leads()).length).toBe(before + 1);
    h.fake.expectNoViolations();
  });
});

/** What Slack puts in `view.state` for the lead modal's fields. */
function leadState(company: string, contact: string, email: string): StoredView['state'] {
  const text = (value: string) => ({ type: 'plain_text_input', value });
  return {
    values: {
      company: { company: text(company) },
      contactName: { contactName: text(contact) },
      email: { email: { type: 'email_text_input', value: email } },
      source: {
        source: {
          type: 'static_select',
          selected_option: { value: 'inbound', text: { type: 'plain_text', text: 'Inbound' } },
        },
      },
    },
  };
}
