// The Slack adapter in Socket Mode (Bolt's real SocketModeReceiver and client) against the fake
// Socket Mode server: a lead from /lead to a won deal while the connection is dropped, refreshed
// and loses acks along the way. Slack delivers what was not acknowledged again; nothing is lost,
// nothing is done or said twice.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  blockAction,
  eventCallback,
  slashCommand,
  viewSubmission,
  type DeliverOptions,
  type RequestKind,
  type StoredMessage,
  type StoredView,
} from '../../fakes/slack/index.js';
import { buttonsOf, LEADS_CHANNEL, startHarness, textOf, type Harness, type Member } from './harness.js';

const SDR = 'U0SDR';
const AM = 'U0MARK';
const AES: Member[] = Array.from({ length: 10 }, (_, i) => ({
  id: `U0AE${String(i + 1).padStart(2, '0')}`,
  name: `ae${i + 1}`,
  real_name: `Ae${i + 1}`,
  roles: ['ae'],
}));

describe('Slack in Socket Mode', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({
      socketMode: true,
      members: [
        { id: SDR, name: 'sam', real_name: 'Sam', roles: ['sdr'], tz: 'Europe/Berlin' },
        { id: AM, name: 'mark', real_name: 'Mark', roles: ['am'] },
        ...AES,
      ],
      // Slack retries after 0 s, 1 min and 5 min; the same three, sooner.
      fake: {
        socketMode: { ackTimeoutMs: 1500, retryDelaysMs: [0, 1000, 2000] },
      },
    });
  }, 120_000);
  afterAll(() => h.close());

  const socket = () => h.fake.socket;
  const command = (user: string, name: string, text: string, stage?: DeliverOptions) =>
    socket().deliver(
      'command',
      slashCommand(h.fake, { command: name, text, user_id: user, channel_id: LEADS_CHANNEL }),
      stage,
    );
  const click = (user: string, message: StoredMessage, prefix: string, stage?: DeliverOptions) => {
    const actionId = buttonsOf(message).find((id) => id.startsWith(prefix));
    if (!actionId) throw new Error(`no ${prefix} button in: ${textOf(message)}`);
    return socket().deliver(
      'interaction',
      blockAction(h.fake, { user, message, actions: [{ action_id: actionId }] }),
      stage,
    );
  };
  /** Every envelope acknowledged (none given up on), every request finished, the outbox empty. */
  const settle = async () => {
    await socket().waitFor(
      () => {
        const all = socket().envelopes();
        const failed = all.find((e) => e.state === 'failed');
        if (failed)
          throw new Error(`envelope never acknowledged: ${JSON.stringify(failed.payload).slice(0, 200)}`);
        return all.every((e) => e.state === 'acked') ? true : undefined;
      },
      'every envelope acknowledged',
      30_000,
    );
    await h.settle();
  };
  const answersTo = (user: string) =>
    [...h.fake.ephemeralsIn(LEADS_CHANNEL), ...h.fake.ephemeralsIn(`D${user}`)].filter(
      (m) => m.ephemeral_to === user,
    );
  const apologies = () =>
    h.fake.calls().filter((c) => /something went wrong|try again in a minute/i.test(JSON.stringify(c.args)));

  it('runs /lead, a Claim race, /meeting, Held and Won over the socket while it drops and refreshes: nothing lost, nothing twice', async () => {
    // /lead: the connection drops as soon as the envelope is written; the ack cannot come back.
    command(SDR, '/lead', 'Umbrella; Alice Spencer; alice@umbrella.example; inbound; $25k', {
      dropAfterWrite: true,
    });
    await socket().waitForHello(2);
    await settle();
    const [lead, ...more] = await h.app.stores.leads.list({ teamId: h.team.id });
    expect(more).toHaveLength(0);
    const cards = h.fake.messagesIn(LEADS_CHANNEL).filter((m) => textOf(m).includes('Umbrella'));
    expect(cards).toHaveLength(1);
    expect(answersTo(SDR).filter((m) => textOf(m).includes('Umbrella'))).toHaveLength(1);

    // Ten AEs click Claim at once; the socket drops without a word in the middle of the burst.
    const card = cards[0]!;
    const clicks = AES.map((ae, i) => {
      if (i === 5) socket().drop();
      return click(ae.id, card, 'lead.claim:');
    });
    await settle();
    expect(clicks.every((c) => c.record.state === 'acked')).toBe(true);
    const claimed = (await h.app.stores.leads.get(lead!.id))!;
    expect(claimed.status).toBe('claimed');
    const events = await h.app.stores.leads.events(lead!.id);
    expect(events.filter((e) => e.type === 'lead.claimed')).toHaveLength(1);
    const ownerId = [...h.people.entries()].find(([, p]) => p.id === claimed.ownerId)![0];
    for (const ae of AES) expect(answersTo(ae.id)).toHaveLength(1);

    // Slack refreshes the connection; /meeting sent meanwhile waits for the next hello.
    const before = socket().connections().length;
    socket().disconnect('warning');
    await socket().waitForHello(before + 1);
    socket().disconnect('refresh_requested');
    command(SDR, '/meeting', `L-${lead!.number} 2026-12-03 15:00 45m`);
    await socket().waitForHello(before + 2);
    await settle();
    const booked = (await h.app.stores.leads.get(lead!.id))!;
    expect(booked.status).toBe('meeting_booked');
    expect(booked.meetings).toHaveLength(1);
    const confirmations = h.fake.messagesIn(SDR).filter((m) => textOf(m).includes('📅'));
    expect(confirmations).toHaveLength(1);

    // The meeting is over: the outcome prompt goes to whoever won the race. Held — its ack is
    // lost with its connection — then Won with the modal.
    h.clock.set('2026-12-03T15:00:00Z');
    await h.app.jobs.runDue(h.clock.now());
    await settle();
    const withHeld = [...h.fake.messagesIn(ownerId), ...answersTo(ownerId)]
      .reverse()
      .find((m) => buttonsOf(m).some((id) => id.startsWith('meeting.held:')))!;
    const held = click(ownerId, withHeld, 'meeting.held:', { loseAck: true });
    await settle();
    expect(held.record.lostAcks).toHaveLength(1);
    expect(held.record.deliveries.length).toBeGreaterThanOrEqual(2);
    const afterHeld = await h.app.stores.leads.events(lead!.id);
    expect(afterHeld.filter((e) => e.type === 'meeting.held')).toHaveLength(1);
    expect((await h.app.stores.leads.get(lead!.id))!.status).toBe('held');

    const withWon = [...h.fake.messagesIn(ownerId), ...answersTo(ownerId)]
      .reverse()
      .find((m) => buttonsOf(m).some((id) => id.startsWith('deal.won:')))!;
    click(ownerId, withWon, 'deal.won:');
    await h.fake.waitForCall('views.open', (c) => JSON.stringify(c.args).includes('termMonths'));
    await settle();
    const modal = h.fake
      .views()
      .filter((v) => v.user === ownerId && v.type === 'modal')
      .at(-1)!;
    const text = (value: string) => ({ type: 'plain_text_input', value });
    const values: StoredView['state']['values'] = {
      amount: { amount: text('25000') },
      currency: { currency: text('USD') },
      termMonths: { termMonths: { type: 'number_input', value: '12' } },
      startDate: { startDate: { type: 'datepicker', selected_date: '2027-01-01' } },
      note: { note: text('Alice wants quarterly reviews') },
    };
    // The submission is written and the connection dropped: Slack sends it again, it runs once.
    const submitted = socket().deliver(
      'interaction',
      viewSubmission(h.fake, { user: ownerId, view: { ...modal, state: { values } } }),
      { dropAfterWrite: true },
    );
    await settle();
    expect(submitted.record.acks[0]!.payload).toEqual({});
    expect((await h.app.stores.leads.get(lead!.id))!.status).toBe('won');
    const handoffs = h.fake.messagesIn(AM).filter((m) => textOf(m).includes('🤝'));
    expect(handoffs).toHaveLength(1);
    expect(textOf(handoffs[0])).toContain('Umbrella');

    // An event whose delivery dies with its connection: published once, from the redelivery.
    const home = socket().deliver(
      'event',
      eventCallback(h.fake, {
        type: 'app_home_opened',
        user: AM,
        channel: `D${AM}`,
        tab: 'home',
        event_ts: '1.000001',
      }),
      { dropAfterWrite: true },
    );
    await settle();
    expect(home.record.deliveries.at(-1)!.attempt).toBeGreaterThanOrEqual(1);
    expect(h.fake.calls('views.publish').filter((c) => c.args.user_id === AM)).toHaveLength(1);

    expect(apologies()).toEqual([]);
    expect(h.logs.filter((l) => l.msg === 'slack request failed')).toEqual([]);
    expect(socket().connections().length).toBeGreaterThanOrEqual(6);
    h.fake.expectNoViolations();
  });

  it('reconnects with a back-off while apps.connections.open fails, and answers what came meanwhile once', async () => {
    h.fake.failNext('apps.connections.open', { status: 500, times: 2 });
    const before = socket().connections().length;
    const answered = answersTo(SDR).length;
    socket().drop();
    const kpi = command(SDR, '/kpi', '');
    await settle();
    // A slow ack may also be acknowledged late, after Slack sent it again; answered once all the same.
    expect(kpi.record.acks.length).toBeGreaterThanOrEqual(1);
    expect(answersTo(SDR)).toHaveLength(answered + 1);
    expect(socket().connections()).toHaveLength(before + 1);
    const retries = h.logs.filter((l) => l.msg === 'slack socket: could not connect; retrying');
    expect(retries.map((l) => l.retryInMs)).toEqual([1000, 2000]);
    expect(apologies()).toEqual([]);
  });

  it('a connection gone silent is given up when its pongs stop, and what was sent into it is answered after the reconnect', async () => {
    const before = socket().connections().length;
    const answered = answersTo(SDR).length;
    socket().stall();
    const kpi = command(SDR, '/kpi', '');
    await socket().waitForHello(before + 1, 20_000);
    await settle();
    expect(kpi.record.deliveries[0]!.written).toBe(false);
    // A slow ack may also be acknowledged late, after Slack sent it again; answered once all the same.
    expect(kpi.record.acks.length).toBeGreaterThanOrEqual(1);
    expect(answersTo(SDR)).toHaveLength(answered + 1);
  });

  it('acknowledges and logs envelopes whose payload is not what Slack sends, running nothing, and carries on', async () => {
    const logged = h.logs.length;
    const calls = h.fake.calls().length;
    const malformed: [RequestKind, unknown][] = [
      ['interaction', null],
      ['interaction', { type: 'block_actions', user: { id: SDR } }],
      ['interaction', { type: 'view_submission', user: { id: SDR } }],
      ['command', { command: '/lead', text: 'Acme; Jane' }],
      ['event', { type: 'event_callback', team_id: h.fake.team.id, event_id: 'Ev9', event: null }],
      ['interaction', []],
    ];
    const deliveries = malformed.map(([kind, payload]) => socket().deliver(kind, payload as object));
    for (const d of deliveries) await d.acked(5000);
    const refused = h.logs.slice(logged).filter((l) => l.msg === 'slack: envelope refused');
    expect(refused).toHaveLength(malformed.length);
    expect(h.logs.slice(logged).filter((l) => (l.level as number) >= 50)).toEqual([]);
    expect(h.fake.calls()).toHaveLength(calls);
    expect(await h.conn.collection('inbound_journal').countDocuments({ doneAt: { $exists: false } })).toBe(0);

    const answered = answersTo(SDR).length;
    command(SDR, '/kpi', '');
    await settle();
    expect(answersTo(SDR)).toHaveLength(answered + 1);
  });
});
