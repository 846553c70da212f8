// From a claimed lead to an account: /meeting's modal (the SDR's open leads, date, time, duration,
// zone), confirmations in each reader's local time, Held, Won with the modal, the AM's handoff DM.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  blockAction,
  postToApp,
  viewSubmission,
  type StoredMessage,
  type StoredView,
} from '../../fakes/slack/index.js';
import { buttonsOf, startHarness, textOf, type Harness } from './harness.js';

const SDR = 'U0SDR';
const AE = 'U0ANNA';
const AM = 'U0MARK';

describe('meetings and deals on Slack', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({
      members: [
        { id: SDR, name: 'sam', real_name: 'Sam', roles: ['sdr'], tz: 'Europe/Berlin' },
        { id: AE, name: 'anna', real_name: 'Anna', roles: ['ae'], tz: 'America/New_York' },
        { id: AM, name: 'mark', real_name: 'Mark', roles: ['am'], tz: 'Asia/Tokyo' },
      ],
    });
  });
  afterAll(() => h.close());

  const click = async (user: string, message: StoredMessage, prefix: string) => {
    const actionId = buttonsOf(message).find((id) => id.startsWith(prefix));
    if (!actionId) throw new Error(`no ${prefix} button in: ${textOf(message)}`);
    await postToApp(
      h.url,
      'interaction',
      blockAction(h.fake, { user, message, actions: [{ action_id: actionId }] }),
    );
    await h.settle();
  };
  const submit = async (user: string, view: StoredView, values: StoredView['state']['values']) => {
    const res = await postToApp(
      h.url,
      'interaction',
      viewSubmission(h.fake, { user, view: { ...view, state: { values } } }),
    );
    await h.settle();
    return res;
  };
  const lastView = (user: string) =>
    h.fake
      .views()
      .filter((v) => v.user === user && v.type === 'modal')
      .at(-1)!;
  const text = (value: string) => ({ type: 'plain_text_input', value });
  const option = (value: string) => ({
    selected_option: { value, text: { type: 'plain_text' as const, text: value } },
  });

  it('books with the modal, confirms in Berlin and New York time, and a won deal hands the account to the AM', async () => {
    await h.command(SDR, '/lead', 'Stark Industries; Pepper Potts, COO; pepper@stark.example; $120k');
    await h.settle();
    const [lead] = await h.app.stores.leads.list({ teamId: h.team.id });
    await click(AE, h.fake.lastMessageTo(AE)!, 'lead.claim:');
    expect((await h.app.stores.leads.get(lead!.id))!.status).toBe('claimed');

    // /meeting alone: a modal listing the SDR's open leads, zone defaulting to the SDR's.
    await h.command(SDR, '/meeting');
    await h.fake.waitForCall('views.open');
    const modal = lastView(SDR);
    expect(JSON.stringify(modal.blocks)).toContain(lead!.id);
    const zone = modal.blocks.find((b) => b.block_id === 'timezone') as {
      element?: { initial_option?: { value?: string } };
    };
    expect(zone.element?.initial_option?.value).toBe('Europe/Berlin');
    const booked = await submit(SDR, modal, {
      lead: { lead: { type: 'static_select', ...option(lead!.id) } },
      date: { date: { type: 'datepicker', selected_date: '2026-12-03' } },
      time: { time: { type: 'timepicker', selected_time: '15:00' } },
      durationMin: { durationMin: { type: 'static_select', ...option('45') } },
      timezone: { timezone: { type: 'static_select', ...option('Europe/Berlin') } },
    });
    expect(booked).toMatchObject({ status: 200, body: '' });
    const meeting = (await h.app.stores.leads.get(lead!.id))!.meetings[0]!;
    expect(meeting.startsAt.toISOString()).toBe('2026-12-03T14:00:00.000Z');

    const confirmation = (user: string) =>
      h.fake
        .messagesIn(user)
        .map(textOf)
        .find((t) => t.includes('📅'));
    expect(confirmation(SDR)).toMatch(/15:00.*45 min/s);
    expect(confirmation(AE)).toMatch(/09:00.*45 min/s);

    // After the meeting the AE's card offers Held; then Won opens the deal modal.
    h.clock.set('2026-12-03T15:00:00Z');
    const card = h.fake
      .messagesIn(AE)
      .find((m) => buttonsOf(m).some((id) => id.startsWith('meeting.held:')))!;
    await click(AE, card, 'meeting.held:');
    expect((await h.app.stores.leads.get(lead!.id))!.status).toBe('held');
    const withWon = [...h.fake.messagesIn(AE), ...h.fake.ephemeralsIn(`D${AE}`)]
      .reverse()
      .find((m) => buttonsOf(m).some((id) => id.startsWith('deal.won:')))!;
    await click(AE, withWon, 'deal.won:');
    await h.fake.waitForCall('views.open', (c) => JSON.stringify(c.args).includes('termMonths'));
    const won = await submit(AE, lastView(AE), {
      amount: { amount: text('120000') },
      currency: { currency: text('USD') },
      termMonths: { termMonths: { type: 'number_input', value: '12' } },
      startDate: { startDate: { type: 'datepicker', selected_date: '2027-01-01' } },
      note: { note: text('Pepper wants a QBR <monthly> & a named CSM') },
    });
    expect(won).toMatchObject({ status: 200, body: '' });
    expect((await h.app.stores.leads.get(lead!.id))!.status).toBe('won');

    const handoff = h.fake
      .messagesIn(AM)
      .map(textOf)
      .find((t) => t.includes('🤝'));
    expect(handoff).toContain('Stark Industries');
    expect(handoff).toContain('Pepper wants a QBR &lt;monthly&gt; &amp; a named CSM');
    h.fake.expectNoViolations();
  });
});
