// The timer table: one entry per core timer, from which the jobs, DUE_JOBS and cancelFor follow.
import { describe, expect, it } from '@jest/globals';
import type { Timer } from '../../src/core/ports.js';
import { CANCELLED_WITH, DUE_JOBS, jobForTimer, TIMER_JOBS } from '../../src/jobs/job-specs.js';

describe('timer table', () => {
  it('runs every timer as due work and cancels lead and account timers with their record', () => {
    for (const kind of TIMER_JOBS) expect(DUE_JOBS).toContain(kind);
    expect(DUE_JOBS).toContain('digests.team');
    expect([...CANCELLED_WITH.leadId].sort()).toEqual(
      ['claims.escalate', 'claims.remind', 'claims.reoffer', 'meetings.outcome', 'meetings.remind'].sort(),
    );
    expect([...CANCELLED_WITH.accountId].sort()).toEqual(['renewals.escalate', 'renewals.nudge']);
  });

  it('carries a timer an older event recorded under its old kind by the same job and key', () => {
    const now: Timer = { kind: 'renewals.nudge', accountId: 'a1', periodEnd: '2027-03-01', offsetDays: 30 };
    const recorded = { ...now, kind: 'renewal.nudge' } as unknown as Timer;
    expect(jobForTimer(recorded)).toEqual(jobForTimer(now));
    expect(jobForTimer(now)).toEqual({
      name: 'renewals.nudge',
      data: {
        key: 'renewals.nudge:a1:2027-03-01:30',
        accountId: 'a1',
        periodEnd: '2027-03-01',
        offsetDays: 30,
      },
    });
    const old = { kind: 'claim.escalate', leadId: 'l1' } as unknown as Timer;
    expect(jobForTimer(old)).toEqual({
      name: 'claims.escalate',
      data: { key: 'claims.escalate:l1', leadId: 'l1' },
    });
  });
});
