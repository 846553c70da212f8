// Issue 13 item 10: Russian that reads like Russian. Every catalog message is rendered with
// sample values in both languages; Russian output may hold Latin letters only in names, emails,
// URLs, commands and the few terms the product keeps in Latin (SDR, AE, AM, BANT…).
import { describe, expect, it } from '@jest/globals';
import { catalogKeys, entryArguments, formatDate, formatDateTime, isMessageKey, t } from '../../src/chat/i18n/i18n.js';
import { createConsoleHarness } from './console/harness.js';
import { createTalk } from './conversation/harness.js';
import { latinWords } from './conversation/words.js';

/** Sample values by argument name (Russian ones for Russian output: names are people's own). */
function sample(arg: string): string | number {
  const samples: Record<string, string | number> = {
    label: 'L-12',
    number: 12,
    company: 'ООО Ромашка',
    name: 'Фёдор Смирнов',
    who: 'Фёдор Смирнов',
    owner: 'Фёдор Смирнов',
    ae: 'Фёдор Смирнов',
    am: 'Анна Петрова',
    booker: 'Анна Петрова',
    to: 'Анна Петрова',
    from: 'Анна Петрова',
    team: 'Продажи',
    handle: 'fedor',
    username: 'fedor_sales',
    email: 'fedor@romashka.ru',
    code: '482913',
    id: '123456789',
    tz: 'Europe/Moscow',
    zone: 'Москва',
    example: '/lead claim L-12',
    lang: 'русский',
    when: formatDateTime(new Date('2027-03-14T12:00:00Z'), 'ru', 'Europe/Moscow'),
    until: formatDate('2027-03-14', 'ru'),
    date: formatDate('2027-03-14', 'ru'),
    start: '09:00',
    end: '18:00',
    value: '500 000 ₽',
    roles: 'SDR (лидоруб)',
    status: 'взят',
    what: 'взять лид',
    reason: 'цена',
    note: 'позвонить в понедельник',
    notes: 'позвонить в понедельник',
    period: 'За 7 дней',
    self: 'no',
    suffixed: 'no',
  };
  return samples[arg] ?? 'пример';
}

const russian = catalogKeys('ru');

describe('Russian output is Russian', () => {
  it('every English key has a Russian text', () => {
    expect(catalogKeys('en').filter((k) => !russian.includes(k))).toEqual([]);
  });

  it('no Russian message, rendered with sample values, has Latin words outside names, emails, URLs and commands', () => {
    const bad: string[] = [];
    for (const key of russian) {
      const params = Object.fromEntries(entryArguments('ru', key).map((a) => [a, sample(a)]));
      const rendered = isMessageKey(key) ? t('ru', key, params) : key;
      // A command's usage hint is shown after the command's name: each "·" part is typed after it.
      const command = /^command\.(\w+)\.usage$/.exec(key)?.[1];
      const text = command
        ? rendered
            .split(' · ')
            .map((part) => `/${command} ${part}`)
            .join(' · ')
        : rendered;
      const latin = latinWords(text);
      if (latin.length) bad.push(`${key}: ${latin.join(', ')} ← ${text}`);
    }
    expect(bad).toEqual([]);
  });

  it('the detector itself flags English left in Russian', () => {
    expect(latinWords('Language set: ru.')).toEqual(['Language', 'set', 'ru']);
    expect(latinWords('Имя контакта: is required')).toEqual(['is', 'required']);
    expect(latinWords('Отправьте /team add Иван @ivan sdr,ae — и готово; пишите ivan@romashka.ru')).toEqual(
      [],
    );
  });

  it('months are in the genitive after a day: 14 марта, 3 мая', () => {
    expect(formatDate('2027-03-14', 'ru')).toBe('14 марта 2027');
    expect(formatDate('2027-05-03', 'ru')).toBe('3 мая 2027');
    expect(formatDateTime(new Date('2027-03-14T12:00:00Z'), 'ru', 'Europe/Moscow')).toBe(
      'вс, 14 мар., 15:00',
    );
  });
});

describe('names in the case the sentence needs', () => {
  it('declines Russian names and leaves others as typed', () => {
    expect(t('ru', 'reply.won_am', { am: 'Фёдор Смирнов' })).toBe(
      'Передано Фёдору Смирнову вместе с вашей заметкой.',
    );
    expect(t('ru', 'reply.reassigned', { label: 'L-3', company: 'ООО Ромашка', who: 'Анна Петрова' })).toBe(
      'L-3 ООО Ромашка теперь у Анны Петровой.',
    );
    expect(t('ru', 'team.updated_weight', { name: 'Вера', w: 2 })).toBe('Вес Веры теперь 2.');
    expect(t('ru', 'reply.won_am', { am: 'Anna Closer' })).toBe(
      'Передано Anna Closer вместе с вашей заметкой.',
    );
    expect(t('en', 'reply.won_am', { am: 'Фёдор Смирнов' })).toBe('Handed to Фёдор Смирнов with your note.');
  });

  it('says "теперь у Фёдора Смирнова" when a lead is handed to Фёдор', async () => {
    const c = await createTalk();
    try {
      await c.say('boss', 'team', 'add Фёдор Смирнов @fedor ae');
      await c.say('sam', 'lead', 'Acme Inc; Jane Doe; jane@acme.com');
      expect(await c.say('vera', 'lead', 'reassign L-1 @fedor')).toBe(
        'L-1 Acme Inc теперь у Фёдора Смирнова.',
      );
      expect(await c.say('vera', 'team', 'invite @fedor')).toMatch(/^Код приглашения для Фёдора Смирнова: /);
    } finally {
      await c.close();
    }
  });
});

describe('the console speaks the reader’s language too', () => {
  it('answers an unknown command, word or button in Russian for a Russian speaker', async () => {
    const c = await createConsoleHarness('2027-09-06T08:00:00Z', { operatorName: 'Вера Иванова' });
    try {
      await c.type('/team setup Отдел продаж', '/team lang ru');
      const replies = [await c.type('bogus'), await c.type('/bogus now'), await c.type('press 99')];
      expect(replies).toEqual([
        'Неизвестная команда «bogus». Команды бота начинаются с / (попробуйте /help); команды самой консоли покажет слово «помощь».',
        'Неизвестная команда /bogus. Бот знает: /lead /meeting /team /kpi /help /start.',
        'Кнопки [99] нет.',
      ]);
      expect(await c.type('помощь')).toMatch(/\bas @/);
    } finally {
      await c.close();
    }
  });
});
