// Issue 11 item 3: the last active admin cannot be removed in chat, and the operator CLI can name
// an admin for a team that lost its admins anyway. Chat through the console workspace, the CLI
// in-process on the same database.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
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
});

const person = async (handle: string) => {
  const [team] = await chat.app.core.stores.teams.list();
  return (await chat.app.core.stores.people.byHandle(team!.id, handle))!;
};

describe('the last active admin', () => {
  it('cannot lose the admin role or be deactivated, by themselves or a manager; with a second admin they may', async () => {
    await chat.type('as @boss', '/team setup Acme', '/team add Mia Stone @mia manager');
    expect(await chat.type('/team roles @boss sdr')).toMatch(
      /the team needs an active admin: make someone else an admin first/,
    );
    expect((await person('boss')).roles).toContain('admin');

    await chat.type('as @mia');
    expect(await chat.type('/team deactivate @boss')).toMatch(/the team needs an active admin/);
    expect((await person('boss')).active).toBe(true);

    await chat.type('as @boss');
    expect(await chat.type('/team deactivate @boss')).toMatch(/you cannot deactivate yourself/);
    await chat.type('/team lang ru');
    expect(await chat.type('/team roles @boss sdr')).toMatch(/должен остаться активный администратор/);
    await chat.type('/team lang en');

    // With a second admin the first may step down; the second then may not.
    await chat.type('/team roles @mia manager, admin');
    expect((await person('mia')).roles).toContain('admin');
    await chat.type('/team roles @boss sdr');
    expect((await person('boss')).roles).toEqual(['sdr']);
    expect(await chat.type('as @mia', '/team roles @mia manager')).toMatch(/needs an active admin/);
  });
});

describe('baton admin set (the operator’s way back)', () => {
  it('names an admin for a team left without one, after which admins can be added in chat again', async () => {
    // The day it happens anyway: data from before the rule, a database edited by hand…
    const mia = await person('mia');
    await chat.app.core.stores.people.update(mia.id, { roles: ['manager'] });
    await chat.type('as @mia');
    expect(await chat.type('/team add Ada Byron @ada admin')).toMatch(/needs the admin role/);

    const list = await cli.run('admin', 'list');
    expect(list.stdout).toMatch(
      /Admins of "Acme":\n {2}none active: name one with {2}npm run baton -- admin set --team "Acme" <handle>/,
    );

    const unknown = await cli.run('admin', 'set', '--team', 'acme', '@nobody');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/Nobody is @nobody in "Acme"\. People: .*@mia/);

    const set = await cli.run('admin', 'set', '--team', 'Acme', '@mia');
    expect(set.code).toBe(0);
    expect(set.stderr).toMatch(/@mia \(Mia Stone\) is now an admin of "Acme"\./);
    expect((await person('mia')).roles).toEqual(['admin', 'manager']);
    expect((await cli.run('admin', 'set', '--team', 'Acme', 'mia')).stderr).toMatch(
      /already an active admin/,
    );
    expect((await cli.run('admin', 'list')).stdout).toMatch(/ {2}@mia \(Mia Stone\)\n$/);

    expect(await chat.type('/team add Ada Byron @ada admin')).toMatch(/Added Ada Byron \(@ada\)/);
  });

  it('reactivates a deactivated person it names', async () => {
    const ada = await person('ada');
    await chat.app.core.stores.people.update(ada.id, { active: false, roles: ['sdr'] });
    const set = await cli.run('admin', 'set', 'ada');
    expect(set.stderr).toMatch(
      /@ada \(Ada Byron\) is now an admin of "Acme" \(reactivated: they were deactivated\)\./,
    );
    expect(await person('ada')).toMatchObject({ active: true, roles: ['admin', 'sdr'] });
  });

  it('refuses a roster import that would leave the team without an active admin, naming the rows', async () => {
    const roster = 'name,handle,roles\nMia Stone,mia,manager\nAda Byron,ada,sdr\n';
    const r = await cli.run('import-roster', cli.file('demote.csv', roster), '--team', 'Acme');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /demote\.csv: line 2, column roles \(3\): would leave "Acme" without an active admin/,
    );
    expect(r.stderr).toMatch(
      /demote\.csv: line 3, column roles \(3\): would leave "Acme" without an active admin/,
    );
    expect((await person('mia')).roles).toContain('admin');
  });
});
