import { describe, expect, it } from '@jest/globals';
import type { Person } from '../../src/core/roster/person.js';
import { assessEligibility } from '../../src/core/routing/eligibility.js';
import { creditTurn, pickSmoothWeighted } from '../../src/core/routing/rotation.js';

function ae(id: string, over: Partial<Person> = {}): Person {
  return {
    id,
    teamId: 't',
    name: id,
    handle: id,
    addresses: [],
    roles: ['ae'],
    timezone: 'Europe/Berlin',
    locale: 'en',
    workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' },
    outOfOffice: [],
    weight: 1,
    cap: null,
    active: true,
    createdAt: new Date(0),
    ...over,
  };
}

describe('eligibility', () => {
  const now = new Date('2026-12-01T19:30:00Z'); // Tue 20:30 Berlin, 14:30 New York
  it('skips people outside their working hours only when the team routes within working hours', () => {
    const people = [
      ae('berlin'),
      ae('newyork', { timezone: 'America/New_York' }),
      ae('off', { active: false }),
      ae('sdr', { roles: ['sdr'] }),
    ];
    const within = assessEligibility({ people, role: 'ae', now, load: new Map(), withinWorkingHours: true });
    expect(within.eligible.map((p) => p.id)).toEqual(['newyork']);
    expect(within.skipped).toEqual([
      {
        personId: 'berlin',
        reason: { code: 'outside_hours', start: '09:00', end: '18:00', timezone: 'Europe/Berlin' },
      },
    ]);
    const anytime = assessEligibility({
      people,
      role: 'ae',
      now,
      load: new Map(),
      withinWorkingHours: false,
    });
    expect(anytime.eligible.map((p) => p.id)).toEqual(['berlin', 'newyork']);
  });
});

describe('smooth weighted round robin', () => {
  it('spreads turns by weight and lets a no-show credit move someone up', () => {
    const cands = [
      { id: 'a', weight: 2 },
      { id: 'b', weight: 1 },
    ];
    let w: Record<string, number> = {};
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      const r = pickSmoothWeighted(w, cands);
      order.push(r.chosen);
      w = r.weights;
    }
    expect(order.join('')).toBe('abaaba');
    w = creditTurn(w, 'b', 3);
    expect(pickSmoothWeighted(w, cands).chosen).toBe('b');
  });

  it('does not charge someone skipped for this lead only, and charges whoever takes it a full turn', () => {
    const cands = [
      { id: 'a', weight: 1 },
      { id: 'b', weight: 1 },
    ];
    const first = pickSmoothWeighted({}, cands); // a
    const reoffer = pickSmoothWeighted(first.weights, cands, new Set(['b'])); // a passed → b
    expect([first.chosen, reoffer.chosen]).toEqual(['a', 'b']);
    expect(pickSmoothWeighted(reoffer.weights, cands).chosen).toBe('a');
  });
});
