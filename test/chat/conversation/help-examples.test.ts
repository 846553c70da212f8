// Issue 13 item 5: every example /help shows, in English and in Russian, is typed as shown (its
// placeholders filled in) and does what the help says it does.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import { createInteractions } from '../../../src/chat/interactions/create-interactions.js';
import { isMessageKey, t as tr } from '../../../src/chat/i18n/i18n.js';
import type { Reply } from '../../../src/chat/interactions/types.js';
import type { Lead } from '../../../src/core/leads/lead.js';
import type { Locale, Team } from '../../../src/core/roster/team.js';
import { createLogger } from '../../../src/logger.js';
import { createCoreHarness } from '../../support/core.js';
import { createTalk, textOf, type Talk } from './harness.js';

const HELP_KEYS = ['sdr', 'ae', 'am', 'manager', 'everyone', 'lead', 'meeting', 'team', 'kpi'].map(
  (k) => `help.${k}`,
);
const helpText = (locale: Locale) => HELP_KEYS.map((k) => (isMessageKey(k) ? tr(locale, k) : k)).join('\n');

/** Tested on an empty deployment (the last test). */
const SETUP: Record<Locale, string> = { en: '/team setup Team name', ru: '/team setup Название' };

/** A Wednesday: every date the help shows (3.12, fri, tomorrow) is ahead. */
const START = '2026-11-25T09:00:00Z';

type Slots = Record<string, string>;
type Run = { reply: Reply; text: string; typed: string; slots: Slots; lead?: Lead };
type Example = {
  /** The example exactly as each language's help shows it. */
  shown: Record<Locale, string>;
  /** Who types it (the lead's AE for `ae`). */
  as: 'sam' | 'boss' | 'zoe' | 'ae';
  /** How the n-th variant is typed when each must differ (a second /team add needs a new handle). */
  nth?: (typed: string, n: number) => string;
  /** Sets the scene; returns the values for the placeholders (`L-12` → a lead in the right state). */
  prepare?: (w: World) => Promise<{ slots: Slots; lead?: Lead }>;
  check: (w: World, run: Run) => Promise<void> | void;
};

type World = {
  t: Talk;
  locale: Locale;
  lead(id: string): Promise<Lead>;
  offered(): Promise<{ slots: Slots; lead: Lead }>;
  claimed(): Promise<{ slots: Slots; lead: Lead }>;
  booked(): Promise<{ slots: Slots; lead: Lead }>;
  held(): Promise<{ slots: Slots; lead: Lead }>;
  ae(lead: Lead): Promise<string>;
  person(handle: string): ReturnType<Talk['h']['deps']['stores']['people']['byHandle']>;
  zoneOf(handle: string): Promise<string>;
};

let leadNo = 0;
/** The team as it was before a /team set example, put back after it. */
let before: Team;
async function world(locale: Locale): Promise<World> {
  const t = await createTalk(START);
  await t.say('boss', 'team', 'add Zoe Spare @zoe sdr');
  for (const who of ['boss', 'sam', 'anna', 'boris', 'fiona', 'vera', 'zoe'])
    await t.say(who, 'team', `lang ${locale}`);
  const stores = t.h.deps.stores;
  const teamId = await t.teamId();
  const w: World = {
    t,
    locale,
    lead: async (id) => (await stores.leads.get(id))!,
    offered: async () => {
      const n = ++leadNo;
      await t.say('sam', 'lead', `Company ${n}; Person ${n}; person${n}@company${n}.com`);
      const lead = (await stores.leads.list({ teamId })).find((l) => l.fields.company === `Company ${n}`)!;
      return { slots: { 'L-12': `L-${lead.number}` }, lead };
    },
    claimed: async () => {
      const o = await w.offered();
      await t.app.action(t.inb(await w.ae(o.lead)), { id: 'lead.claim', ref: o.lead.id });
      return { slots: o.slots, lead: await w.lead(o.lead.id) };
    },
    booked: async () => {
      const c = await w.claimed();
      expect(
        textOf(await t.app.command(t.inb('sam'), 'meeting', `${c.slots['L-12']} 2026-12-02 15:00`)),
      ).not.toMatch(/fix|Исправьте/);
      return { slots: c.slots, lead: await w.lead(c.lead.id) };
    },
    held: async () => {
      const b = await w.booked();
      t.h.clock.set(new Date('2026-12-02T16:00:00Z'));
      await t.app.action(t.inb(await w.ae(b.lead)), { id: 'meeting.held', ref: b.lead.id });
      return { slots: b.slots, lead: await w.lead(b.lead.id) };
    },
    ae: async (lead) => (await stores.people.get(lead.ownerId ?? lead.offeredTo!))!.handle,
    person: (handle) => stores.people.byHandle(teamId, handle),
    zoneOf: async (handle) => (await w.person(handle))!.timezone,
  };
  return w;
}

