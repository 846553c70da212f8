import { BatonError } from '../../core/errors.js';
import { fieldErrors } from '../interactions/errors.js';
import type { Session } from '../interactions/session.js';
import type { SubmitResult } from '../interactions/types.js';
import { lostForm, wonForm } from './deal.js';
import type { FormValues } from './form.js';
import { leadForm } from './lead.js';
import { meetingForm, rescheduleForm } from './meeting.js';
import { passForm } from './pass.js';
import { churnedForm, renewedForm, upsoldForm } from './renewal.js';
import type { FormSpec } from './spec.js';

/** Every form Baton can open or take back: a new form is a spec file and a line here. */
const SPECS = [
  leadForm,
  meetingForm,
  rescheduleForm,
  wonForm,
  lostForm,
  passForm,
  renewedForm,
  upsoldForm,
  churnedForm,
] as const;

export type FormId = (typeof SPECS)[number]['id'];
export const FORM_IDS: readonly FormId[] = SPECS.map((f) => f.id);

/** What the registry needs of a spec (a spec's input type is its own business). */
type Registered = Omit<FormSpec<FormId, unknown>, 'build'>;
const FORMS = new Map<string, Registered>(SPECS.map((f) => [f.id, f as Registered]));

function specOf(form: string): Registered {
  const spec = FORMS.get(form);
  if (!spec) throw new Error(`no form ${form}`);
  return spec;
}

/** Submits a form; validation problems come back per field, in the reader's language. */
export async function submitForm(
  s: Session,
  form: string,
  ref: string | undefined,
  v: FormValues,
): Promise<SubmitResult> {
  const spec = specOf(form);
  try {
    return { kind: 'done', reply: await spec.submit(s, await spec.parse(s, v, ref), ref) };
  } catch (err) {
    if (
      err instanceof BatonError &&
      (err.code === 'VALIDATION_FAILED' || err.code === 'MEETING_IN_PAST') &&
      err.issues.length
    ) {
      const fallback = Object.values(spec.fields)[0] ?? 'reason';
      return { kind: 'errors', errors: fieldErrors(err, s.locale, spec.fields, fallback) };
    }
    throw err;
  }
}

/** Checks one answer of a dialog on its own; returns the problem in words, or null. */
export async function checkOneField(
  s: Session,
  form: string,
  field: string,
  value: string,
): Promise<string | null> {
  return specOf(form).check(s, field, value.trim());
}
