import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { Lead } from '../../src/core/leads/lead.js';
import { claimLead } from '../../src/core/leads/claim-lead.js';
import { createLead } from '../../src/core/leads/create-lead.js';
import {
  bookMeeting,
  cancelMeeting,
  promptMeetingOutcome,
  recordMeetingOutcome,
  remindMeeting,
  rescheduleMeeting,
} from '../../src/core/meetings/index.js';
import { recordLost, recordWon } from '../../src/core/deals/record-deal.js';
import { escalateRenewal, nudgeRenewal, renewalTimers } from '../../src/core/accounts/renewal-nudges.js';
import { recordRenewal } from '../../src/core/accounts/record-renewal.js';
import {
  createCoreHarness,
  leadInput,
  refusal,
  seedTeam,
  type CoreHarness,
  type SeededTeam,
} from '../support/core.js';

let h: CoreHarness;
let t: SeededTeam;
beforeEach(async () => {
  h = await createCoreHarness('2026-12-01T09:00:00Z');
  t = await seedTeam(h, { aes: 2, ams: 2 });
});
afterEach(async () => {
  await h.close();
});

const HOUR = 3600_000;

async function claimedLead(overrides: Record<string, unknown> = {}): Promise<Lead> {
  const r = await createLead(h.deps, { input: leadInput(overrides) }, h.ctx(t.sdrs[0]!.id));
  if (r.status !== 'created') throw new Error('expected created');
  return (await claimLead(h.deps, { leadRef: r.lead.id }, h.ctx(r.lead.offeredTo))).lead;
}

function slot(hoursAhead: number) {
  return {
    startsAt: new Date(h.clock.now().getTime() + hoursAhead * HOUR),
    durationMin: 30,
    timezone: 'Europe/Berlin',
  };
}

