// Issue 13 item 1: permission and state are checked before a form or dialog opens, and again
// when it is submitted.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTalk, textOf, type Talk } from './harness.js';

let t: Talk;
let ae = 'anna';
let leadId = '';

beforeAll(async () => {
  t = await createTalk();
  const created = await t.say('sam', 'lead', 'Acme Inc; Jane Doe, CTO; jane@acme.com; inbound; $25k');
  ae = /Offered to @(\w+)/.exec(created)![1]!.toLowerCase() === 'anna' ? 'anna' : 'boris';
  const lead = (await t.h.deps.stores.leads.byNumber(await t.teamId(), 1))!;
  leadId = lead.id;
  await t.app.action(t.inb(ae), { id: 'lead.claim', ref: leadId });
});
afterAll(() => t.close());

describe('a form opens only when it can be submitted', () => {
  it('refuses /lead won by an SDR before the form, naming the role', async () => {
    const r = await t.app.command(t.inb('sam'), 'lead', 'won L-1');
    expect(r.kind).toBe('message');
    expect(textOf(r)).toMatch(/needs the AE, manager,? or admin role/);
  });

  it('refuses Won before a meeting was held, saying where the lead is', async () => {
    const r = await t.app.command(t.inb(ae), 'lead', 'won L-1');
    expect(r.kind).toBe('message');
    expect(textOf(r)).toMatch(/can't record a won deal now: the lead is claimed/);
    const button = await t.app.action(t.inb(ae), { id: 'deal.won', ref: leadId });
    expect(button).toMatchObject({ refused: true, reply: { kind: 'message' } });
  });

  it('refuses an old Reschedule button when there is no scheduled meeting', async () => {
    const res = await t.app.action(t.inb(ae), { id: 'meeting.reschedule', ref: leadId });
    expect(res.refused).toBe(true);
    expect(res.reply.kind).toBe('message');
    expect(res.toast).toMatch(/no scheduled meeting/);
  });

  it('refuses /meeting L-1 and /lead (the forms) for someone who may not book or create', async () => {
    const r = await t.app.command(t.inb('fiona'), 'meeting', 'L-1');
    expect(r.kind).toBe('message');
    expect(textOf(r)).toMatch(/needs the SDR, AE, manager,? or admin role/);
    const lead = await t.app.command(t.inb('fiona'), 'lead', '');
    expect(textOf(lead)).toMatch(/needs the SDR, manager,? or admin role/);
    expect((await t.app.command(t.inb('sam'), 'meeting', 'L-1')).kind).toBe('form');
  });

  it('still checks on submit: a form submitted by someone who may not is refused and writes nothing', async () => {
    const r = await t.app.submit(t.inb('sam'), 'won', leadId, {
      amount: '25000',
      currency: 'USD',
      termMonths: '12',
      startDate: 'today',
    });
    expect(r.kind).toBe('done');
    expect(r.kind === 'done' && textOf(r.reply)).toMatch(/needs the AE/);
    expect((await t.h.deps.stores.leads.get(leadId))!.status).toBe('claimed');
  });

  it('refuses Churned after Renewed before the form, naming what was decided', async () => {
    // Book, hold and win the lead, then renew the account.
    expect(await t.say('sam', 'meeting', 'L-1 tomorrow 15:00')).toMatch(/Booked/);
    t.h.clock.advance(30 * 3600_000);
    await t.app.action(t.inb(ae), { id: 'meeting.held', ref: leadId });
    const won = await t.app.command(t.inb(ae), 'lead', 'won L-1');
    expect(won.kind).toBe('form');
    const done = await t.app.submit(t.inb(ae), 'won', leadId, {
      amount: '25000',
      currency: 'USD',
      termMonths: '12',
      startDate: 'вчера',
    });
    expect(done.kind === 'done' && textOf(done.reply)).toMatch(/won, \$25,000/);
    const account = (await t.h.deps.stores.accounts.list({ teamId: await t.teamId() }))[0]!;
    const periodEnd = account.contract.endDate;
    const renewed = await t.app.submit(t.inb('fiona'), 'renewal.renewed', `${account.id}|${periodEnd}`, {
      amount: '30000',
      currency: 'USD',
    });
    expect(renewed.kind === 'done' && textOf(renewed.reply)).toMatch(/renewed/);
    const late = await t.app.action(t.inb('fiona'), {
      id: 'renewal.churned',
      ref: account.id,
      arg: periodEnd,
    });
    expect(late.refused).toBe(true);
    expect(late.reply.kind).toBe('message');
    expect(late.toast).toMatch(/already recorded: renewed/);
    expect(late.toast).not.toMatch(/pending|\(|on_it/);
  });
});
