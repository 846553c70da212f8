import { z } from 'zod';

/**
 * The languages Baton speaks, with what the core assumes of a new team in each (the currency it
 * most likely sells in). Each has a folder of tables in src/chat/i18n; a test checks both agree.
 */
const LOCALE_DEFAULTS = {
  en: { currency: 'USD' },
  ru: { currency: 'RUB' },
} as const satisfies Record<string, { currency: string }>;
export type Locale = keyof typeof LOCALE_DEFAULTS;
export const LOCALES = Object.keys(LOCALE_DEFAULTS) as [Locale, ...Locale[]];

/** Whether a code (a platform's "ru", a stored setting) is one of the languages Baton speaks. */
export function isLocale(code: string | undefined): code is Locale {
  return (LOCALES as readonly string[]).includes(code ?? '');
}

/** A platform's language tag ("ru", "en-US", "pt_BR") as a language Baton speaks, else `fallback`. */
export function localeFromTag(tag: string | undefined, fallback: Locale): Locale {
  const code = tag?.split(/[-_]/)[0]?.toLowerCase();
  return isLocale(code) ? code : fallback;
}

/** What a locale must be, in the words of a message a developer reads; adapters word it per language. */
export const MUST_BE_LOCALE = `must be ${new Intl.ListFormat('en', { type: 'disjunction' }).format(LOCALES)}`;

/** ISO-4217 currency code. */
export const currencySchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO currency code such as USD, EUR or RUB');

/** "HH:MM", 24-hour. */
export const timeOfDaySchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time such as 09:00');

export const DEFAULT_LEAD_SOURCES = [
  'cold_email',
  'cold_call',
  'inbound',
  'referral',
  'event',
  'other',
] as const;
export const DEFAULT_LOSS_REASONS = [
  'price',
  'competitor',
  'no_budget',
  'no_decision',
  'timing',
  'no_fit',
  'other',
] as const;

export type ClaimSla = {
  /** Minutes after an offer before the AE is reminded. */
  remindAfterMin: number;
  /** Minutes after an offer before it moves to the next eligible AE. */
  reofferAfterMin: number;
  /** Minutes after the first offer before managers are told, if no full round happened sooner. */
  escalateAfterMin: number;
  /** Count only the team's working hours when measuring the windows above. */
  workingHoursOnly: boolean;
};

/** Where the team's lead cards and notices go on each platform. */
export type TeamChannels = {
  slack?: { channelId: string };
  telegram?: { chatId: string };
};

export type Team = {
  id: string;
  name: string;
  timezone: string;
  locale: Locale;
  currency: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  workingDays: number[];
  workday: { start: string; end: string };
  digestTime: string;
  /** Period the daily digest compares against the previous one. */
  digestPeriod: 'day' | 'week' | 'month';
  claimSla: ClaimSla;
  /** Days before a contract's end date when the AM is nudged. */
  renewalOffsetsDays: number[];
  leadSources: string[];
  lossReasons: string[];
  channels: TeamChannels;
  /** Routing skips AEs outside their working hours when true. */
  routeWithinWorkingHours: boolean;
  /** Only the offered AE may claim (true), or any AE of the team (false). */
  claimOfferedOnly: boolean;
  createdAt: Date;
  /**
   * The team has (or once had) a webhook: only then is the webhook list read for its events.
   * Never unset, so a removal racing an addition cannot hide a live webhook.
   */
  webhooks?: boolean;
  demo?: boolean;
};

export const DEFAULT_CLAIM_SLA: ClaimSla = {
  remindAfterMin: 5,
  reofferAfterMin: 15,
  escalateAfterMin: 60,
  workingHoursOnly: false,
};

/** A team with the product's defaults, each of which the team can change (`/team set`). */
export function newTeam(fields: {
  id: string;
  name: string;
  timezone: string;
  locale: Locale;
  currency?: string;
  createdAt: Date;
  demo?: boolean;
}): Team {
  return {
    id: fields.id,
    name: fields.name,
    timezone: fields.timezone,
    locale: fields.locale,
    currency: fields.currency ?? LOCALE_DEFAULTS[fields.locale].currency,
    workingDays: [1, 2, 3, 4, 5],
    workday: { start: '09:00', end: '18:00' },
    digestTime: '09:00',
    digestPeriod: 'week',
    claimSla: { ...DEFAULT_CLAIM_SLA },
    renewalOffsetsDays: [90, 60, 30, 14, 7],
    leadSources: [...DEFAULT_LEAD_SOURCES],
    lossReasons: [...DEFAULT_LOSS_REASONS],
    channels: {},
    routeWithinWorkingHours: false,
    claimOfferedOnly: false,
    createdAt: fields.createdAt,
    ...(fields.demo ? { demo: true } : {}),
  };
}

/** Settings a manager may change with `/team set …`; each validated on its own. */
export const teamSettingsSchema = z
  .object({
    name: z.string().trim().min(1).max(80),
    timezone: z.string(),
    locale: z.enum(LOCALES),
    currency: currencySchema,
    workingDays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
    workday: z.object({ start: timeOfDaySchema, end: timeOfDaySchema }),
    digestTime: timeOfDaySchema,
    digestPeriod: z.enum(['day', 'week', 'month']),
    claimSla: z.object({
      remindAfterMin: z
        .number()
        .int()
        .min(1)
        .max(24 * 60),
      reofferAfterMin: z
        .number()
        .int()
        .min(1)
        .max(7 * 24 * 60),
      escalateAfterMin: z
        .number()
        .int()
        .min(1)
        .max(30 * 24 * 60),
      workingHoursOnly: z.boolean(),
    }),
    renewalOffsetsDays: z.array(z.number().int().min(1).max(730)).min(1).max(12),
    leadSources: z.array(z.string().trim().min(1).max(40)).min(1).max(30),
    lossReasons: z.array(z.string().trim().min(1).max(40)).min(1).max(30),
    routeWithinWorkingHours: z.boolean(),
    claimOfferedOnly: z.boolean(),
  })
  .partial();
export type TeamSettings = z.infer<typeof teamSettingsSchema>;
