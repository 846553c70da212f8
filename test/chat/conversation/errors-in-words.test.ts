// Issue 13 item 4: no internal names in errors. Every error code, every issue code and every field
// the code can report is rendered in both languages and must read as words the person saw or
// typed: no keys ("status.scheduled"), identifiers ("claimSla", "on_it"), paths
// ("renewalOffsetsDays.0"), placeholders ("{owner}") or "NaN".
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { catalogKeys, hasKey, t } from '../../../src/chat/i18n/i18n.js';
import { explain, fieldLabel, issueText } from '../../../src/chat/interactions/errors.js';
import { BatonError, ERROR_CODES, type FieldIssue } from '../../../src/core/errors.js';
import { LEAD_STATUSES } from '../../../src/core/leads/lead.js';
import { ROLES } from '../../../src/core/roster/person.js';
import {
  DEFAULT_LEAD_SOURCES,
  DEFAULT_LOSS_REASONS,
  teamSettingsSchema,
  type Locale,
} from '../../../src/core/roster/team.js';
import { SETTING_KEYS } from '../../../src/chat/interactions/team-settings.js';
import { createTalk, type Talk } from './harness.js';
import { internalNames } from './words.js';

const LOCALES = ['en', 'ru'] as const;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}
const sources = sourceFiles(join(process.cwd(), 'src')).map((p) => readFileSync(p, 'utf8'));
const literals = (re: RegExp) => [...new Set(sources.flatMap((s) => [...s.matchAll(re)].map((m) => m[1]!)))];