describe('meetings', () => {
  it('books a meeting for a claimed lead, tells AE and SDR, schedules reminders and the outcome prompt', async () => {
    const lead = await claimedLead();
    const { lead: booked, meeting } = await bookMeeting(
      h.deps,
      { leadRef: `L-${lead.number}`, ...slot(48) },
      h.ctx(t.sdrs[0]!.id),
    );
    expect(booked.status).toBe('meeting_booked');
    expect(meeting).toMatchObject({
      aeId: lead.ownerId,
      bookedBy: t.sdrs[0]!.id,
      status: 'scheduled',
      revision: 0,
    });
    expect(
      h.notifier
        .of('meeting.booked')
        .map((n) => n.to)
        .sort(),
    ).toEqual([{ personId: lead.ownerId }, { personId: t.sdrs[0]!.id }].sort());
    const kinds = h.timers.scheduled
      .filter((x) => 'meetingId' in x.timer)
      .map((x) => x.timer.kind + ('hoursBefore' in x.timer ? x.timer.hoursBefore : ''));
    expect(kinds.sort()).toEqual(['meetings.outcome', 'meetings.remind1', 'meetings.remind24']);
  });

  it('refuses a meeting in the past, for an unclaimed lead, and a second one', async () => {
    const lead = await claimedLead();
    expect(
      (await refusal(bookMeeting(h.deps, { leadRef: lead.id, ...slot(-1) }, h.ctx(t.sdrs[0]!.id)))).code,
    ).toBe('MEETING_IN_PAST');
    const r = await createLead(h.deps, { input: leadInput() }, h.ctx(t.sdrs[0]!.id));
    if (r.status !== 'created') throw new Error('expected created');
    expect(
      (await refusal(bookMeeting(h.deps, { leadRef: r.lead.id, ...slot(5) }, h.ctx(t.sdrs[0]!.id)))).code,
    ).toBe('ILLEGAL_TRANSITION');
    await bookMeeting(h.deps, { leadRef: lead.id, ...slot(5) }, h.ctx(t.sdrs[0]!.id));
    expect(
      (await refusal(bookMeeting(h.deps, { leadRef: lead.id, ...slot(6) }, h.ctx(t.sdrs[0]!.id)))).code,
    ).toBe('ILLEGAL_TRANSITION');
  });

  it('moves reminders on reschedule (old ones go stale) and drops them on cancel', async () => {
    const lead = await claimedLead();
    const { meeting } = await bookMeeting(h.deps, { leadRef: lead.id, ...slot(48) }, h.ctx(t.sdrs[0]!.id));
    const { meeting: moved } = await rescheduleMeeting(
      h.deps,
      { leadRef: lead.id, ...slot(72) },
      h.ctx(lead.ownerId),
    );
    expect(moved.revision).toBe(1);
    expect(
      await remindMeeting(h.deps, { leadId: lead.id, meetingId: meeting.id, revision: 0, hoursBefore: 24 }),
    ).toBe(false);
    expect(
      await remindMeeting(h.deps, { leadId: lead.id, meetingId: meeting.id, revision: 1, hoursBefore: 24 }),
    ).toBe(true);
    expect(h.notifier.of('meeting.reminder')).toHaveLength(2);
    await cancelMeeting(h.deps, { leadRef: lead.id }, h.ctx(t.sdrs[0]!.id));
    expect(await promptMeetingOutcome(h.deps, { leadId: lead.id, meetingId: meeting.id, revision: 1 })).toBe(
      false,
    );
    expect((await h.deps.stores.leads.get(lead.id))!.status).toBe('claimed');
  });

  it('records the outcome once; a no-show gives the AE their rotation turn back', async () => {
    const lead = await claimedLead();
    await bookMeeting(h.deps, { leadRef: lead.id, ...slot(1) }, h.ctx(t.sdrs[0]!.id));
    expect(
      (
        await refusal(
          recordMeetingOutcome(h.deps, { leadRef: lead.id, outcome: 'held' }, h.ctx(lead.ownerId)),
        )
      ).code,
    ).toBe('ILLEGAL_TRANSITION');
    h.clock.advance(2 * HOUR);
    const results = await Promise.allSettled([
      recordMeetingOutcome(h.deps, { leadRef: lead.id, outcome: 'no_show' }, h.ctx(lead.ownerId)),
      recordMeetingOutcome(h.deps, { leadRef: lead.id, outcome: 'no_show' }, h.ctx(lead.ownerId)),
      recordMeetingOutcome(h.deps, { leadRef: lead.id, outcome: 'held' }, h.ctx(lead.ownerId)),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const stored = (await h.deps.stores.leads.get(lead.id))!;
    if (stored.status === 'no_show') {
      const credit = await h.deps.stores.rotation.byKey(`credit:${stored.meetings[0]!.id}`);
      expect(credit).toMatchObject({ kind: 'credit', personId: lead.ownerId });
    } else {
      expect(stored.status).toBe('held');
    }
  });
});

describe('deals and renewals', () => {
  async function heldLead(): Promise<Lead> {
    const lead = await claimedLead({ company: 'Umbrella', email: 'alice@umbrella.com' });
    await bookMeeting(h.deps, { leadRef: lead.id, ...slot(1) }, h.ctx(t.sdrs[0]!.id));
    h.clock.advance(2 * HOUR);
    return recordMeetingOutcome(h.deps, { leadRef: lead.id, outcome: 'held' }, h.ctx(lead.ownerId));
  }

  it('won → an account handed to an AM with the AE’s note, renewal nudges scheduled; twice is still one account', async () => {
    const lead = await heldLead();
    const input = {
      leadRef: lead.id,
      value: { amount: 12_000_00, currency: 'EUR' },
      termMonths: 12,
      startDate: '2027-01-01',
      note: 'Champion: Alice',
    };
    const [a, b] = await Promise.all([
      recordWon(h.deps, input, h.ctx(lead.ownerId)),
      recordWon(h.deps, input, h.ctx(lead.ownerId)),
    ]);
    expect(a.account.id).toBe(b.account.id);
    expect(a.account).toMatchObject({
      amId: expect.any(String),
      handoffNote: 'Champion: Alice',
      contract: { endDate: '2027-12-31' },
    });
    expect(t.ams.map((p) => p.id)).toContain(a.account.amId);
    expect(h.notifier.of('deal.handoff').map((n) => n.to)).toEqual([{ personId: a.account.amId }]);
    const nudges = h.timers.of('renewals.nudge').map((x) => x.timer.offsetDays);
    expect(nudges).toEqual([90, 60, 30, 14, 7]);
    const at90 = h.timers.of('renewals.nudge')[0]!.at;
    expect(at90.toISOString()).toBe('2027-10-02T07:00:00.000Z'); // 09:00 Berlin (CEST), 90 days before 31 Dec
    expect(
      (await refusal(recordLost(h.deps, { leadRef: lead.id, reason: 'price' }, h.ctx(lead.ownerId)))).code,
    ).toBe('ILLEGAL_TRANSITION');
  });

  it('lost needs one of the team’s reasons', async () => {
    const lead = await claimedLead();
    const err = await refusal(
      recordLost(h.deps, { leadRef: lead.id, reason: 'bad vibes' }, h.ctx(lead.ownerId)),
    );
    expect(err.issues[0]).toMatchObject({ field: 'reason', code: 'unknown_reason' });
    const lost = await recordLost(h.deps, { leadRef: lead.id, reason: 'Competitor' }, h.ctx(lead.ownerId));
    expect(lost).toMatchObject({ status: 'lost', deal: { reason: 'competitor' } });
  });

  it('refuses a contract start long past, with the earliest date it takes; a few days back is fine', async () => {
    const lead = await heldLead();
    const won = (startDate: string) =>
      recordWon(
        h.deps,
        { leadRef: lead.id, value: { amount: 1000_00, currency: 'EUR' }, termMonths: 12, startDate },
        h.ctx(lead.ownerId),
      );
    // 1 Dec 2026 in Berlin: up to 14 days back, i.e. from 17 Nov.
    const err = await refusal(won('2019-01-01'));
    expect(err.issues).toEqual([
      expect.objectContaining({
        field: 'startDate',
        code: 'start_too_early',
        params: expect.objectContaining({ date: '2026-11-17' }),
      }),
    ]);
    expect((await refusal(won('2026-11-16'))).issues[0]?.code).toBe('start_too_early');
    expect(await h.deps.stores.accounts.list({ teamId: t.team.id })).toEqual([]);
    expect(h.notifier.of('renewal.nudge')).toEqual([]);
    const { account } = await won('2026-11-17');
    expect(account.contract).toMatchObject({ startDate: '2026-11-17', endDate: '2027-11-16' });
  });

  it('does not nudge a renewal whose period already ended (stored before the start date was checked)', async () => {
    const lead = await heldLead();
    const { account } = await recordWon(
      h.deps,
      {
        leadRef: lead.id,
        value: { amount: 1000_00, currency: 'EUR' },
        termMonths: 1,
        startDate: '2026-12-01',
      },
      h.ctx(lead.ownerId),
    );
    // A month and a day later, the 7-day nudge timer runs late (the process was down).
    h.clock.set('2027-01-02T09:00:00Z');
    const jobCtx = h.ctx(undefined, undefined, 'job');
    const period = account.contract.endDate;
    expect(period).toBe('2026-12-31');
    expect(
      await nudgeRenewal(h.deps, { accountId: account.id, periodEnd: period, offsetDays: 7 }, jobCtx),
    ).toBe(false);
    expect(renewalTimers(t.team, account, h.clock.now())).toEqual([]);
    // On its last day it is still due: "renews today".
    h.clock.set('2026-12-31T09:00:00Z');
    expect(
      await nudgeRenewal(
        h.deps,
        { accountId: account.id, periodEnd: period, offsetDays: 7 },
        h.ctx(undefined, undefined, 'job'),
      ),
    ).toBe(true);
    expect(h.notifier.of('renewal.nudge').map((n) => n.body)).toEqual([
      expect.objectContaining({ daysLeft: 0 }),
    ]);
  });

  it('nudges the AM until they act; unanswered nudges escalate once; renewal starts a new period', async () => {
    const lead = await heldLead();
    const { account } = await recordWon(
      h.deps,
      {
        leadRef: lead.id,
        value: { amount: 1000_00, currency: 'EUR' },
        termMonths: 12,
        startDate: '2026-12-01',
      },
      h.ctx(lead.ownerId),
    );
    const period = account.contract.endDate;
    const jobCtx = () => h.ctx(undefined, undefined, 'job');
    expect(
      await nudgeRenewal(h.deps, { accountId: account.id, periodEnd: period, offsetDays: 90 }, jobCtx()),
    ).toBe(true);
    expect(
      await nudgeRenewal(h.deps, { accountId: account.id, periodEnd: period, offsetDays: 90 }, jobCtx()),
    ).toBe(true);
    expect(h.notifier.of('renewal.nudge')).toHaveLength(1);
    expect(await escalateRenewal(h.deps, { accountId: account.id, periodEnd: period }, jobCtx())).toBe(true);
    expect(await escalateRenewal(h.deps, { accountId: account.id, periodEnd: period }, jobCtx())).toBe(false);
    expect(h.notifier.of('renewal.escalated')).toHaveLength(1);

    const am = account.amId!;
    const renewed = await recordRenewal(
      h.deps,
      {
        accountId: account.id,
        periodEnd: period,
        action: { kind: 'upsold', added: { amount: 500_00, currency: 'EUR' } },
      },
      h.ctx(am),
    );
    expect(renewed.contract).toMatchObject({
      startDate: '2027-12-01',
      endDate: '2028-11-30',
      value: { amount: 1500_00 },
    });
    expect(renewed.renewals[0]).toMatchObject({
      action: 'upsold',
      previousValue: { amount: 1000_00 },
      newValue: { amount: 1500_00 },
    });
    // A late click on the old nudge's button.
    const late = await refusal(
      recordRenewal(
        h.deps,
        {
          accountId: account.id,
          periodEnd: period,
          action: { kind: 'renewed', value: { amount: 1, currency: 'EUR' } },
        },
        h.ctx(am),
      ),
    );
    expect(late.code).toBe('RENEWAL_ALREADY_RECORDED');
    expect(
      await nudgeRenewal(h.deps, { accountId: account.id, periodEnd: period, offsetDays: 60 }, jobCtx()),
    ).toBe(false);
    // The new period has its own nudges.
    expect(h.timers.of('renewals.nudge').some((x) => x.timer.periodEnd === '2028-11-30')).toBe(true);
  });

  it('"on it" stops the nudges; only the AM or a manager may act', async () => {
    const lead = await heldLead();
    const { account } = await recordWon(
      h.deps,
      {
        leadRef: lead.id,
        value: { amount: 1000_00, currency: 'EUR' },
        termMonths: 12,
        startDate: '2026-12-01',
      },
      h.ctx(lead.ownerId),
    );
    const otherAm = t.ams.find((p) => p.id !== account.amId)!;
    const err = await refusal(
      recordRenewal(
        h.deps,
        { accountId: account.id, periodEnd: account.contract.endDate, action: { kind: 'on_it' } },
        h.ctx(otherAm.id),
      ),
    );
    expect(err.code).toBe('NOT_ALLOWED');
    await recordRenewal(
      h.deps,
      { accountId: account.id, periodEnd: account.contract.endDate, action: { kind: 'on_it' } },
      h.ctx(account.amId),
    );
    expect(
      await nudgeRenewal(
        h.deps,
        { accountId: account.id, periodEnd: account.contract.endDate, offsetDays: 30 },
        h.ctx(undefined, undefined, 'job'),
      ),
    ).toBe(false);
    const churned = await recordRenewal(
      h.deps,
      {
        accountId: account.id,
        periodEnd: account.contract.endDate,
        action: { kind: 'churned', reason: 'budget cut' },
      },
      h.ctx(t.admin.id),
    );
    expect(churned).toMatchObject({ status: 'churned', renewalState: 'churned' });
  });
});
