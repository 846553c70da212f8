// Issue 17 part 1: the lead intake API's keys, made and revoked in chat (the console workspace)
// and by the operator CLI on the same database. Their use over HTTP is test/e2e/lead-intake-api.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { createConsoleHarness, type ConsoleHarness } from '../chat/console/harness.js';
import { testMongoUri } from '../support/db.js';
import { createCliHarness, type CliHarness } from './harness.js';

let chat: ConsoleHarness;
let cli: CliHarness;
beforeAll(async () => {
  chat = await createConsoleHarness();
  cli = createCliHarness({ MONGODB_URI: testMongoUri() + chat.dbName });
  await chat.type(
    'as @boss',
    '/team setup Acme',
    '/team add Sam Reed @sam sdr',
    '/team add Mia Stone @mia manager',
  );
});
afterAll(async () => {
  await chat.close();
});

const KEY = /bk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}/g;
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const teamId = async () => (await chat.app.core.stores.teams.list())[0]!.id;

describe('/team api-key', () => {
  it('creates a key for admins only, shows it once and stores only its hash', async () => {
    expect(await chat.type('as @mia', '/team api-key create')).toMatch(/needs the admin role/);
    expect(await chat.type('as @sam', '/team api-key create')).toMatch(/needs the admin role/);
    expect(await chat.app.core.stores.apiKeys.listTeam(await teamId())).toEqual([]);

    const out = await chat.type('as @boss', '/team api-key create Website form');
    const [token, ...more] = out.match(KEY) ?? [];
    expect(more).toEqual([]);
    expect(out).toMatch(
      /New API key of Acme \(Website form\) — key id ak_[0-9a-f]{16}\. It is shown only this once/,
    );
    const [key] = await chat.app.core.stores.apiKeys.listTeam(await teamId());
    expect(key).toMatchObject({ label: 'Website form', hash: sha(token!) });
    expect(JSON.stringify(key)).not.toContain(token!.slice(20));
    expect(token!.startsWith(`bk_${key!.id.slice(3)}_`)).toBe(true);

    const list = await chat.type('/team api-key list');
    expect(list).toMatch(
      new RegExp(`API keys of Acme: 1\\n\\s*• ${key!.id} \\(Website form\\) — created .*; never used`),
    );
    expect(list).not.toMatch(KEY);
  });

  it('revokes a key of the team (again: says so), refuses unknown ids, and speaks Russian', async () => {
    const [key] = await chat.app.core.stores.apiKeys.listTeam(await teamId());
    expect(await chat.type('as @mia', `/team api-key revoke ${key!.id}`)).toMatch(/needs the admin role/);
    expect((await chat.app.core.stores.apiKeys.get(key!.id))!.revokedAt).toBeUndefined();
    expect(await chat.type('as @boss', `/team api-key revoke ${key!.id}`)).toContain(
      `API key ${key!.id} is revoked: requests with it are refused from now on.`,
    );
    expect((await chat.app.core.stores.apiKeys.get(key!.id))!.revokedAt).toBeInstanceOf(Date);
    expect(await chat.type(`/team api-key revoke ${key!.id}`)).toMatch(/was already revoked/);
    expect(await chat.type('/team api-key revoke ak_0000000000000000')).toMatch(
      /There is no API key ak_0000000000000000 in your team/,
    );
    expect(await chat.type('/team api-key list')).toMatch(/; revoked /);
    await chat.type('/team lang ru');
    expect(await chat.type('/team ключ список')).toMatch(
      /API-ключи команды Acme: 1\n\s*• ak_[0-9a-f]{16} \(Website form\) — создан .*; отозван /,
    );
    expect(await chat.type('/team api-key create')).toMatch(
      /Новый API-ключ команды Acme — идентификатор ak_/,
    );
    await chat.type('/team lang en');
  });
});

describe('npm run baton -- api-key create', () => {
  it('prints the key on its last line and stores its hash under the named team', async () => {
    const before = (await chat.app.core.stores.apiKeys.listTeam(await teamId())).length;
    const r = await cli.run('api-key', 'create', '--team', 'acme', '--label', 'CRM');
    expect(r.code).toBe(0);
    const last = r.stdout.trimEnd().split('\n').pop()!;
    expect(last).toMatch(/^bk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    const keys = await chat.app.core.stores.apiKeys.listTeam(await teamId());
    expect(keys).toHaveLength(before + 1);
    const made = keys.find((k) => k.hash === sha(last))!;
    expect(made).toMatchObject({ label: 'CRM' });
    expect(made.createdBy).toBeUndefined();

    const wrong = await cli.run('api-key', 'create', '--team', 'Nope');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/No team "Nope"/);
    expect(await cli.run('api-key', 'make')).toMatchObject({ code: 2 });
  });
});
