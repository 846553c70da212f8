import type { PeriodKind } from '../../core/kpi/period.js';
import type { Role } from '../../core/roster/person.js';
import type { Locale } from '../../core/roster/team.js';

/** What a `/lead` verb asks for. */
export type LeadVerb = 'show' | 'claim' | 'pass' | 'dq' | 'reassign' | 'won' | 'lost';
/** The lead field a `key: value` part of the `/lead` quick syntax names. */
export type LeadField =
  | 'domain'
  | 'email'
  | 'phone'
  | 'source'
  | 'value'
  | 'notes'
  | 'title'
  | 'bant'
  | 'contact'
  | 'company'
  | 'currency';
/** What a `/team` verb asks for. */
export type TeamVerb =
  | 'list'
  | 'help'
  | 'add'
  | 'roles'
  | 'weight'
  | 'cap'
  | 'hours'
  | 'ooo'
  | 'back'
  | 'deactivate'
  | 'activate'
  | 'lang'
  | 'tz'
  | 'invite'
  | 'channel'
  | 'settings'
  | 'set'
  | 'api_key'
  | 'webhook';
/** What a `/team api-key` verb asks for. */
export type ApiKeyVerb = 'create' | 'list' | 'revoke';
/** What `/team webhook …` asks for. */
export type WebhookVerb = 'add' | 'list' | 'remove' | 'test';
/** A `key=value` option of `/team add`. */
export type MemberOption = 'weight' | 'cap' | 'tz' | 'lang' | 'email' | 'handle';

/**
 * The words people type that Baton reads, in one language, each mapped to what it means. Parsers
 * read every language's words at once ({@link mergeWords}): a Russian speaker's `/lead claim`
 * works, and so does an English speaker's `/lead взять`. Words are lower case.
 */
export type Words = {
  /** "Show me how": `/lead help`, `/kpi ?`. */
  help: string[];
  /** The speaker as a person: `/kpi me`, `/team hours me …`. */
  me: string[];
  /** The speaker as an object ("myself"), read like `me` where a person is named. */
  myself: string[];
  /** "Mine" in `/kpi мои`. */
  mine: string[];
  /** The whole team in `/kpi team`. */
  wholeTeam: string[];
  /** "No limit" for a cap: `/team cap @x none`. */
  noLimit: string[];
  on: string[];
  off: string[];
  /** Names the successor: `/team deactivate @gus to @fiona`. */
  successor: string[];
  /** "Until": `/team ooo until 10.12`. */
  until: string[];
  /** Stops a form in the console. */
  cancelForm: string[];
  /** `/team setup <team name>`. */
  setup: string[];
  /** The word for a team, when a team's own name already ends or starts with it ("Acme team"). */
  teamNoun: string[];
  /** `/lead list`. */
  leadList: string[];
  /** Short names of languages (`/team lang рус`); full names in every language come from ICU data. */
  languages: Record<string, Locale>;
  /** Weekday names and their short forms (ISO numbers, Monday 1); three letters or fewer also name working days. */
  weekdays: Record<string, number>;
  /** Month names by their first three letters (or a whole short name), month numbers. */
  months: Record<string, number>;
  /** "today" 0, "tomorrow" 1, "yesterday" -1: days from today. */
  relativeDays: Record<string, number>;
  /** What may stand before a weekday: "next fri", "в пятницу". */
  weekdayPrefixes: string[];
  am: string[];
  pm: string[];
  /** Units of a duration: "1 h", "90 min". */
  hourUnits: string[];
  minuteUnits: string[];
  /** Report periods: `/kpi week`. */
  periods: Record<string, PeriodKind>;
  /** The unit in "14 days", "14d". */
  dayUnits: string[];
  /** What may stand before a period and means nothing more: "last 30 days", "за неделю". */
  periodPrefixes: string[];
  /** `/team set digest-period week`. */
  digestPeriods: Record<string, 'day' | 'week' | 'month'>;
  /** `/team set claim offered`: whether only the offered AE may claim. */
  claimModes: Record<string, boolean>;
  leadVerbs: Record<string, LeadVerb>;
  meetingVerbs: Record<string, 'reschedule' | 'cancel'>;
  teamVerbs: Record<string, TeamVerb>;
  /** Verbs of `/team api-key`. */
  apiKeyVerbs: Record<string, ApiKeyVerb>;
  /** `/team webhook add|list|remove|test`. */
  webhookVerbs: Record<string, WebhookVerb>;
  /** Keys of the `/lead` quick syntax: `site: acme.com`. */
  leadFields: Record<string, LeadField>;
  /** Other names of the standard lead sources (`call` → `cold_call`). */
  sources: Record<string, string>;
  /** Role names and nicknames in `/team add`. */
  roles: Record<string, Role>;
  memberOptions: Record<string, MemberOption>;
  /** Amount multipliers beyond k and m ("тыс" 1000) and currency words ("руб" RUB). */
  amount: { multipliers: Record<string, number>; currencies: Record<string, string> };
};

type Mergeable = string[] | Record<string, unknown>;

/** Every language's words in one table (lists joined, maps combined). */
export function mergeWords(all: Words[]): Words {
  const merge = (a: Mergeable, b: Mergeable): Mergeable => {
    if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
    const out: Record<string, unknown> = { ...(a as Record<string, unknown>) };
    for (const [k, v] of Object.entries(b)) {
      const prev = out[k];
      out[k] =
        prev && typeof prev === 'object' && v && typeof v === 'object' ? merge(prev as Mergeable, v as Mergeable) : v;
    }
    return out;
  };
  return all.reduce((acc, w) => merge(acc, w) as Words);
}
