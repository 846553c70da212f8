import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createInteractions } from '../../src/chat/interactions/create-interactions.js';
import type { Interactions } from '../../src/chat/interactions/interactions.js';
import type { Inbound, Reply } from '../../src/chat/interactions/types.js';
import { messageToPlain } from '../../src/chat/message.js';
import { createLogger } from '../../src/logger.js';
import { createCoreHarness, type CoreHarness } from '../support/core.js';

let h: CoreHarness;
let app: Interactions;
let n = 0;
const inb = (handle: string, extra: Partial<Inbound['speaker']> = {}): Inbound => ({
  speaker: { address: `console:${handle}`, platform: 'console', name: handle, username: handle, ...extra },
  key: `t:${++n}`,
});
const textOf = (r: Reply): string => (r.kind === 'message' ? messageToPlain(r.message) : r.kind);

beforeAll(async () => {
  h = await createCoreHarness('2026-12-01T09:00:00Z');
  app = createInteractions({ core: h.deps, log: createLogger({ level: 'silent' }) });
});
afterAll(async () => {
  await h.close();
});

describe('interactions (console speaker)', () => {
  it('tells an unknown person how to get added, with their id', async () => {
    const r = await app.command(inb('stranger'), 'lead', 'Acme; Jane; jane@acme.com');
    expect(textOf(r)).toMatch(/not in a Baton team yet.*console:stranger/s);
  });

  it('sets up the first team, adds people, and routes a quick-syntax lead', async () => {
    expect(textOf(await app.command(inb('boss'), 'team', 'setup Northwind Sales'))).toMatch(
      /Northwind Sales team is ready/,
    );
    expect(textOf(await app.command(inb('boss'), 'team', 'add Sam Seller @sam sdr'))).toMatch(
      /Added Sam Seller \(@sam\) as SDR/,
    );
    await app.command(inb('boss'), 'team', 'add Anna Closer @anna ae');
    await app.command(inb('boss'), 'team', 'add Boris Closer @boris ae weight=2');
    await app.command(inb('boss'), 'team', 'add Fiona Farmer @fiona am lang=ru');
    const list = textOf(await app.command(inb('boss'), 'team', ''));
    expect(list).toMatch(/Northwind Sales: 5 people/);
    expect(list).toMatch(/Boris Closer \(@boris\) — AE · weight 2/);

    const r = await app.command(
      inb('sam'),
      'lead',
      'Acme Inc; Jane Doe, CTO; jane@acme.com; +1 555 0100; inbound; $25k; BNT; wants a demo',
    );
    const t = textOf(r);
    expect(t).toMatch(/L-1 Acme Inc is in\. Offered to @(Anna|Boris) Closer — next in the rotation/);
    expect(t).toMatch(/Jane Doe, CTO · jane@acme\.com · \+15550100/);
    expect(t).toMatch(/\$25,000/);
    expect(t).toMatch(/B✓ A✗ N✓ T✓/);
    expect(h.notifier.of('lead.offered')).toHaveLength(1);
  });

  it('shows field problems for bad quick syntax and creates nothing', async () => {
    const before = (await h.deps.stores.leads.list({ teamId: (await h.deps.stores.teams.list())[0]!.id }))
      .length;
    const t = textOf(
      await app.command(inb('sam'), 'lead', 'Globex; Hank; not-an-email@; carrier pigeon: yes'),
    );
    expect(t).toMatch(/Please fix these/);
    expect(t).toMatch(/Email: give an email or a phone/);
    expect(
      (await h.deps.stores.leads.list({ teamId: (await h.deps.stores.teams.list())[0]!.id })).length,
    ).toBe(before);
  });

  it('shows a duplicate with a "Create anyway" button that works', async () => {
    const r = await app.command(inb('sam'), 'lead', 'Acme Corp; John Roe; john@acme.com');
    expect(textOf(r)).toMatch(/already have.*L-1 Acme Inc.*matched on Website/s);
    const button = r.kind === 'message' ? r.message.blocks.find((b) => b.type === 'actions') : undefined;
    expect(button?.type).toBe('actions');
    const action = button?.type === 'actions' ? button.buttons[0]!.action : undefined;
    const res = await app.action(inb('sam'), action!);
    expect(textOf(res.reply)).toMatch(
      /L-2 Acme Corp is in\. Offered to @\w+ Closer, who already works this company \(L-1\)|L-2 Acme Corp is in/,
    );
  });

  it('claims with a button; a second AE is told who owns it', async () => {
    const lead = (await h.deps.stores.leads.byNumber((await h.deps.stores.teams.list())[0]!.id, 1))!;
    const owner =
      lead.offeredTo === (await h.deps.stores.people.byAddress('console:anna'))!.id ? 'anna' : 'boris';
    const other = owner === 'anna' ? 'boris' : 'anna';
    const mine = await app.action(inb(owner), { id: 'lead.claim', ref: lead.id });
    expect(mine.toast).toMatch(/It’s yours: L-1 Acme Inc/);
    const late = await app.action(inb(other), { id: 'lead.claim', ref: lead.id });
    expect(late).toMatchObject({
      refused: true,
      toast: expect.stringMatching(/Already claimed by \w+ Closer/),
    });
  });

  it('books a meeting with forgiving date syntax and shows times in the reader’s zone', async () => {
    const r = await app.command(inb('sam'), 'meeting', 'L-1 tomorrow 15:00 45m Europe/Moscow');
    expect(textOf(r)).toMatch(/Booked: L-1 Acme Inc, .* 2 Dec, 13:00 \(Berlin\), 45 min/);
    const bad = await app.command(inb('sam'), 'meeting', 'L-1 someday 15:00');
    expect(textOf(bad)).toMatch(/Date: is not a date I understand/);
  });

  it('answers in Russian for a Russian-speaking person', async () => {
    await app.command(inb('boss'), 'team', 'add Вера @vera sdr lang=ru');
    const t = textOf(
      await app.command(inb('vera'), 'lead', 'ООО Ромашка; Иван; ivan@romashka.ru; входящая заявка; 500к ₽'),
    );
    expect(t).toMatch(/L-3 ООО Ромашка создан\. Предложен: /);
    expect(textOf(await app.command(inb('vera'), 'kpi', 'someday'))).toMatch(/Исправьте/);
  });

  it('refuses actions without the role, naming it', async () => {
    const t = textOf(await app.command(inb('sam'), 'team', 'weight @anna 3'));
    expect(t).toMatch(/needs the manager or admin role/);
  });

  it('opens forms: /lead with no text, Won from a button', async () => {
    const r = await app.command(inb('sam'), 'lead', '');
    expect(r.kind).toBe('form');
    if (r.kind === 'form') expect(r.form.fields.map((f) => f.id)).toContain('email');
    const err = await app.submit(inb('sam'), 'lead', undefined, {
      company: 'Initech',
      contactName: 'Peter',
      email: 'bad',
    });
    expect(err).toEqual({ kind: 'errors', errors: { email: 'bad is not a valid email address' } });
    expect(await app.checkField(inb('sam'), 'lead', 'phone', '12')).toMatch(/not a valid phone/);
    expect(await app.checkField(inb('sam'), 'lead', 'phone', '+1 555 0199')).toBeNull();
  });
});
