import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { KpiAccumulator, teamKpis } from '../../../src/core/kpi/accumulator.js';
import { accountFacts, addFacts, diffFacts, leadFacts, type FactMap } from '../../../src/core/kpi/facts.js';
import { periodWindow } from '../../../src/core/kpi/period.js';
import type { PersonRef } from '../../../src/core/kpi/report.js';
import { AES, AMS, SDRS, history, reportAsk, ZONES } from './history.js';

const people: PersonRef[] = [
  ...SDRS.map((id) => ({ id, name: id, handle: id, roles: ['sdr' as const], active: true })),
  ...AES.map((id) => ({ id, name: id, handle: id, roles: ['ae' as const], active: id !== 'ae3' })),
  ...AMS.map((id) => ({ id, name: id, handle: id, roles: ['am' as const], active: true })),
];

type History = ReturnType<typeof history extends fc.Arbitrary<infer H> ? () => H : never>;

/** The facts as the events add them: each state's difference from the one before. */
function incremental(h: History): FactMap {
  const f: FactMap = {};
  for (const { lead, account } of h) {
    for (let i = 0; i < lead.length; i++)
      addFacts(f, diffFacts(i ? leadFacts(lead[i - 1]!) : {}, leadFacts(lead[i]!)));
    for (let i = 0; i < account.length; i++)
      addFacts(f, diffFacts(i ? accountFacts(account[i - 1]!) : {}, accountFacts(account[i]!)));
  }
  return f;
}

/** The facts as a rebuild computes them: the sum over the final states. */
function rebuilt(h: History): FactMap {
  const f: FactMap = {};
  for (const { lead, account } of h) {
    addFacts(f, leadFacts(lead.at(-1)!));
    const last = account.at(-1);
    if (last) addFacts(f, accountFacts(last));
  }
  return f;
}

function fromFacts(f: FactMap, opts: ConstructorParameters<typeof KpiAccumulator>[0]) {
  const acc = new KpiAccumulator(opts);
  acc.addFacts(f);
  return acc;
}

describe('KPI facts', () => {
  it('incremental facts, rebuilt facts and the leads themselves give identical reports, any period in any zone', () => {
    fc.assert(
      fc.property(history, fc.array(reportAsk, { minLength: 1, maxLength: 4 }), (h, asks) => {
        const inc = incremental(h);
        const reb = rebuilt(h);
        expect(inc).toEqual(reb);
        const leads = h.map((x) => x.lead.at(-1)!);
        const accounts = h.flatMap((x) => (x.account.length ? [x.account.at(-1)!] : []));
        for (const ask of asks) {
          const opts = { window: periodWindow(ask.period, ask.at, ask.zone), now: ask.at, currency: 'USD' };
          const direct = teamKpis({ teamId: 'team_p', leads, accounts, people }, opts);
          expect(fromFacts(inc, opts).teamReport('team_p', people)).toEqual(direct);
          const acc = fromFacts(reb, opts);
          expect(acc.teamReport('team_p', people)).toEqual(direct);
          const each = new KpiAccumulator(opts);
          for (const l of leads) each.addLead(l);
          for (const a of accounts) each.addAccount(a);
          for (const p of people) expect(acc.personReport(p)).toEqual(each.personReport(p));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('after the team changes its zone, the same facts report every period in the new zone', () => {
    fc.assert(
      fc.property(history, reportAsk, fc.constantFrom(...ZONES), (h, ask, newZone) => {
        const f = rebuilt(h);
        const leads = h.map((x) => x.lead.at(-1)!);
        const accounts = h.flatMap((x) => (x.account.length ? [x.account.at(-1)!] : []));
        for (const zone of [ask.zone, newZone]) {
          const opts = { window: periodWindow(ask.period, ask.at, zone), now: ask.at, currency: 'USD' };
          expect(fromFacts(f, opts).teamReport('team_p', people)).toEqual(
            teamKpis({ teamId: 'team_p', leads, accounts, people }, opts),
          );
        }
      }),
      { numRuns: 60 },
    );
  });
});
