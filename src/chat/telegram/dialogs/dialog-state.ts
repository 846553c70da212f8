/**
 * A form as a step-by-step conversation: the state of one dialog and the pure moves on it.
 * One field per step; Back returns to the previous step asked, Skip leaves an optional field
 * empty, and after a refused submission only the fields in error are asked again.
 */
import type { Locale } from '../../../core/roster/team.js';
import type { FieldErrors, Form, FormField, FormValues } from '../../forms/form.js';

/** One open dialog of a user in a chat (persisted; see dialog-store.ts). */
export type DialogState = {
  /** `<bot id>:<chat id>:<user id>`. */
  _id: string;
  /** The private chat the dialog runs in, and its user. */
  chatId: number;
  userId: number;
  /** A fresh id per dialog, carried by its buttons so buttons of an older dialog are refused. */
  dialog: string;
  form: Form;
  /** Index of the field being asked. */
  step: number;
  values: FormValues;
  /** Steps asked before this one, for Back. */
  history: number[];
  /** Fields still to fix after a refused submission (asked in order, then submitted again). */
  fixing: string[];
  /** Option page shown for a select field with many options. */
  page: number;
  locale: Locale;
  /** The message asking the current step (its buttons are retired when the step is answered). */
  promptMessageId?: number;
  /** Bumped by every change: the compare-and-set that makes two racing answers count once. */
  version: number;
  updatedAt: Date;
  expiresAt: Date;
};

/** Options shown per page of a select field. */
export const OPTIONS_PER_PAGE = 9;

/** The field being asked. */
export function currentField(s: Pick<DialogState, 'form' | 'step'>): FormField {
  const field = s.form.fields[s.step];
  if (!field) throw new Error(`dialog step ${s.step} is outside form ${s.form.id}`);
  return field;
}

/** Starting values: each field's initial value. */
export function initialValues(form: Form): FormValues {
  const values: FormValues = {};
  for (const f of form.fields) if (f.initial !== undefined) values[f.id] = f.initial;
  return values;
}

/** Where a dialog goes after the current step is settled: the next step, or submit. */
export type Next = { kind: 'ask'; step: number; fixing: string[] } | { kind: 'submit' };

/** The move after the current field got its value. */
export function nextStep(s: Pick<DialogState, 'form' | 'step' | 'fixing'>): Next {
  if (s.fixing.length) {
    const [, ...rest] = s.fixing;
    const nextId = rest[0];
    if (nextId === undefined) return { kind: 'submit' };
    const step = s.form.fields.findIndex((f) => f.id === nextId);
    return step < 0 ? { kind: 'submit' } : { kind: 'ask', step, fixing: rest };
  }
  const step = s.step + 1;
  return step >= s.form.fields.length ? { kind: 'submit' } : { kind: 'ask', step, fixing: [] };
}

/** After a refused submission: ask the fields in error, in form order. */
export function fixErrors(form: Form, errors: FieldErrors): { step: number; fixing: string[] } | undefined {
  const fixing = form.fields.filter((f) => errors[f.id] !== undefined).map((f) => f.id);
  const first = fixing[0];
  if (first === undefined) return undefined;
  return { step: form.fields.findIndex((f) => f.id === first), fixing };
}

/** A select/checkbox answer typed instead of tapped: matched by value or label, case-insensitively. */
export function matchOption(field: FormField, typed: string): string | undefined {
  const want = typed.trim().toLowerCase();
  const opts = field.options ?? [];
  const exact = opts.find((o) => o.value.toLowerCase() === want || o.label.toLowerCase() === want);
  if (exact) return exact.value;
  if (want.length < 2) return undefined;
  const partial = opts.filter((o) => o.label.toLowerCase().includes(want));
  return partial.length === 1 ? partial[0]?.value : undefined;
}

/** Several options typed, separated by commas; undefined when any of them matches nothing. */
export function matchOptions(field: FormField, typed: string): string[] | undefined {
  const out: string[] = [];
  for (const part of typed.split(/[,;\n]/).map((p) => p.trim()).filter(Boolean)) {
    const v = matchOption(field, part);
    if (v === undefined) return undefined;
    if (!out.includes(v)) out.push(v);
  }
  return out;
}

/** Whether the field takes one option, several, or typed text. */
export function choiceKind(field: FormField): 'one' | 'many' | 'text' {
  if (field.kind === 'select' && field.options?.length) return 'one';
  if ((field.kind === 'multiselect' || field.kind === 'checkboxes') && field.options?.length) return 'many';
  return 'text';
}

/** A value as the user sees it (option labels for choices). */
export function displayValue(field: FormField, value: string | string[] | undefined): string | undefined {
  if (value === undefined || (Array.isArray(value) && value.length === 0) || value === '') return undefined;
  const label = (v: string) => field.options?.find((o) => o.value === v)?.label ?? v;
  return Array.isArray(value) ? value.map(label).join(', ') : label(value);
}
