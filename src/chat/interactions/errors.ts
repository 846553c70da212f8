import type { BatonError } from '../../core/errors.js';
import { isBatonError, isStoreFailure } from '../../core/errors.js';
import type { Locale } from '../../core/roster/team.js';
import { formatDate, hasKey, isMessageKey, t } from '../i18n/i18n.js';
import { localeChoices } from '../i18n/language-names.js';
import type { FieldErrors } from '../forms/form.js';

const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** "manager or admin": roles as one phrase in the reader's words (in the genitive where the language asks for it). */
export function rolesPhrase(
  locale: Locale,
  roles: readonly string[],
  grammaticalCase: 'nom' | 'gen',
): string {
  const words = roles.map((r) => {
    const key = grammaticalCase === 'gen' ? `role_of.${r}` : `role.${r}`;
    return isMessageKey(key) ? t(locale, key) : key;
  });
  return new Intl.ListFormat(locale, { type: 'disjunction' }).format(words);
}

const ALLOWED_PREFIX: Record<string, string> = {
  unknown_source: 'source',
  unknown_reason: 'loss',
  unknown_role: 'role',
};

/** Issue codes whose text is a whole sentence (asked without a field label in front). */
const SENTENCES = new Set(['which_lead', 'which_person']);

/** Words for a refused request, in the reader's language. */
export async function explain(
  err: BatonError,
  locale: Locale,
  nameOf: (id: string) => Promise<string>,
): Promise<string> {
  const p = err.params;
  switch (err.code) {
    case 'VALIDATION_FAILED': {
      const [only] = err.issues;
      if (err.issues.length === 1 && only && SENTENCES.has(only.code))
        return issueText(locale, only.field, only.code, only.params);
      return [
        t(locale, 'error.VALIDATION_FAILED'),
        ...err.issues.map((i) => `• ${issueText(locale, i.field, i.code, i.params)}`),
      ].join('\n');
    }
    case 'NOT_ALLOWED':
    case 'NOT_LEAD_OWNER': {
      const needed = (p.needed as string[] | undefined) ?? ['manager'];
      const roles = rolesPhrase(locale, needed, err.code === 'NOT_ALLOWED' ? 'gen' : 'nom');
      return t(locale, `error.${err.code}`, { roles });
    }
    case 'LEAD_ALREADY_CLAIMED':
      return t(locale, 'error.LEAD_ALREADY_CLAIMED', {
        owner: typeof p.ownerId === 'string' ? await nameOf(p.ownerId) : '?',
      });
    case 'ILLEGAL_TRANSITION': {
      if (p.what === 'record the outcome') return t(locale, 'error.MEETING_NOT_STARTED');
      const whatKey = `what.${str(p.what)}`;
      const what = hasKey(locale, whatKey) ? t(locale, whatKey) : t(locale, 'what.unknown');
      // A meeting's own state ("scheduled", "cancelled") when the change was about the meeting.
      const meeting = p.to === 'scheduled';
      const statusKey = `${meeting ? 'meeting_status' : 'status'}.${str(p.from)}`;
      return t(locale, meeting ? 'error.ILLEGAL_TRANSITION_MEETING' : 'error.ILLEGAL_TRANSITION', {
        what,
        status: hasKey(locale, statusKey) ? t(locale, statusKey) : t(locale, 'status.unknown'),
      });
    }
    case 'RENEWAL_ALREADY_RECORDED': {
      const key = `renewal_state.${str(p.state)}`;
      return t(locale, 'error.RENEWAL_ALREADY_RECORDED', {
        state: hasKey(locale, key) ? t(locale, key) : t(locale, 'renewal_state.recorded'),
      });
    }
    case 'LEAD_NOT_FOUND': {
      const ref = typeof p.ref === 'string' ? p.ref.trim() : '';
      return ref && ref.length < 30
        ? t(locale, 'error.LEAD_NOT_FOUND', { ref })
        : t(locale, 'error.LEAD_NOT_FOUND_NO_REF');
    }
    case 'API_KEY_NOT_FOUND':
      return t(locale, 'error.API_KEY_NOT_FOUND', { keyId: str(p.keyId).slice(0, 40) });
    default:
      return t(locale, `error.${err.code}`);
  }
}

/**
 * The field as the person saw it: "renewalOffsetsDays.0" → the label of `renewalOffsetsDays`,
 * "claimSla.remindAfterMin" → the label of `claimSla`. A field we have no word for gets a generic
 * one, never the internal name.
 */
export function fieldLabel(locale: Locale, field: string): string {
  const parts = field.split('.').filter((x) => !/^\d+$/.test(x));
  for (let n = parts.length; n > 0; n--) {
    const key = `field.${parts.slice(0, n).join('.')}`;
    if (hasKey(locale, key)) return t(locale, key);
  }
  return t(locale, 'field.value_generic');
}

/** The problem in words; with the value the person typed in front when the issue carries it. */
export function problemText(locale: Locale, code: string, params?: Record<string, unknown>): string {
  // Allowed values in the reader's words: "cold email, referral", not "cold_email, referral".
  const prefix = ALLOWED_PREFIX[code];
  const word = (v: string) => {
    const key = `${prefix}.${v}`;
    return prefix && hasKey(locale, key) ? t(locale, key) : v;
  };
  const allowed = Array.isArray(params?.allowed)
    ? (params.allowed as string[]).map(word).join(', ')
    : undefined;
  const issueKey = `issue.${code}`;
  const key = hasKey(locale, issueKey) ? issueKey : 'issue.invalid';
  // Numbers and words the issue carries ("the reminder ({remind} min)…"), then the computed ones.
  const plain = Object.fromEntries(
    Object.entries(params ?? {}).filter(([, v]) => typeof v === 'string' || typeof v === 'number'),
  ) as Record<string, string | number>;
  const problem = t(locale, key, {
    ...plain,
    allowed,
    example: str(params?.example),
    suggestion: str(params?.suggestion),
    date: /^\d{4}-\d{2}-\d{2}$/.test(str(params?.date)) ? formatDate(str(params?.date), locale) : '',
    ...(code === 'invalid_locale' ? { locales: localeChoices(locale) } : {}),
  });
  const value = typeof params?.value === 'string' ? params.value.trim() : '';
  return value ? t(locale, 'issue.with_value', { value: value.slice(0, 60), problem }) : problem;
}

/** "Email: foo@bar is not a valid email address" */
export function issueText(
  locale: Locale,
  field: string,
  code: string,
  params?: Record<string, unknown>,
): string {
  const problem = problemText(locale, code, params);
  return SENTENCES.has(code) ? problem : `${fieldLabel(locale, field)}: ${problem}`;
}

/** Maps core issue fields to form field ids, with texts in the reader's language. */
export function fieldErrors(
  err: BatonError,
  locale: Locale,
  fieldMap: Record<string, string>,
  fallbackField: string,
): FieldErrors {
  const out: FieldErrors = {};
  for (const i of err.issues) {
    const id = fieldMap[i.field] ?? fallbackField;
    const problem = problemText(locale, i.code, i.params);
    out[id] = out[id] ? `${out[id]}; ${problem}` : problem;
  }
  return out;
}

/** The database could not be reached (the store's coded `DB_UNAVAILABLE`). */
export const isUnavailable = (err: unknown): boolean => isStoreFailure(err, 'DB_UNAVAILABLE');

export { isBatonError };