const ok = (run: Run) =>
  expect(run.text).not.toMatch(
    /fix these|Исправьте|can't|недоступно|Sorry|Извините|not in your team|нет в вашей команде/,
  );

/** Every way an example can be typed: optional parts left out, put in, and each alternative. */
function variants(shown: string): string[] {
  const groups = [...shown.matchAll(/\[([^\]]+)\]|(\S+\|\S+)/g)];
  const fill = (pick: (i: number, alts: string[], optional: boolean) => string) => {
    let i = 0;
    return shown
      .replace(/\[([^\]]+)\]|(\S+\|\S+)/g, (_m, opt: string | undefined, req: string | undefined) =>
        pick(i++, (opt ?? req!).split('|'), opt !== undefined),
      )
      .replace(/\s+/g, ' ')
      .trim();
  };
  const out = new Set<string>([
    fill((_i, alts, optional) => (optional ? '' : alts[0]!)),
    fill((_i, alts) => alts[0]!),
  ]);
  groups.forEach((_g, gi) => {
    const alts = (_g[1] ?? _g[2]!).split('|');
    for (const a of alts) out.add(fill((i, al, optional) => (i === gi ? a : optional ? '' : al[0]!)));
  });
  return [...out];
}

const dayOf = (w: World, lead: Lead, zone: string) =>
  DateTime.fromJSDate(lead.meetings.at(-1)!.startsAt, { zone }).toFormat('yyyy-MM-dd HH:mm');

const PERIOD_TITLES: Record<Locale, Record<string, string>> = {
  en: {
    today: 'Today',
    yesterday: 'Yesterday',
    week: 'Last 7 days',
    month: 'Last 30 days',
    quarter: 'Last 90 days',
    '30d': 'Last 30 days',
  },
  ru: {
    сегодня: 'Сегодня',
    вчера: 'Вчера',
    неделя: 'За 7 дней',
    месяц: 'За 30 дней',
    квартал: 'За 90 дней',
    '30d': 'За 30 дней',
  },
};

/** "/kpi [period] [@name|team]": the title names the period (a week when none is given) and whom. */
const kpiCheck = (w: World, run: Run) => {
  const words = run.typed.split(' ').slice(1);
  const titles = PERIOD_TITLES[w.locale];
  const period = words.find((x) => x in titles) ?? (w.locale === 'ru' ? 'неделя' : 'week');
  const who = words.find((x) => x === 'team' || x.startsWith('@'));
  const title = run.text.split('\n')[0]!;
  expect(title).toContain(titles[period]!);
  if (who === 'team') expect(title).toMatch(/^(Team|Команда) · /);
  if (who?.startsWith('@')) expect(title).toMatch(/^Zoe Spare · /);
};

/** The last part of the help's own lead template and its filled-in values. */
const TEMPLATE: Record<Locale, Slots> = {
  en: {
    Company: 'Globex',
    Contact: 'Hank Scorpio',
    Title: 'CEO',
    email: 'hank@globex.com',
    phone: '+1 555 0199',
    source: 'referral',
    value: '$40k',
    BANT: 'BA',
    notes: 'met at a fair',
  },
  ru: {
    Компания: 'ООО Лютик',
    Контакт: 'Олег Сидоров',
    Должность: 'директор',
    email: 'oleg@lutik.ru',
    телефон: '+7 495 123-45-67',
    источник: 'рекомендация',
    сумма: '400к',
    BANT: 'BA',
    заметки: 'встретились на выставке',
  },
};

const lastLead = async (w: World) =>
  (await w.t.h.deps.stores.leads.list({ teamId: await w.t.teamId() })).sort(
    (a, b) => b.number - a.number,
  )[0]!;

