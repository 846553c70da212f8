// `/team webhook add|list|remove` through the interaction layer on the real database: admins only,
// the secret shown once to the admin, bad input answered field by field with nothing written, and
// a retried (or raced) add making one webhook.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createInteractions } from '../../src/chat/interactions/create-interactions.js';
import type { Interactions } from '../../src/chat/interactions/interactions.js';
import type { Inbound, Reply } from '../../src/chat/interactions/types.js';
import { messageToPlain } from '../../src/chat/message.js';
import { createLogger } from '../../src/logger.js';
import { checkWebhookHost } from '../../src/webhooks/address-guard.js';
import { createCoreHarness, type CoreHarness } from '../support/core.js';

let h: CoreHarness;
let strict: Interactions;
let open: Interactions;
let n = 0;
const inb = (handle: string, key = `wh:${++n}`): Inbound => ({
  speaker: { address: `console:${handle}`, platform: 'console', name: handle, username: handle },
  key,
});
const textOf = (r: Reply): string => (r.kind === 'message' ? messageToPlain(r.message) : r.kind);
const teamId = async () => (await h.deps.stores.teams.list())[0]!.id;
const hooks = async () => h.deps.stores.webhooks.listTeam(await teamId());

beforeAll(async () => {
  h = await createCoreHarness('2026-12-01T09:00:00Z');
  const log = createLogger({ level: 'silent' });
  strict = createInteractions({
    core: h.deps,
    log,
    webhooks: { allowPrivate: false, checkUrl: (url) => checkWebhookHost(url, false) },
  });
  open = createInteractions({
    core: h.deps,
    log,
    webhooks: { allowPrivate: true, checkUrl: (url) => checkWebhookHost(url, true) },
  });
  await strict.command(inb('boss'), 'team', 'setup Northwind Sales');
  await strict.command(inb('boss'), 'team', 'add Sam Seller @sam sdr,manager');
  await strict.command(inb('boss'), 'team', 'add Fiona Farmer @fiona am,admin lang=ru');
});
afterAll(async () => {
  await h.close();
});

describe('/team webhook', () => {
  it('refuses private and loopback targets unless the operator allows them, writing nothing', async () => {
    const literal = textOf(await strict.command(inb('boss'), 'team', 'webhook add http://127.0.0.1:9/x'));
    expect(literal).toMatch(/private or loopback address.*WEBHOOKS_ALLOW_PRIVATE=true/s);
    // A name is refused for what it resolves to, not only for how it is spelled.
    expect(await checkWebhookHost('http://localhost:8080/hook', false)).toBe('private_webhook_url');
    expect(await checkWebhookHost('http://localhost:8080/hook', true)).toBeNull();
    const named = textOf(await strict.command(inb('boss'), 'team', 'webhook add http://localhost:8080/hook'));
    expect(named).toMatch(/private or loopback/);
    expect(await hooks()).toHaveLength(0);
    expect((await h.deps.stores.teams.get(await teamId()))?.webhooks).toBeUndefined();
  });

  it('answers bad URLs and unknown event types field by field, and writes nothing', async () => {
    const t = textOf(
      await open.command(inb('boss'), 'team', 'webhook add ftp://example.com lead.created lead.exploded'),
    );
    expect(t).toMatch(/URL: ftp:\/\/example\.com is not an http:\/\/ or https:\/\/ address/);
    expect(t).toMatch(/Events: lead\.exploded is not an event type/);
    expect(textOf(await open.command(inb('boss'), 'team', 'webhook add'))).toMatch(/URL: is required/);
    expect(await hooks()).toHaveLength(0);
  });

  it('lets only admins manage webhooks', async () => {
    const t = textOf(await open.command(inb('sam'), 'team', 'webhook add http://127.0.0.1:9/x'));
    expect(t).toMatch(/needs the admin role/);
    expect(textOf(await open.command(inb('sam'), 'team', 'webhook list'))).toMatch(/needs the admin role/);
    expect(await hooks()).toHaveLength(0);
  });

  it('adds a webhook, shows its secret once and privately, and a retried request makes no second one', async () => {
    const r = await open.command(
      inb('boss', 'add-1'),
      'team',
      'webhook add http://127.0.0.1:9/in lead.created deal.won',
    );
    expect(r.kind === 'message' && r.visibility).toBe('ephemeral');
    const t = textOf(r);
    const [, id, secret] = /Webhook (wh-[0-9a-f]{8}) added[\s\S]*\n(whsec_[\w-]{32})\n/.exec(t) ?? [];
    expect(id).toBeDefined();
    expect(t).toMatch(/lead\.created, deal\.won/);
    const again = textOf(
      await open.command(
        inb('boss', 'add-1'),
        'team',
        'webhook add http://127.0.0.1:9/in lead.created deal.won',
      ),
    );
    expect(again).toContain(id!);
    expect(again).toContain(secret!);
    const stored = await hooks();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      id,
      secret,
      url: 'http://127.0.0.1:9/in',
      events: ['lead.created', 'deal.won'],
    });
    expect((await h.deps.stores.teams.get(await teamId()))?.webhooks).toBe(true);
    // The list names it but never shows the secret again.
    const list = textOf(await open.command(inb('boss'), 'team', 'webhook list'));
    expect(list).toMatch(new RegExp(`${id} → http://127\\.0\\.0\\.1:9/in · lead\\.created, deal\\.won`));
    expect(list).not.toContain(secret!);
  });

  it('makes one webhook when the same request races itself on the database', async () => {
    const before = (await hooks()).length;
    const replies = await Promise.all(
      Array.from({ length: 4 }, () =>
        open.command(inb('boss', 'add-race'), 'team', 'webhook add http://127.0.0.1:9/race'),
      ),
    );
    const ids = new Set(replies.map((r) => /(wh-[0-9a-f]{8})/.exec(textOf(r))?.[1]));
    expect(ids.size).toBe(1);
    expect(await hooks()).toHaveLength(before + 1);
  });

  it('speaks Russian to a Russian admin and reads the Russian verbs', async () => {
    const list = textOf(await open.command(inb('fiona'), 'team', 'вебхук список'));
    expect(list).toMatch(/Вебхуки команды Northwind Sales: 2 вебхука/);
    expect(list).toMatch(/все события/);
  });

  it('removes a webhook, and says so for one the team does not have', async () => {
    const [first] = await hooks();
    const request = inb('boss');
    const t = textOf(await open.command(request, 'team', `webhook remove ${first!.id}`));
    expect(t).toMatch(
      new RegExp(`Webhook ${first!.id} removed: nothing more is sent to http://127\\.0\\.0\\.1:9/in`),
    );
    // The same request again (a retry, or journal recovery after a crash) answers the same.
    expect(textOf(await open.command(request, 'team', `webhook remove ${first!.id}`))).toBe(t);
    // Another request for it is told it is gone.
    expect(textOf(await open.command(inb('boss'), 'team', `webhook remove ${first!.id}`))).toMatch(
      new RegExp(`Webhook: ${first!.id} is not a webhook of your team`),
    );
    expect((await hooks()).map((x) => x.id)).not.toContain(first!.id);
    expect(textOf(await open.command(inb('boss'), 'team', 'webhook remove wh-00000000'))).toMatch(
      /Webhook: wh-00000000 is not a webhook of your team/,
    );
    expect(textOf(await open.command(inb('boss'), 'team', 'webhook help'))).toMatch(/renewal\.churned/);
  });
});