/** Every field an issue can name: the literals in the code, the team settings, and paths below them. */
const FIELDS = [
  ...literals(/field:\s*'([\w.]+)'/g),
  ...literals(/\bissue\('([\w.]+)'/g),
  ...Object.keys(teamSettingsSchema.shape),
  'claimSla.remindAfterMin',
  'renewalOffsetsDays.0',
  'workday.start',
  'qualification.budget',
];

/** Every issue code the code reports with a field. */
const ISSUE_CODES = [
  ...literals(/field:\s*[^,{}]+,\s*code:\s*'([a-z_]+)'/g),
  ...literals(/\bissue\('[\w.]+',\s*'([a-z_]+)'/g),
  ...literals(/\bcode:\s*'([a-z_]+)',\s*message:/g),
].filter((c) => !['custom', 'ru'].includes(c));

/** What `what` the core says it tried ("claim the lead"), from every ILLEGAL_TRANSITION it throws. */
const WHATS = [
  ...literals(/what:\s*'([^']+)'/g),
  ...literals(/assertTransition\([^)]*?'([a-z][^']*\s[^']*)'/g),
  ...literals(/'(record a (?:won|lost) deal)'/g),
];

/** Parameters as the code passes them; `allowed` holds ids, which the words must translate. */
const sampleFor = (code: string) => ({
  value: '5 x 3',
  allowed: {
    unknown_source: [...DEFAULT_LEAD_SOURCES],
    unknown_reason: [...DEFAULT_LOSS_REASONS],
    unknown_role: [...ROLES],
    unknown_setting: [...SETTING_KEYS],
  }[code],
  example: '/lead claim L-12',
  suggestion: '03:30',
  date: '2027-03-28',
  remind: 15,
  reoffer: 5,
  escalate: 60,
  max: 5,
});

async function allExplained(locale: Locale): Promise<string[]> {
  const out: string[] = [];
  const nameOf = () => Promise.resolve('Anna Closer');
  const say = async (
    code: (typeof ERROR_CODES)[number],
    params: Record<string, unknown> = {},
    issues: FieldIssue[] = [],
  ) => out.push(await explain(new BatonError(code, 'internal words', params, issues), locale, nameOf));
  for (const code of ERROR_CODES) {
    switch (code) {
      case 'VALIDATION_FAILED':
        for (const issue of ISSUE_CODES)
          await say(code, {}, [{ field: 'company', code: issue, message: '', params: sampleFor(issue) }]);
        break;
      case 'NOT_ALLOWED':
      case 'NOT_LEAD_OWNER':
        for (const r of ROLES) await say(code, { needed: [r] });
        await say(code, { needed: ['manager', 'admin'] });
        await say(code);
        break;
      case 'ILLEGAL_TRANSITION':
        for (const what of [...WHATS, 'something new'])
          for (const from of [...LEAD_STATUSES, 'scheduled', 'cancelled', 'mystery'])
            for (const to of ['claimed', 'scheduled', 'held']) await say(code, { what, from, to });
        break;
      case 'RENEWAL_ALREADY_RECORDED':
        for (const state of ['on_it', 'renewed', 'upsold', 'churned', 'pending', undefined])
          await say(code, { state });
        break;
      case 'LEAD_ALREADY_CLAIMED':
        await say(code, { ownerId: 'p1' });
        await say(code);
        break;
      case 'LEAD_NOT_FOUND':
        await say(code, { ref: 'L-99' });
        await say(code);
        break;
      default:
        await say(code, { leadId: 'lead_1', teamId: 'team_1' });
    }
  }
  return out;
}

describe.each(LOCALES)('errors in words (%s)', (locale) => {
  it('every error code reads without internal names, whatever its parameters', async () => {
    const texts = await allExplained(locale);
    expect(texts.length).toBeGreaterThan(ERROR_CODES.length);
    const bad = texts
      .filter((x) => internalNames(x).length)
      .map((x) => `${x} → ${internalNames(x).join(', ')}`);
    expect(bad).toEqual([]);
  });

  it('every issue code the code reports has words, and every field a label', () => {
    expect(ISSUE_CODES.filter((c) => !hasKey(locale, `issue.${c}`))).toEqual([]);
    expect(WHATS.filter((w) => !hasKey(locale, `what.${w}`))).toEqual([]);
    const generic = t(locale, 'field.value_generic');
    expect(FIELDS.filter((f) => fieldLabel(locale, f) === generic)).toEqual([]);
  });

  it('every issue text, for every field, names no internal name', () => {
    const codes = catalogKeys(locale)
      .filter((k) => k.startsWith('issue.'))
      .map((k) => k.slice('issue.'.length))
      .filter((c) => c !== 'with_value');
    const bad: string[] = [];
    for (const field of FIELDS)
      for (const code of codes) {
        const text = issueText(locale, field, code, sampleFor(code));
        if (internalNames(text).length) bad.push(`${field}/${code}: ${text}`);
      }
    expect(bad).toEqual([]);
  });
});

describe('refusals typed in the chat name the field as the person typed it', () => {
  let c: Talk;
  beforeAll(async () => {
    c = await createTalk('2027-03-10T09:00:00Z');
  });
  afterAll(() => c.close());

  it.each([
    [
      'boss',
      'set sla 5 x 3',
      /^Please fix these and try again:\n• Claim times: 5 x 3 is not three numbers of minutes/,
    ],
    [
      'vera',
      'set sla 5 x 3',
      /^Исправьте, пожалуйста, и попробуйте снова:\n• Сроки взятия лида: «5 x 3» — нужны три числа минут/,
    ],
    [
      'boss',
      'set renewals 90,abc',
      /• Renewal reminders: 90,abc is not a list of days before the contract ends/,
    ],
    [
      'vera',
      'set renewals 90,abc',
      /• Напоминания о продлении: «90,abc» — нужен список дней до конца договора/,
    ],
    ['boss', 'set renewals 900', /• Renewal reminders: 900 is not a list of days/],
    ['boss', 'set digest 9am', /• Digest time: 9am is not a time such as 09:00/],
    ['vera', 'set digest-period year', /• Период дайджеста: «year» — должно быть: день, неделя или месяц/],
    ['boss', 'set route-hours maybe', /• Route only in working hours: maybe is not on or off/],
    ['boss', 'set claim everyone', /• Who may claim: everyone is not anyone or offered/],
    ['boss', 'set colour blue', /• Setting: colour is not a setting: digest, digest-period, sla,/],
    [
      'vera',
      'set цвет синий',
      /• Настройка: «цвет» — такой настройки нет; есть: digest, digest-period, sla,/,
    ],
  ])('%s: /team %s', async (who, text, want) => {
    const before = await c.h.deps.stores.teams.get(await c.teamId());
    const reply = await c.say(who, 'team', text);
    expect(reply).toMatch(want);
    expect(internalNames(reply)).toEqual([]);
    expect(await c.h.deps.stores.teams.get(await c.teamId())).toEqual(before);
  });

  it('a meeting outcome before the meeting starts says so, not "the lead is in another state"', async () => {
    const created = await c.say('sam', 'lead', 'Acme Inc; Jane Doe; jane@acme.com');
    const ae = /Offered to @(\w+)/.exec(created)![1]!.toLowerCase() === 'anna' ? 'anna' : 'boris';
    const lead = (await c.h.deps.stores.leads.byNumber(await c.teamId(), 1))!;
    await c.app.action(c.inb(ae), { id: 'lead.claim', ref: lead.id });
    await c.say('sam', 'meeting', 'L-1 tomorrow 15:00');
    const r = await c.app.action(c.inb(ae), { id: 'meeting.held', ref: lead.id });
    expect(r.toast).toBe('The meeting has not started yet: record its outcome once it has.');
  });
});