const EXAMPLES: Example[] = [
  {
    shown: { en: '/lead', ru: '/lead' },
    as: 'sam',
    check: (_w, run) => expect(run.reply.kind).toBe('form'),
  },
  {
    shown: {
      en: '/lead Company; Contact, Title; email; phone; source; value; BANT; notes',
      ru: '/lead Компания; Контакт, Должность; email; телефон; источник; сумма; BANT; заметки',
    },
    as: 'sam',
    prepare: (w) => Promise.resolve({ slots: TEMPLATE[w.locale] }),
    check: async (w, run) => {
      ok(run);
      const f = (await lastLead(w)).fields;
      const v = Object.values(TEMPLATE[w.locale]);
      expect(f).toMatchObject({
        company: v[0],
        contact: { name: v[1], title: v[2], email: v[3] },
        source: 'referral',
        notes: v[8],
      });
      expect(f.contact.phone).toBe(v[4]!.replace(/\D/g, ''));
      expect(f.value?.amount).toBe(Number(v[6]!.replace(/\D/g, '')) * 100_000);
      expect(f.qualification).toEqual({ budget: true, authority: true, need: false, timing: false });
    },
  },
  {
    shown: {
      en: '/lead Acme Inc; Jane Doe, CTO; jane@acme.com; +1 555 0100; inbound; $25k; BANT; wants a demo',
      ru: '/lead ООО Ромашка; Иван Петров, коммерческий директор; ivan@romashka.ru; +7 916 123-45-67; входящая заявка; 500к; BNT; хочет демо',
    },
    as: 'sam',
    check: async (w, run) => {
      ok(run);
      const f = (await lastLead(w)).fields;
      if (w.locale === 'en') {
        expect(f).toMatchObject({
          company: 'Acme Inc',
          contact: { name: 'Jane Doe', title: 'CTO', email: 'jane@acme.com', phone: '15550100' },
          source: 'inbound',
          value: { amount: 2_500_000, currency: 'USD' },
          qualification: { budget: true, authority: true, need: true, timing: true },
          notes: 'wants a demo',
        });
      } else {
        expect(f).toMatchObject({
          company: 'ООО Ромашка',
          contact: {
            name: 'Иван Петров',
            title: 'коммерческий директор',
            email: 'ivan@romashka.ru',
            phone: '79161234567',
          },
          source: 'inbound',
          value: { amount: 50_000_000 },
          qualification: { budget: true, authority: false, need: true, timing: true },
          notes: 'хочет демо',
        });
      }
    },
  },
  {
    shown: { en: '/lead list', ru: '/lead list' },
    as: 'sam',
    check: (_w, run) => expect(run.text).toMatch(/^Baton — Sam Seller\n/),
  },
  {
    shown: { en: '/lead show L-12', ru: '/lead show L-12' },
    as: 'sam',
    prepare: (w) => w.offered(),
    check: (_w, run) =>
      expect(run.text).toMatch(new RegExp(`^${run.slots['L-12']} · ${run.lead!.fields.company}`)),
  },
  {
    shown: { en: '/lead claim L-12', ru: '/lead claim L-12' },
    as: 'ae',
    prepare: (w) => w.offered(),
    check: async (w, run) => {
      ok(run);
      expect(await w.lead(run.lead!.id)).toMatchObject({ status: 'claimed', ownerId: run.lead!.offeredTo });
    },
  },
  {
    shown: { en: '/lead pass L-12 [reason]', ru: '/lead pass L-12 [причина]' },
    as: 'ae',
    prepare: (w) => w.offered(),
    check: async (w, run) => {
      ok(run);
      const offer = (await w.lead(run.lead!.id)).offers[0]!;
      expect(offer.outcome).toBe('passed');
      const reason = run.typed.split(' ').slice(3).join(' ');
      if (reason) expect(offer.passReason).toBe(reason);
    },
  },
  {
    shown: { en: '/lead dq L-12 reason', ru: '/lead dq L-12 причина' },
    as: 'ae',
    prepare: (w) => w.claimed(),
    check: async (w, run) => {
      ok(run);
      expect(await w.lead(run.lead!.id)).toMatchObject({
        status: 'disqualified',
        disqualifyReason: w.locale === 'ru' ? 'причина' : 'reason',
      });
    },
  },
  {
    shown: { en: '/lead lost L-12 reason', ru: '/lead lost L-12 причина' },
    as: 'ae',
    // "reason" stands for a reason in the reader's words: "price" / "цена".
    prepare: async (w) => {
      const c = await w.claimed();
      return { lead: c.lead, slots: { ...c.slots, reason: 'price', причина: 'цена' } };
    },
    check: async (w, run) => {
      ok(run);
      expect(await w.lead(run.lead!.id)).toMatchObject({ status: 'lost', deal: { reason: 'price' } });
    },
  },
  {
    shown: { en: '/lead reassign L-12 @name', ru: '/lead reassign L-12 @ник' },
    as: 'boss',
    prepare: async (w) => {
      const c = await w.claimed();
      const other = (await w.ae(c.lead)) === 'anna' ? 'boris' : 'anna';
      return { lead: c.lead, slots: { ...c.slots, '@name': `@${other}`, '@ник': `@${other}` } };
    },
    check: async (w, run) => {
      ok(run);
      const to = (await w.person(run.slots['@name']!.slice(1)))!;
      expect((await w.lead(run.lead!.id)).ownerId).toBe(to.id);
    },
  },
  {
    shown: { en: '/meeting', ru: '/meeting' },
    as: 'sam',
    prepare: (w) => w.claimed(),
    check: (_w, run) => expect(run.reply.kind).toBe('form'),
  },
  {
    shown: {
      en: '/meeting L-12 tomorrow 15:00 [45m] [Europe/Moscow]',
      ru: '/meeting L-12 завтра 15:00 [45мин] [Europe/Moscow]',
    },
    as: 'sam',
    prepare: (w) => w.claimed(),
    check: async (w, run) => {
      ok(run);
      const zone = run.typed.includes('Europe/Moscow') ? 'Europe/Moscow' : await w.zoneOf('sam');
      const lead = await w.lead(run.lead!.id);
      expect(dayOf(w, lead, zone)).toBe('2026-11-26 15:00');
      expect(lead.meetings[0]!.durationMin).toBe(/45/.test(run.typed) ? 45 : 30);
    },
  },
  {
    shown: { en: '/meeting reschedule L-12 fri 11:00', ru: '/meeting reschedule L-12 пт 11:00' },
    as: 'sam',
    prepare: (w) => w.booked(),
    check: async (w, run) => {
      ok(run);
      expect(dayOf(w, await w.lead(run.lead!.id), await w.zoneOf('sam'))).toBe('2026-11-27 11:00');
    },
  },
  {
    shown: { en: '/meeting cancel L-12', ru: '/meeting cancel L-12' },
    as: 'sam',
    prepare: (w) => w.booked(),
    check: async (w, run) => {
      ok(run);
      expect((await w.lead(run.lead!.id)).meetings[0]!.status).toBe('cancelled');
    },
  },
  {
    shown: { en: '/kpi [today|week|month|quarter]', ru: '/kpi [сегодня|неделя|месяц|квартал]' },
    as: 'sam',
    check: kpiCheck,
  },
  {
    shown: {
      en: '/kpi [today|yesterday|week|month|quarter|30d] [@name|team]',
      ru: '/kpi [сегодня|вчера|неделя|месяц|квартал|30d] [@ник|team]',
    },
    as: 'boss',
    check: kpiCheck,
  },
  {
    shown: { en: '/kpi team', ru: '/kpi team' },
    as: 'boss',
    check: kpiCheck,
  },
  {
    shown: { en: '/help team', ru: '/help team' },
    as: 'boss',
    check: (w, run) => expect(run.text).toBe(tr(w.locale, 'help.team')),
  },
  {
    shown: { en: '/help lead|meeting|team|kpi', ru: '/help lead|meeting|team|kpi' },
    as: 'sam',
    check: (w, run) => {
      const key = `help.${run.typed.split(' ')[1]}`;
      expect(run.text).toBe(isMessageKey(key) ? tr(w.locale, key) : key);
    },
  },
  {
    shown: { en: '/team lang ru', ru: '/team lang en' },
    as: 'sam',
    check: async (w, run) => {
      const want = w.locale === 'en' ? 'ru' : 'en';
      expect((await w.person('sam'))!.locale).toBe(want);
      expect(run.text).toBe(
        want === 'ru' ? 'Теперь я говорю с вами по-русски.' : 'From now on I speak English to you.',
      );
      await w.t.say('sam', 'team', `lang ${w.locale}`);
    },
  },
  {
    shown: { en: '/team tz Europe/Moscow', ru: '/team tz Europe/Moscow' },
    as: 'zoe',
    check: async (w, run) => {
      ok(run);
      expect((await w.person('zoe'))!.timezone).toBe('Europe/Moscow');
    },
  },
  {
    shown: { en: '/team ooo me 3.12-10.12', ru: '/team ooo я 3.12-10.12' },
    as: 'zoe',
    check: async (w, run) => {
      ok(run);
      const away = (await w.person('zoe'))!.outOfOffice.at(-1)!;
      const zone = await w.zoneOf('zoe');
      expect(DateTime.fromJSDate(away.from, { zone }).toISODate()).toBe('2026-12-03');
      expect(DateTime.fromJSDate(away.until, { zone }).toISODate()).toBe('2026-12-10');
      await w.t.say('zoe', 'team', 'back');
    },
  },
  {
    shown: { en: '/team', ru: '/team' },
    as: 'boss',
    check: (_w, run) => {
      expect(run.text).toMatch(/^Northwind: 7 (people|человек)\n/);
      expect(run.text).toContain('• Dana Boss (@boss) — ');
    },
  },
  {
    shown: {
      en: '/team add Nina Petrova @nina sdr,ae [tg:@nina_sales] [weight=0.5] [cap=10] [tz=Europe/Moscow] [lang=ru]',
      ru: '/team add Иван Петров @ivan sdr,ae [tg:@ivan_sales] [weight=0.5] [cap=10] [tz=Europe/Moscow] [lang=ru]',
    },
    as: 'boss',
    nth: (typed, n) => typed.replace(/ @(nina|ivan) /, ` @$1${n} `).replace(/tg:@(\w+)/, `tg:@$1${n}`),
    check: async (w, run) => {
      ok(run);
      const handle = /@(\w+)/.exec(run.typed)![1]!;
      const p = (await w.person(handle))!;
      expect(p).toMatchObject({
        name: w.locale === 'en' ? 'Nina Petrova' : 'Иван Петров',
        roles: ['sdr', 'ae'],
      });
      const has = (s: string) => run.typed.includes(s);
      expect(p.telegramUsername).toBe(has('tg:') ? /tg:@(\w+)/.exec(run.typed)![1] : undefined);
      expect(p.weight).toBe(has('weight=0.5') ? 0.5 : 1);
      expect(p.cap).toBe(has('cap=10') ? 10 : null);
      if (has('tz=')) expect(p.timezone).toBe('Europe/Moscow');
      if (has('lang=')) expect(p.locale).toBe('ru');
      // Out of the rotation again, so the next examples' leads go to anna and boris.
      await w.t.say('boss', 'team', `deactivate @${handle}`);
    },
  },
  {
    shown: { en: '/team roles @name ae,am', ru: '/team roles @ник ae,am' },
    as: 'boss',
    check: async (w, run) => {
      ok(run);
      expect((await w.person('zoe'))!.roles).toEqual(['ae', 'am']);
      await w.t.say('boss', 'team', 'roles @zoe sdr');
    },
  },
  {
    shown: { en: '/team weight @name 2', ru: '/team weight @ник 2' },
    as: 'boss',
    check: async (w, run) => {
      ok(run);
      expect((await w.person('zoe'))!.weight).toBe(2);
    },
  },
  {
    shown: { en: '/team cap @name 10|none', ru: '/team cap @ник 10|нет' },
    as: 'boss',
    check: async (w, run) => {
      ok(run);
      expect((await w.person('zoe'))!.cap).toBe(run.typed.endsWith('10') ? 10 : null);
    },
  },
  {
    shown: { en: '/team hours @name mon-fri 09:00-18:00', ru: '/team hours @ник пн-пт 09:00-18:00' },
    as: 'boss',
    check: async (w, run) => {
      ok(run);
      expect((await w.person('zoe'))!.workingHours).toEqual({
        days: [1, 2, 3, 4, 5],
        start: '09:00',
        end: '18:00',
      });
    },
  },
  {
    shown: { en: '/team ooo @name 3.12-10.12 [note]', ru: '/team ooo @ник 3.12-10.12 [заметка]' },
    as: 'boss',
    check: async (w, run) => {
      ok(run);
      const away = (await w.person('zoe'))!.outOfOffice.at(-1)!;
      expect(DateTime.fromJSDate(away.until, { zone: await w.zoneOf('zoe') }).toISODate()).toBe('2026-12-10');
      const note = run.typed.split(' ').slice(4).join(' ');
      expect(away.note).toBe(note || undefined);
    },
  },
  {
    shown: { en: '/team back @name', ru: '/team back @ник' },
    as: 'boss',
    check: async (w, run) => {
      ok(run);
      const now = w.t.h.clock.now().getTime();
      expect((await w.person('zoe'))!.outOfOffice.filter((o) => new Date(o.until).getTime() > now)).toEqual(
        [],
      );
    },
  },
  {
    shown: {
      en: '/team deactivate @name [--to @successor]',
      ru: '/team deactivate @ник [--to @преемник]',
    },
    as: 'boss',
    prepare: () => Promise.resolve({ slots: { '@successor': '@boris', '@преемник': '@boris' } }),
    check: async (w, run) => {
      ok(run);
      expect((await w.person('zoe'))!.active).toBe(false);
      // Zoe had nothing to hand on; the reply says so.
      expect(run.text).toMatch(w.locale === 'en' ? /no open leads or accounts/ : /Открытых лидов и клиентов/);
      await w.t.say('boss', 'team', 'activate @zoe');
    },
  },
  {
    shown: { en: '/team invite @name', ru: '/team invite @ник' },
    as: 'boss',
    check: (w, run) => {
      ok(run);
      expect(run.text).toMatch(
        w.locale === 'en' ? /^Invite code for Zoe Spare: \S+/ : /^Код приглашения для Zoe Spare: \S+/,
      );
    },
  },
  {
    shown: { en: '/team channel', ru: '/team channel' },
    as: 'boss',
    check: (w, run) => expect(run.text).toBe(tr(w.locale, 'team.channel_here')),
  },
  {
    shown: { en: '/team settings', ru: '/team settings' },
    as: 'boss',
    check: (w, run) =>
      expect(run.text.split('\n')[0]).toBe(tr(w.locale, 'settings.title', { team: 'Northwind' })),
  },
  {
    shown: {
      en: '/team api-key create [label] | list | revoke ak_…',
      ru: '/team api-key create [название] | list | revoke ak_…',
    },
    as: 'boss',
    nth: (typed) => (typed.startsWith('/') ? typed : `/team api-key ${typed}`),
    prepare: async (w) => {
      const made = textOf(await w.t.app.command(w.t.inb('boss'), 'team', 'api-key create for-the-example'));
      return { slots: { 'ak_…': /\bak_\w+/.exec(made)![0] } };
    },
    check: (w, run) => {
      ok(run);
      const [, , verb] = run.typed.split(' ');
      if (verb === 'create') expect(run.text).toMatch(/\bbk_\w+/);
      if (verb === 'list') expect(run.text).toContain(run.slots['ak_…']);
      if (verb === 'revoke')
        expect(run.text).toBe(tr(w.locale, 'apikey.revoked', { id: run.slots['ak_…'] }));
    },
  },
  {
    shown: {
      en: '/team webhook add URL [event…] | list | remove wh-… | test wh-…',
      ru: '/team webhook add URL [событие…] | list | remove wh-… | test wh-…',
    },
    as: 'boss',
    nth: (typed) => (typed.startsWith('/') ? typed : `/team webhook ${typed}`),
    prepare: async (w) => {
      const made = textOf(
        await w.t.app.command(w.t.inb('boss'), 'team', 'webhook add https://example.com/prepared'),
      );
      return {
        slots: {
          URL: 'https://example.com/baton',
          'event…': 'lead.created',
          'событие…': 'lead.created',
          'wh-…': /\bwh-[\w-]+/.exec(made)![0],
        },
      };
    },
    check: async (w, run) => {
      ok(run);
      const [, , verb] = run.typed.split(' ');
      const hooks = await w.t.h.deps.stores.webhooks.listTeam(await w.t.teamId());
      if (verb === 'add') {
        const added = hooks.at(-1)!;
        expect(added.url).toBe('https://example.com/baton');
        expect(run.text).toContain(added.id);
      }
      if (verb === 'list') expect(run.text).toContain(run.slots['wh-…']);
      if (verb === 'remove') expect(hooks.map((h) => h.id)).not.toContain(run.slots['wh-…']);
      if (verb === 'test') expect(run.text).toContain(run.slots['wh-…']);
    },
  },
  {
    shown: {
      en: '/team set digest 09:00 | digest-period day|week|month | sla 5 15 60 | sla-hours on|off | route-hours on|off | claim anyone|offered | workdays mon-fri 09:00-18:00 | renewals 90,60,30,14,7 | currency EUR | timezone Europe/Moscow | lang ru | name Acme Sales | sources inbound,referral,event | reasons price,timing,other',
      ru: '/team set digest 09:00 | digest-period день|неделя|месяц | sla 5 15 60 | sla-hours да|нет | route-hours да|нет | claim любой|назначенный | workdays пн-пт 09:00-18:00 | renewals 90,60,30,14,7 | currency RUB | timezone Europe/Moscow | lang ru | name Отдел продаж | sources inbound,referral,event | reasons price,timing,other',
    },
    as: 'boss',
    prepare: async (w) => {
      before = (await w.t.h.deps.stores.teams.get(await w.t.teamId()))!;
      return { slots: {} };
    },
    check: async (w, run) => {
      ok(run);
      const stores = w.t.h.deps.stores;
      const team = (await stores.teams.get(await w.t.teamId()))!;
      const [, , setting, ...words] = run.typed.split(' ');
      const v = words.join(' ');
      const on = ['on', 'да'].includes(v);
      const read: Record<string, [unknown, unknown]> = {
        digest: [team.digestTime, v],
        'digest-period': [team.digestPeriod, { день: 'day', неделя: 'week', месяц: 'month' }[v] ?? v],
        sla: [
          [team.claimSla.remindAfterMin, team.claimSla.reofferAfterMin, team.claimSla.escalateAfterMin].join(
            ' ',
          ),
          v,
        ],
        'sla-hours': [team.claimSla.workingHoursOnly, on],
        'route-hours': [team.routeWithinWorkingHours, on],
        claim: [team.claimOfferedOnly, ['offered', 'назначенный'].includes(v)],
        workdays: [
          `${team.workingDays.join(',')} ${team.workday.start}-${team.workday.end}`,
          '1,2,3,4,5 09:00-18:00',
        ],
        renewals: [team.renewalOffsetsDays.join(','), v],
        currency: [team.currency, v],
        timezone: [team.timezone, v],
        lang: [team.locale, v],
        name: [team.name, v],
        sources: [team.leadSources.join(','), v],
        reasons: [team.lossReasons.join(','), v],
      };
      expect(read[setting!]).toBeDefined();
      expect(read[setting!]![0]).toEqual(read[setting!]![1]);
      // The reply is the settings list, naming the changed setting's command.
      expect(run.text).toContain(`/team set ${setting} `);
      const { id: _id, ...settings } = before;
      await stores.teams.update(team.id, settings);
    },
  },
  {
    shown: { en: '/lead won L-12', ru: '/lead won L-12' },
    as: 'ae',
    prepare: (w) => w.held(),
    check: (_w, run) => expect(run.reply.kind).toBe('form'),
  },
];

