import type { BatonError } from '../../core/errors.js';
import { isBatonError } from '../../core/errors.js';
import type { Locale } from '../../core/roster/team.js';
import { isUnavailable } from '../../store/mongo-errors.js';
import { t } from '../i18n/i18n.js';
import type { FieldErrors } from '../forms.js';

const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** Words for a refused request, in the reader's language. */
export async function explain(
  err: BatonError,
  locale: Locale,
  nameOf: (id: string) => Promise<string>,
): Promise<string> {
  const p = err.params;
  switch (err.code) {
    case 'VALIDATION_FAILED':
      return [
        t(locale, 'error.VALIDATION_FAILED'),
        ...err.issues.map((i) => `• ${issueText(locale, i.field, i.code, i.params)}`),
      ].join('\n');
    case 'NOT_ALLOWED':
    case 'NOT_LEAD_OWNER': {
      const roles = ((p.needed as string[] | undefined) ?? ['manager'])
        .map((r) => t(locale, `role.${r}`))
        .join(' / ');
      return t(locale, `error.${err.code}`, { roles });
    }
    case 'LEAD_ALREADY_CLAIMED':
      return t(locale, 'error.LEAD_ALREADY_CLAIMED', {
        owner: typeof p.ownerId === 'string' ? await nameOf(p.ownerId) : '?',
      });
    case 'ILLEGAL_TRANSITION': {
      const what = t(locale, `what.${str(p.what)}`);
      return t(locale, 'error.ILLEGAL_TRANSITION', {
        what: what.startsWith('what.') ? str(p.what) : what,
        status: t(locale, `status.${str(p.from)}`),
      });
    }
    case 'RENEWAL_ALREADY_RECORDED':
      return t(locale, 'error.RENEWAL_ALREADY_RECORDED', { state: str(p.state) });
    case 'LEAD_NOT_FOUND':
      return t(locale, 'error.LEAD_NOT_FOUND', {
        ref: typeof p.ref === 'string' && p.ref.length < 30 ? p.ref : '',
      });
    default:
      return t(locale, `error.${err.code}`);
  }
}

/** "Email: is not a valid email address" */
export function issueText(
  locale: Locale,
  field: string,
  code: string,
  params?: Record<string, unknown>,
): string {
  const allowed = Array.isArray(params?.allowed) ? (params.allowed as string[]).join(', ') : undefined;
  const label = t(locale, `field.${field}`);
  const problem = t(locale, `issue.${code}`, { allowed });
  return `${label.startsWith('field.') ? field : label}: ${problem.startsWith('issue.') ? code : problem}`;
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
    const problem = t(locale, `issue.${i.code}`, {
      allowed: Array.isArray(i.params?.allowed) ? (i.params.allowed as string[]).join(', ') : undefined,
    });
    out[id] = out[id] ? `${out[id]}; ${problem}` : problem;
  }
  return out;
}

export { isBatonError, isUnavailable };
