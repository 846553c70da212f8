/**
 * Platform-neutral forms: what `/lead` with no text, `/meeting`, "Won" and friends ask for.
 * Slack renders a form as a modal, Telegram as a step-by-step dialog (one field per message, with
 * back and cancel), the console as prompts. Submitting returns per-field errors in the same terms.
 */
import type { Locale } from '../../core/roster/team.js';

export type FieldKind =
  | 'text'
  | 'textarea'
  | 'email'
  | 'phone'
  | 'number'
  | 'money'
  | 'select'
  | 'multiselect'
  | 'date'
  | 'time'
  | 'timezone'
  | 'checkboxes';

export type FieldOption = { value: string; label: string };

export type FormField = {
  /** Stable id: the key in submitted values and in field errors. */
  id: string;
  kind: FieldKind;
  label: string;
  required: boolean;
  options?: FieldOption[];
  /** Initial value (a list for multiselect/checkboxes). */
  initial?: string | string[];
  placeholder?: string;
  hint?: string;
  /** Most characters accepted (text kinds). */
  maxLength?: number;
};

export type Form = {
  /**
   * Which form: one of `FORM_IDS` (`index.ts`). Plain text here, as it comes back from a platform
   * or the database; the registry refuses an id it has no spec for. (The model does not name the
   * registry's type: the registry stands on the interaction layer, which stands on this model.)
   */
  id: string;
  /** What the form acts on (lead or account id), carried through the platform round trip. */
  ref?: string;
  title: string;
  submitLabel: string;
  /** The reader's language, for an adapter's own words around the form (Back, Cancel, steps). */
  locale?: Locale;
  /** One line shown above the fields (e.g. the lead the form is about). */
  intro?: string;
  fields: FormField[];
};

/** Values as submitted: strings, or lists for multiselect/checkboxes; absent when left empty. */
export type FormValues = Record<string, string | string[] | undefined>;

/** Errors keyed by field id, each already in the reader's language. */
export type FieldErrors = Record<string, string>;
