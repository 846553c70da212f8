// Every reason a person gives (pass, lost, disqualify, reassign, cancel, churn) is in its event and
// in the events export, as typed in chat.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConsoleHarness, type ConsoleHarness } from '../chat/console/harness.js';
import { testMongoUri } from '../support/db.js';
import { createCliHarness, type CliHarness } from './harness.js';

let chat: ConsoleHarness;
let cli: CliHarness;
beforeAll(async () => {
  chat = await createConsoleHarness();
  cli = createCliHarness({ MONGODB_URI: testMongoUri() + chat.dbName });
});
afterAll(async () => {
  await chat.close();
  await cli.cleanup();
});

/** The export's rows as objects (the CSV has no quoted newlines here). */
function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  for (const line of text.trim().split('\n')) {
    const cells: string[] = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (quoted && c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = !quoted;
      else if (c === ',' && !quoted) {
        cells.push(cur);
        cur = '';
      } else cur += c;
    }
    cells.push(cur);
    rows.push(cells);
  }
  const [head, ...body] = rows;
  return body.map((r) => Object.fromEntries(head!.map((k, i) => [k, r[i] ?? ''])));
}

describe('reasons in the audit trail (console workspace → operator CLI export)', () => {
  it('pass, lost, disqualify, reassign, meeting cancel and churn reasons are in the events export', async () => {
    await chat.type(
      'as @boss',
      '/team setup Northwind',
      '/team add Sam Seller @sam sdr',
      '/team add Anna Closer @anna ae',
      '/team add Ben Closer @ben ae',
      '/team add Fiona Farmer @fiona am',
      // One nudge, 30 days before the end: a one-month contract is nudged as it is won.
      '/team set renewals 30',
    );
    const ownerOf = async (n: number) => {
      const team = (await chat.app.core.stores.teams.list())[0]!;
      const lead = (await chat.app.core.stores.leads.byNumber(team.id, n))!;
      return (await chat.app.core.stores.people.get(lead.ownerId ?? lead.offeredTo!))!.handle;
    };
    // L-1: passed with a reason, then disqualified with one.
    await chat.type('as @sam', '/lead Acme; Jane Doe; jane@acme.com');
    await chat.type(`as @${await ownerOf(1)}`, '/lead pass L-1 too small for us');
    await chat.type('as @sam', '/lead dq L-1 no budget until 2029');
    // L-2: reassigned with a reason, meeting cancelled with one, then lost with a note.
    await chat.type('as @sam', '/lead Globex; Hank Scorpio; hank@globex.com');
    const first = await ownerOf(2);
    const other = first === 'anna' ? 'ben' : 'anna';
    await chat.type(`as @${first}`, '/lead claim L-2');
    await chat.type('as @boss', `/lead reassign L-2 @${other} Anna is on holiday`);
    await chat.type('as @sam', '/meeting L-2 tomorrow 10:00', '/meeting cancel L-2 their CFO left');
    await chat.type(`as @${other}`, '/lead lost L-2');
    const lost = await chat.type('1', 'they chose a cheaper tool');
    expect(lost).toMatch(/L-2 Globex/);
    // L-3: won; the account churns with a reason.
    await chat.type('as @sam', '/lead Initech; Bill Lumbergh; bill@initech.com');
    const ae = await ownerOf(3);
    await chat.type(`as @${ae}`, '/lead claim L-3', '/meeting L-3 today 09:00');
    const met = await chat.type('clock +2h');
    await chat.type(`press ${/\[(\d+) Held\]/.exec(met)?.[1]}`, '/lead won L-3');
    const won = await chat.type('30000', 'USD', '1', '', '');
    const churn = /\[(\d+) Churned\]/.exec(won)?.[1];
    expect(churn).toBeDefined();
    await chat.type('as @fiona', `press ${churn}`);
    const churned = await chat.type('moved to a competitor after the merger');
    expect(churned).toMatch(/Initech/);

    const out = join(cli.dir, 'events.csv');
    const run = await cli.run('export', 'events', '--out', out);
    expect(run.code).toBe(0);
    const rows = parseCsv(readFileSync(out, 'utf8'));
    const reasonOf = (type: string) => rows.filter((r) => r.type === type).map((r) => r.reason);
    expect(reasonOf('lead.reoffered').concat(reasonOf('lead.queued'))).toContain('too small for us');
    expect(reasonOf('lead.disqualified')).toEqual(['no budget until 2029']);
    expect(reasonOf('lead.reassigned')).toEqual(['Anna is on holiday']);
    expect(reasonOf('meeting.cancelled')).toEqual(['their CFO left']);
    expect(reasonOf('deal.lost')).toEqual(['price: they chose a cheaper tool']);
    expect(reasonOf('renewal.churned')).toEqual(['moved to a competitor after the merger']);
  }, 120_000);
});
