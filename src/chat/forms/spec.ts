import { BatonError } from '../../core/errors.js';
import { isMessageKey } from '../i18n/i18n.js';
import { fieldErrors } from '../interactions/errors.js';
import type { Session } from '../interactions/session.js';
import type { Reply } from '../interactions/types.js';
import type { Form, FormField, FormValues } from './form.js';

/**
 * One form, whole: how it is shown (`build`), how its values become a use case's input (`parse`),
 * the use case it runs (`submit`), how the core's issues land on its fields (`fields`) and how a
 * step-by-step dialog checks one answer (`check`). The registry (`index.ts`) lists the specs.
 */
export type FormSpec<Id extends string, Input, Args extends unknown[] = []> = {
  id: Id;
  /** The form to show, in the reader's language; its own arguments (a lead, an account…). */
  build: (s: Session, ...args: Args) => Form;
  /** Submitted values → the use case's input; throws validation errors in the core's field terms. */
  parse(s: Session, values: FormValues, ref: string | undefined): Input | Promise<Input>;
  /** Runs the one use case and words the outcome. */
  submit(s: Session, input: Input, ref: string | undefined): Promise<Reply>;
  /** Core issue field → form field id; an issue on an unlisted field goes to the first listed. */
  fields: Readonly<Record<string, string>>;
  /** One answer on its own (a dialog asks field by field): its problem in words, or null. */
  check(s: Session, field: string, value: string): Promise<string | null> | string | null;
};

/** A form that is only ever submitted (no button or command opens it any more). */
export type SubmitOnlySpec<Id extends string, Input> = Omit<FormSpec<Id, Input>, 'build'> & { build: null };

/** The first value of a field, trimmed ("" when empty). */
export const one = (v: string | string[] | undefined): string =>
  (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();

/** A list field's values (a comma-separated string counts as a list). */
export const many = (v: string | string[] | undefined): string[] =>
  (Array.isArray(v) ? v : v ? v.split(',') : []).map((x) => x.trim());

/** Every form carries the reader's language (adapters word their own controls in it). */
export function withLocale(s: Session, form: Form): Form {
  return { ...form, locale: s.locale };
}

/** A field labelled from the catalog (`form.field.<id>`). */
export function field(
  s: Session,
  id: string,
  kind: FormField['kind'],
  required: boolean,
  extra: Partial<FormField> = {},
): FormField {
  const key = `form.field.${id}`;
  return { id, kind, required, label: isMessageKey(key) ? s.kit.tr(key) : key, ...extra };
}

/**
 * Runs a parser on sample values with one answer in place and words the issue it raises on that
 * answer's field, mapped through `fields`; null when it raises none there.
 */
export async function probe(
  s: Session,
  fields: Readonly<Record<string, string>>,
  field: string,
  run: () => unknown,
): Promise<string | null> {
  try {
    await run();
    return null;
  } catch (err) {
    if (!(err instanceof BatonError) || !err.issues.length) return null;
    return fieldErrors(err, s.locale, fields, field)[field] ?? null;
  }
}
