// Calendar invites on Telegram, end to end (real telegraf ↔ fake Bot API, long polling): the AE
// (who reads Russian) and the SDR get each meeting notice followed by an iCalendar document
// (multipart sendDocument). The meeting is booked just after Berlin's next change of clocks and
// moved to just before it, so the same 10:00 in Berlin is a different UTC hour in the two files.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import type { FakeUser } from '../../fakes/telegram/fake-telegram.js';
import { parseInvite } from '../../support/ical.js';
import { botMessages, eventually, say, startHarness, type Harness } from './harness.js';

let h: Harness;
const boss: FakeUser = {
  id: 2001,
  is_bot: false,
  first_name: 'Boss',
  username: 'boss_tg',
  language_code: 'en',
};
const sam: FakeUser = {
  id: 2002,
  is_bot: false,
  first_name: 'Sam',
  username: 'sam_sdr',
  language_code: 'en',
};
const ivan: FakeUser = {
  id: 2003,
  is_bot: false,
  first_name: 'Иван',
  username: 'ivan_ae',
  language_code: 'ru',
};
const group = { id: -100600 };
const ZONE = 'Europe/Berlin';
const COMPANY = 'Müller & Söhne, “Bau” AG';

/**
 * The first day (from three days on) whose Berlin offset differs from the day before's, and the
 * offset after it in hours: +1 after October's change, +2 after March's (Berlin is CET/CEST).
 */
function nextClockChange(): { day: DateTime; offsetAfter: number } {
  let day = DateTime.now().setZone(ZONE).startOf('day').plus({ days: 3 }).set({ hour: 12 });
  while (day.offset === day.minus({ days: 1 }).offset) day = day.plus({ days: 1 });
  return { day, offsetAfter: day.month === 10 ? 1 : 2 };
}

const documents = (u: FakeUser) =>
  h.fake
    .messagesIn(u.id)
    .filter((m) => m.kind === 'document' && m.file?.upload?.filename?.endsWith('.ics'))
    .map((m) => ({
      name: m.file!.upload!.filename,
      caption: m.caption,
      ...parseInvite(m.file!.upload!.data),
    }));

beforeAll(async () => {
  h = await startHarness();
  for (const u of [boss, sam, ivan]) h.fake.user(u);
  h.fake.group({ id: group.id, title: 'Sales', type: 'supergroup', members: [boss, sam, ivan] });
  await say(h, boss, '/team setup Sales', /Sales team is ready/);
  await say(h, boss, '/team@baton_test_bot channel', /Lead cards of Sales will be posted here/, group);
  await say(h, boss, '/team add Sam Seller tg:@sam_sdr sdr email=sam@sales.example', /Added Sam Seller/);
  await say(
    h,
    boss,
    '/team add Иван Петров tg:@ivan_ae ae lang=ru email=ivan@sales.example',
    /Added Иван Петров/,
  );
  await say(h, sam, '/start', /Welcome, Sam Seller/);
  await say(h, ivan, '/start', /Иван Петров/);
});

afterAll(async () => {
  await h?.close();
});

describe('calendar invites on Telegram', () => {
  it('sends each notice’s iCalendar document once, in the reader’s language, times right across the change of clocks', async () => {
    const { day, offsetAfter } = nextClockChange();
    const after = day.plus({ days: 2 });
    const before = day.minus({ days: 2 });
    await say(h, sam, `/lead ${COMPANY}; Jane Doe, CTO; jane@mueller.example`, /L-1/);
    await say(h, ivan, '/lead claim L-1', /L-1/);

    await say(h, sam, `/meeting L-1 ${after.toISODate()} 10:00 60m ${ZONE}`, /Booked: L-1/);
    await eventually(() => documents(ivan).length === 1 && documents(sam).length === 1, 'the invites');
    // The lead link: the card's message in the team's supergroup.
    const card = botMessages(h.fake, group).find((m) => (m.text ?? '').includes('L-1'))!;
    const link = `https://t.me/c/600/${card.message_id}`;
    const [ru] = documents(ivan);
    const [en] = documents(sam);
    const startAfter = `${after.toISODate()}T${String(10 - offsetAfter).padStart(2, '0')}:00:00.000Z`;
    for (const invite of [ru!, en!]) {
      expect(invite).toMatchObject({ name: 'meeting-L-1.ics', method: 'REQUEST', sequence: 0 });
      expect(invite.start.toISOString()).toBe(startAfter);
      expect(invite.end.getTime() - invite.start.getTime()).toBe(3600_000);
      expect(invite.url).toBe(link);
      expect(invite.organizer).toEqual({ email: 'ivan@sales.example', cn: 'Иван Петров' });
    }
    expect(ru!.uid).toBe(en!.uid);
    expect(ru!.summary).toBe(`Встреча: ${COMPANY} · Jane Doe (L-1)`);
    expect(ru!.description).toContain('Контакт: Jane Doe, CTO');
    expect(ru!.description).toContain(`Карточка лида: ${link}`);
    expect(ru!.caption).toBe(`📅 Приглашение в календарь: L-1 ${COMPANY}`);
    expect(en!.summary).toBe(`Meeting: ${COMPANY} · Jane Doe (L-1)`);
    expect(en!.caption).toBe(`📅 Calendar invite: L-1 ${COMPANY}`);

    // The same 10:00 in Berlin, before the change: one hour further from UTC in summer time.
    await say(h, sam, `/meeting reschedule L-1 ${before.toISODate()} 10:00 60m ${ZONE}`, /Moved: L-1/);
    await eventually(() => documents(ivan).length === 2 && documents(sam).length === 2, 'the updates');
    const summer = offsetAfter === 1 ? 2 : 1;
    for (const u of [ivan, sam]) {
      const [booked, moved] = documents(u);
      expect(moved).toMatchObject({
        name: 'meeting-L-1-1.ics',
        method: 'REQUEST',
        uid: booked!.uid,
        sequence: 1,
      });
      expect(moved!.start.toISOString()).toBe(
        `${before.toISODate()}T${String(10 - summer).padStart(2, '0')}:00:00.000Z`,
      );
    }

    await say(h, ivan, '/meeting cancel L-1', /L-1/);
    await eventually(() => documents(ivan).length === 3 && documents(sam).length === 3, 'the cancellations');
    for (const u of [ivan, sam]) {
      const all = documents(u);
      expect(all[2]).toMatchObject({ method: 'CANCEL', status: 'CANCELLED', uid: all[0]!.uid, sequence: 2 });
    }
    expect(documents(ivan)[2]!.caption).toBe(`Отмена в календаре: L-1 ${COMPANY}`);
    // Nothing more comes once the outbox is idle: one document per notice.
    await h.node.app.outbox.drain();
    expect(h.fake.calls('sendDocument')).toHaveLength(6);
    h.fake.expectNoViolations();
    expect(h.errors()).toEqual([]);
  });
});
