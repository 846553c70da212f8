import { describe, expect, it } from '@jest/globals';
import { parseLeadSyntax } from '../../src/chat/parsers/lead-syntax.js';
import {
  parseDate,
  parseDuration,
  parseMeetingWhen,
  parseTime,
} from '../../src/chat/parsers/when-syntax.js';
import { t } from '../../src/chat/i18n/i18n.js';
import '../../src/chat/render/kit.js';

const SOURCES = ['cold_email', 'cold_call', 'inbound', 'referral', 'event', 'other'];

describe('catalogs', () => {
  it('uses Russian plural forms', () => {
    expect(t('ru', 'team.list_title', { team: 'Продажи', n: 3 })).toBe('Продажи: 3 человека');
    expect(t('ru', 'team.list_title', { team: 'Продажи', n: 5 })).toBe('Продажи: 5 человек');
    expect(t('en', 'team.list_title', { team: 'Sales', n: 1 })).toBe('Sales: 1 person');
  });
});

const fuzzFound = (text: string) => parseLeadSyntax(text, SOURCES, 'USD');

describe('/lead quick syntax', () => {
  it('takes no key or source from the prototype of its lookup tables ("__proto__", "constructor")', () => {
    const found = fuzzFound('!; !; _ proto _');
    expect(found).toEqual({ company: '!', contactName: '!', notes: '_ proto _' });
    for (const text of [
      'Acme; Jane; __proto__',
      'Acme; Jane; constructor: x',
      'Acme; Jane; source: constructor',
    ]) {
      const input = parseLeadSyntax(text, SOURCES, 'USD');
      for (const [k, v] of Object.entries(input))
        expect({ k, type: typeof v }).toEqual({ k, type: 'string' });
    }
  });

  it('recognises parts by shape and by key', () => {
    expect(
      parseLeadSyntax(
        'Acme Inc; Jane Doe, CTO; jane@acme.com; +1 555 0100; inbound; $25k; BNT; wants a demo',
        SOURCES,
        'USD',
      ),
    ).toEqual({
      company: 'Acme Inc',
      contactName: 'Jane Doe',
      contactTitle: 'CTO',
      email: 'jane@acme.com',
      phone: '+1 555 0100',
      source: 'inbound',
      value: '$25k',
      budget: true,
      authority: false,
      need: true,
      timing: true,
      notes: 'wants a demo',
    });
    expect(
      parseLeadSyntax(
        'ООО Ромашка; Иван Петров; сайт: romashka.ru; источник: рекомендация; сумма: 500 тыс ₽',
        SOURCES,
        'RUB',
      ),
    ).toMatchObject({
      company: 'ООО Ромашка',
      domain: 'romashka.ru',
      source: 'referral',
      value: '500 тыс ₽',
    });
  });
});

describe('dates and times people type', () => {
  const now = new Date('2026-12-01T09:00:00Z'); // a Tuesday
  it.each([
    ['tomorrow', '2026-12-02'],
    ['завтра', '2026-12-02'],
    ['fri', '2026-12-04'],
    ['пт', '2026-12-04'],
    ['3.12', '2026-12-03'],
    ['3.12.2027', '2027-12-03'],
    ['2026-12-24', '2026-12-24'],
    ['12/24', '2026-12-24'],
    ['24 dec', '2026-12-24'],
    ['5 янв', '2027-01-05'],
    ['1.11', '2027-11-01'],
  ])('%s → %s', (text, iso) => {
    expect(parseDate(text, 'Europe/Moscow', now)?.toISODate()).toBe(iso);
  });
  it('parses times and durations', () => {
    expect(parseTime('15:00')).toBe(900);
    expect(parseTime('3pm')).toBe(900);
    expect(parseTime('9 утра')).toBe(540);
    expect(parseTime('25:00')).toBeNull();
    expect(parseDuration('1h30')).toBe(90);
    expect(parseDuration('45 мин')).toBe(45);
    expect(parseDuration('soon')).toBeNull();
  });
  it('keeps wall-clock time on a daylight-saving day', () => {
    const r = parseMeetingWhen(['2027-03-28', '15:00'], 'Europe/Berlin', now);
    expect(r.ok && r.value.startsAt.toISOString()).toBe('2027-03-28T13:00:00.000Z');
  });
});