/**
 * The `/team set` example lists several settings with " | " between them: each is a command of
 * its own ("/team set sla 5 15 60").
 */
function typedForms(shown: string): string[] {
  const [head, ...more] = shown.split(' | ');
  const prefix = /^\/team set /.test(head!) ? '/team set ' : '';
  return [head!, ...more.map((m) => prefix + m)].flatMap(variants);
}

function fillSlots(typed: string, slots: Slots): string {
  let out = typed;
  for (const [slot, value] of Object.entries(slots).sort((a, b) => b[0].length - a[0].length))
    out = out.replace(
      new RegExp(`(?<![\\p{L}@])${slot.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\w])`, 'gu'),
      value,
    );
  return out;
}

describe.each(['en', 'ru'] as const)('every /help example in %s', (locale) => {
  let w: World;
  beforeAll(async () => {
    w = await world(locale);
  });
  afterAll(() => w.t.close());

  it('the test knows every example the help shows (a new example needs a case here)', () => {
    let rest = helpText(locale).split(SETUP[locale]).join('');
    for (const e of [...EXAMPLES].sort((a, b) => b.shown[locale].length - a.shown[locale].length)) {
      if (e.shown[locale] === '/lead' || e.shown[locale] === '/meeting' || e.shown[locale] === '/team')
        continue;
      expect(rest).toContain(e.shown[locale]);
      rest = rest.split(e.shown[locale]).join('');
    }
    // What is left mentions commands only bare ("/lead — the form") or in prose ("or /lead alone").
    const leftover = [...rest.matchAll(/\/(lead|meeting|team|kpi|help)\b( \S+)?/g)]
      .map((m) => m[0])
      .filter((m) => !/^\/\w+( (—|\(|alone|для|\(отправьте|\(run))?$/.test(m) && !/^\/\w+[.,)]?$/.test(m));
    expect(leftover).toEqual([]);
  });

  it('every source the lead help lists is read as that source', async () => {
    const help = tr(locale, 'help.lead');
    const listed = /\((?:[^()]*,){5}[^()]*\)/.exec(help)![0].slice(1, -1).split(', ');
    const team = (await w.t.h.deps.stores.teams.get(await w.t.teamId()))!;
    expect(listed).toHaveLength(team.leadSources.length);
    for (const [i, label] of listed.entries()) {
      const n = ++leadNo;
      const reply = await w.t.say('sam', 'lead', `Source ${n}; Person ${n}; p${n}@source${n}.com; ${label}`);
      expect(reply).not.toMatch(/fix|Исправьте/);
      expect((await lastLead(w)).fields).toMatchObject({
        company: `Source ${n}`,
        source: team.leadSources[i],
      });
    }
  });

  it('every "key:" the lead help lists fills its field', async () => {
    const help = tr(locale, 'help.lead');
    const keys = [...help.matchAll(/(\p{L}+):[,.]/gu)].map((m) => m[1]!);
    expect(keys).toHaveLength(4);
    const values: Record<string, [string, (l: Lead) => unknown, unknown]> = {
      site: ['initech.com', (l) => l.fields.domain, 'initech.com'],
      сайт: ['initech.com', (l) => l.fields.domain, 'initech.com'],
      value: ['10000', (l) => l.fields.value?.amount, 1_000_000],
      сумма: ['10000', (l) => l.fields.value?.amount, 1_000_000],
      source: ['event', (l) => l.fields.source, 'event'],
      источник: ['мероприятие', (l) => l.fields.source, 'event'],
      notes: ['call back', (l) => l.fields.notes, 'call back'],
      заметка: ['перезвонить', (l) => l.fields.notes, 'перезвонить'],
    };
    for (const key of keys) {
      const [value, read, want] = values[key]!;
      const n = ++leadNo;
      const reply = await w.t.say(
        'sam',
        'lead',
        `Keyed ${n}; Person ${n}; p${n}@mail${n}.org; ${key}: ${value}`,
      );
      expect(reply).not.toMatch(/fix|Исправьте/);
      expect(read(await lastLead(w))).toEqual(want);
    }
  });

  it('every date and time the meeting help lists books that day and time', async () => {
    const help = tr(locale, 'help.meeting');
    const m = (
      locale === 'en'
        ? /dates like (.+?); times like (.+?) or (\S+?);/
        : /даты вида (.+?); время (.+?) или ([^;]+);/
    ).exec(help)!;
    const days: Record<string, string> = {
      '2026-12-03': '2026-12-03',
      '3.12': '2026-12-03',
      '3 dec': '2026-12-03',
      '3 дек': '2026-12-03',
      fri: '2026-11-27',
      пт: '2026-11-27',
      tomorrow: '2026-11-26',
      завтра: '2026-11-26',
    };
    const dates = m[1]!.split(', ');
    expect(dates).toHaveLength(5);
    for (const [date, time] of [...dates.map((d) => [d, m[2]!]), [dates.at(-1)!, m[3]!]] as [
      string,
      string,
    ][]) {
      const c = await w.claimed();
      const reply = await w.t.say('sam', 'meeting', `${c.slots['L-12']} ${date} ${time}`);
      expect(reply).not.toMatch(/fix|Исправьте/);
      expect(dayOf(w, await w.lead(c.lead.id), await w.zoneOf('sam'))).toBe(`${days[date]} 15:00`);
    }
  });

  // In order: the last ones move the clock past the meetings they hold.
  for (const e of EXAMPLES) {
    it(e.shown[locale], async () => {
      for (const [n, form] of typedForms(e.shown[locale]).entries()) {
        const typed = n && e.nth ? e.nth(form, n) : form;
        const setup = e.prepare ? await e.prepare(w) : { slots: {} };
        const slots: Slots = { '@name': '@zoe', '@ник': '@zoe', ...setup.slots };
        const text = fillSlots(typed, slots);
        const [, command, rest = ''] = /^\/(\w+)\s*([\s\S]*)$/.exec(text)!;
        const as = e.as === 'ae' ? await w.ae(setup.lead!) : e.as;
        const reply = await w.t.app.command(w.t.inb(as), command as 'lead', rest);
        const run: Run = {
          reply,
          text: textOf(reply),
          typed: text,
          slots,
          ...(setup.lead ? { lead: setup.lead } : {}),
        };
        try {
          await e.check(w, run);
        } catch (err) {
          throw new Error(`${text} (as @${as}) → ${run.text}\n${String(err)}`, { cause: err });
        }
      }
    });
  }
});

it('/team setup Team name creates the first team in an empty deployment, in both languages', async () => {
  for (const locale of ['en', 'ru'] as const) {
    const h = await createCoreHarness(START);
    try {
      const app = createInteractions({ core: h.deps, log: createLogger({ level: 'silent' }) });
      const shown = SETUP[locale];
      expect(tr(locale, 'help.team')).toContain(shown);
      const r = await app.command(
        { speaker: { address: 'console:f', platform: 'console', name: 'F', locale }, key: `setup:${locale}` },
        'team',
        shown.slice('/team '.length),
      );
      expect(textOf(r)).not.toMatch(/fix|Исправьте/);
      expect((await h.deps.stores.teams.list()).map((x) => x.name)).toEqual([
        shown.slice('/team setup '.length),
      ]);
    } finally {
      await h.close();
    }
  }
});
