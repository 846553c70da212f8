// Issue 13 item 8: settings and reports people can read — /team settings as labelled lines with
// the command that changes each, a /team help that lists every setting, labelled people rows,
// NRR as a plain percentage, one line for a quiet day, and an AM's own Home screen.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { messageToPlain } from '../../../src/chat/message.js';
import { createDigestRenderer } from '../../../src/chat/render/digest.js';
import { internalNames, latinWords } from './words.js';
import { createTalk, textOf, type Talk } from './harness.js';

let t: Talk;
beforeAll(async () => {
  t = await createTalk('2026-12-01T09:00:00Z');
});
afterAll(() => t.close());

describe('/team settings and /team help', () => {
  it.each([
    ['boss', 'Settings of Northwind'],
    ['vera', 'Настройки команды Northwind'],
  ])(
    '%s reads every setting as a labelled line in their language, with the command to change it',
    async (who, title) => {
      const [head, ...lines] = (await t.say(who, 'team', 'settings')).split('\n');
      expect(head).toBe(title);
      expect(lines.length).toBeGreaterThanOrEqual(14);
      for (const line of lines) {
        const m = /^• ([^:]+): (.+) · (\/team (?:set [a-z-]+ \S.*|channel))$/.exec(line);
        expect(m).not.toBeNull();
        const words = `${m![1]}: ${m![2]}`;
        expect(internalNames(words)).toEqual([]);
        if (who === 'vera') expect(latinWords(words.replace('Northwind', ''))).toEqual([]);
      }
      const text = lines.join('\n');
      expect(text).toContain(
        who === 'vera'
          ? 'Источники лидов: холодное письмо, холодный звонок'
          : 'Lead sources: cold email, cold call',
      );
      expect(text).toContain('/team set sla 5 15 60');
      expect(text).toContain('/team set route-hours on');
    },
  );

  it.each(['boss', 'vera'])('/team help (%s) lists every setting /team set takes', async (who) => {
    const help = await t.say(who, 'team', 'help');
    for (const setting of [
      'digest',
      'digest-period',
      'sla',
      'sla-hours',
      'route-hours',
      'claim',
      'workdays',
      'renewals',
      'currency',
      'timezone',
      'lang',
      'name',
      'sources',
      'reasons',
    ])
      expect(help).toMatch(new RegExp(`(/team set | \\| )${setting} `));
  });
});

