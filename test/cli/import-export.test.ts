import { afterAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { createCliHarness } from './harness.js';

const h = createCliHarness({ DEFAULT_TIMEZONE: 'Europe/Berlin' });
afterAll(() => h.cleanup());

const ROSTER = `name,handle,roles,email,slack_id,telegram_username,timezone,locale,weight,cap
Maria Lopez,maria,"admin,manager",maria@northwind.example,T0ABC:U0MARIA,,Europe/Berlin,en,1,
Sam Rivera,sam,sdr,sam@northwind.example,T0ABC:U0SAM,,,,,
Anna Novak,anna,ae,anna@northwind.example,,anna_sales,Europe/Moscow,ru,2,10
Ben Okafor,,ae;am,,T0ABC:U0BEN,,,,0.5,none
`;

const people = async () => {
  const { stores, close } = await h.stores();
  try {
    const teams = await stores.teams.list();
    return teams.length ? await stores.people.listTeam(teams[0]!.id) : [];
  } finally {
    await close();
  }
};

describe('import-roster', () => {
  it('reports a bad row with its line and column and imports nothing', async () => {
    const bad = ROSTER.replace('Sam Rivera,sam,sdr,', 'Sam Rivera,sam,closer,').replace(
      'Europe/Moscow',
      'Mars/Olympus',
    );
    const r = await h.run('import-roster', h.file('bad.csv', bad), '--team', 'Northwind');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^bad\.csv: line 3, column roles \(3\): unknown role closer \(use sdr, ae, am, manager, admin\)$/m,
    );
    expect(r.stderr).toMatch(/^bad\.csv: line 4, column timezone \(7\): is not an IANA time zone$/m);
    expect(r.stderr).toMatch(/Nothing was imported/);
    expect(await people()).toHaveLength(0);
  });

  it('reports a file-level problem (an unknown column) on line 1', async () => {
    const r = await h.run(
      'import-roster',
      h.file('typo.csv', 'name,roles,emial\nSam,sdr,x\n'),
      '--team',
      'N',
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/typo\.csv: line 1: unknown column emial/);
  });

  it('sets the team up with the first admin row as founder, adds the rest, and is a no-op when re-run', async () => {
    const path = h.file('roster.csv', ROSTER);
    const first = await h.run('import-roster', path, '--team', 'Northwind');
    expect(first.stderr).toMatch(/Created the team "Northwind" with @maria as its first admin\./);
    expect(first.stderr).toMatch(/Northwind: added 4, updated 0, unchanged 0\./);
    expect(first.code).toBe(0);
    const team = await people();
    expect(team.map((p) => `${p.handle}:${p.roles.join('+')}`).sort()).toEqual(
      ['anna:ae', 'ben:ae+am', 'maria:admin+manager', 'sam:sdr'].sort(),
    );
    const anna = team.find((p) => p.handle === 'anna')!;
    expect(anna).toMatchObject({
      timezone: 'Europe/Moscow',
      locale: 'ru',
      weight: 2,
      cap: 10,
      telegramUsername: 'anna_sales',
    });
    expect(team.find((p) => p.handle === 'maria')!.addresses).toEqual(['slack:T0ABC:U0MARIA']);
    expect(team.find((p) => p.handle === 'sam')!.timezone).toBe('Europe/Berlin');

    const again = await h.run('import-roster', path);
    expect(again.stderr).toMatch(/Northwind: added 0, updated 0, unchanged 4\./);
  });

  it('round-trips: export people → import is a no-op, and the export holds what the roster said', async () => {
    const out = join(h.dir, 'people.csv');
    const exported = await h.run('export', 'people', '--out', out);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toMatch(/Exported 4 people of "Northwind" to .*people\.csv/);
    const rows = parse<Record<string, string>>(readFileSync(out, 'utf8'), { columns: true });
    expect(rows.find((r) => r.handle === 'ben')).toEqual({
      name: 'Ben Okafor',
      handle: 'ben',
      roles: 'ae;am',
      email: '',
      slack_id: 'T0ABC:U0BEN',
      telegram_username: '',
      timezone: 'Europe/Berlin',
      locale: 'en',
      weight: '0.5',
      cap: '',
    });
    const back = await h.run('import-roster', out);
    expect(back.code).toBe(0);
    expect(back.stderr).toMatch(/added 0, updated 0, unchanged 4\./);
  });

  it('updates what changed (weight, roles) and refuses to change contact details', async () => {
    const changed = ROSTER.replace(
      'Ben Okafor,,ae;am,,T0ABC:U0BEN,,,,0.5,none',
      'Ben Okafor,,ae,,T0ABC:U0BEN,,,,1.5,none',
    );
    const r = await h.run('import-roster', h.file('changed.csv', changed));
    expect(r.stderr).toMatch(/added 0, updated 1, unchanged 3\./);
    expect((await people()).find((p) => p.handle === 'ben')).toMatchObject({ roles: ['ae'], weight: 1.5 });

    // One bad row stops the whole file: Anna's new weight is not applied either.
    const moved = ROSTER.replace('sam@northwind.example', 'sam@elsewhere.example').replace(
      ',ru,2,10',
      ',ru,3,10',
    );
    const refused = await h.run('import-roster', h.file('moved.csv', moved));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/moved\.csv: line 3, column email \(4\): differs from @sam's email/);
    expect(refused.stderr).not.toMatch(/elsewhere/); // contact data stays out of messages
    expect((await people()).find((p) => p.handle === 'anna')!.weight).toBe(2);
  });
});