describe('reports', () => {
  let accountId = '';
  beforeAll(async () => {
    // One lead won and handed to fiona (AM); its contract renewed for more.
    const created = await t.say('sam', 'lead', 'Acme Inc; Jane Doe, CTO; jane@acme.com; inbound; $25k');
    const ae = /Offered to @(\w+)/.exec(created)![1]!.toLowerCase() === 'anna' ? 'anna' : 'boris';
    const lead = (await t.h.deps.stores.leads.byNumber(await t.teamId(), 1))!;
    await t.app.action(t.inb(ae), { id: 'lead.claim', ref: lead.id });
    await t.say('sam', 'meeting', 'L-1 tomorrow 15:00');
    t.h.clock.advance(30 * 3600_000);
    await t.app.action(t.inb(ae), { id: 'meeting.held', ref: lead.id });
    const won = await t.app.submit(t.inb(ae), 'won', lead.id, {
      amount: '25000',
      currency: 'USD',
      termMonths: '12',
      startDate: 'today',
    });
    expect(won.kind === 'done' && textOf(won.reply)).toMatch(/won, \$25,000/);
    accountId = (await t.h.deps.stores.accounts.list({ teamId: await t.teamId() }))[0]!.id;
  });

  it('an AM’s Home screen shows their accounts and next renewals, not empty lead sections', async () => {
    const home = await t.say('fiona', 'lead', 'list');
    expect(home).toMatch(
      /^Baton — Fiona Farmer\nYour accounts \(1\)\n• Acme Inc — \$25,000, contract until \d+ \w+ 2027\nNext renewals\n• \d+ \w+ 2027 — Acme Inc, in \d+ days$/,
    );
    expect(home).not.toMatch(/Offered to you|Your leads|Meetings today/);
  });

  it('labels SDR and AE rows too', async () => {
    const kpi = await t.app.command(t.inb('boss'), 'kpi', 'team quarter');
    const people = textOf(kpi).split('\nPeople\n')[1]!;
    expect(people).toMatch(/Sam Seller: SDR — 1 lead created, 1 meeting booked, 1 held/);
    expect(people).toMatch(/(Anna|Boris) Closer: AE — 1 claimed, 1 won, win rate 100%/);
    expect(people).not.toMatch(/\d+\/\d+/);
  });

  it('labels the people rows and shows NRR as a percentage without a currency', async () => {
    const account = (await t.h.deps.stores.accounts.get(accountId))!;
    const periodEnd = account.contract.endDate;
    t.h.clock.set(new Date(`${periodEnd}T09:00:00Z`));
    t.h.clock.advance(-20 * 86400_000);
    const renewed = await t.app.submit(t.inb('fiona'), 'renewal.renewed', `${account.id}|${periodEnd}`, {
      amount: '30000',
      currency: 'USD',
    });
    expect(renewed.kind === 'done' && textOf(renewed.reply)).toMatch(/renewed/);
    const en = await t.say('boss', 'kpi', 'team month');
    expect(en).toMatch(/\nNet revenue retention: 120%\n/);
    expect(en).not.toMatch(/Net revenue retention: [^\n]*USD/);
    expect(en).toMatch(/\nFiona Farmer: AM — 1 renewal decided, renewal rate 100%/);
    const ru = await t.say('vera', 'kpi', 'team месяц');
    expect(ru).toMatch(/\nУдержание выручки \(NRR\): 120%\n/);
    expect(ru).toMatch(/\nFiona Farmer: AM — решений по продлениям: 1, доля продлений: 100%/);
    expect(ru).toMatch(/\nSam Seller: SDR — создано лидов: 0, назначено встреч: 0, проведено: 0/);
  });
});

describe('a quiet day', () => {
  it('the manager’s daily digest says so in one line, with what stands open', async () => {
    const q = await createTalk('2026-12-01T09:00:00Z');
    try {
      const render = createDigestRenderer({ stores: q.h.deps.stores, charts: false }).digest;
      const boss = (await q.h.deps.stores.people.byHandle(await q.teamId(), 'boss'))!;
      for (const [locale, want] of [
        [
          'en',
          /^Team digest · 1 Dec 2026 · Last 7 days: nothing new — no leads, meetings, deals or renewal decisions\. Open now: 0 leads, 0 renewals due in 90 days\.$/,
        ],
        [
          'ru',
          /^Сводка команды · 1 декабря 2026 · За 7 дней: ничего нового — .+ Сейчас в работе: 0 лидов, продлений в ближайшие 90 дней: 0\.$/,
        ],
      ] as const) {
        const message = await render(
          {
            key: `d:${locale}`,
            to: { personId: boss.id },
            body: { kind: 'digest', personId: boss.id, date: '2026-12-01', scope: 'team' },
          },
          { personId: boss.id, locale, timezone: 'Europe/Berlin', platform: 'console' },
        );
        expect(messageToPlain(message!)).toMatch(want);
      }
      // With something to say, the digest is the full report.
      await q.say('sam', 'lead', 'Acme Inc; Jane Doe; jane@acme.com');
      const full = await createDigestRenderer({ stores: q.h.deps.stores, charts: false }).digest(
        {
          key: 'd:full',
          to: { personId: boss.id },
          body: { kind: 'digest', personId: boss.id, date: '2026-12-02', scope: 'team' },
        },
        { personId: boss.id, locale: 'en', timezone: 'Europe/Berlin', platform: 'console' },
      );
      expect(messageToPlain(full!)).toMatch(/Leads created: 1/);
    } finally {
      await q.close();
    }
  });
});
