import { t, type MessageKey } from '../i18n/i18n.js';
import { WORDS } from '../i18n/locales.js';
import type { FieldErrors, Form, FormField, FormValues } from '../forms/form.js';
import type { SubmitResult } from '../interactions/types.js';
import type { Screen } from './screen.js';

/** What a form on the console talks to: the interaction layer, bound to the person filling it in. */
export type FormPorts = {
  check(fieldId: string, value: string): Promise<string | null>;
  submit(values: FormValues): Promise<SubmitResult>;
};

type Answer = { ok: true; value: string | string[] | undefined } | { ok: false; problem: string };

const MULTI = new Set<FormField['kind']>(['multiselect', 'checkboxes']);

function pickOption(f: FormField, word: string): string | undefined {
  const opts = f.options ?? [];
  const n = Number(word);
  if (Number.isInteger(n) && n >= 1 && n <= opts.length) return opts[n - 1]!.value;
  const w = word.toLowerCase();
  return opts.find((o) => o.value.toLowerCase() === w || o.label.toLowerCase() === w)?.value;
}


/** One typed line as a field's value: defaults, `-` to skip, numbers or names for choices. */
function parseAnswer(f: FormField, raw: string, tr: (key: MessageKey, p?: Record<string, number>) => string): Answer {
  const line = raw.trim();
  const required = { ok: false as const, problem: tr('issue.required') };
  if (line === '-') return f.required ? required : { ok: true, value: undefined };
  if (!line) {
    if (f.initial !== undefined && f.initial.length) return { ok: true, value: f.initial };
    return f.required ? required : { ok: true, value: undefined };
  }
  if (f.kind === 'select') {
    const v = pickOption(f, line);
    return v ? { ok: true, value: v } : { ok: false, problem: tr('form.pick_one', { n: f.options?.length ?? 0 }) };
  }
  if (MULTI.has(f.kind)) {
    const picked = line
      .split(/[\s,]+/)
      .filter(Boolean)
      .map((w) => pickOption(f, w));
    if (picked.some((v) => v === undefined))
      return { ok: false, problem: tr('form.pick_many', { n: f.options?.length ?? 0 }) };
    return { ok: true, value: [...new Set(picked as string[])] };
  }
  return { ok: true, value: line };
}

function initialText(f: FormField): string | undefined {
  if (f.initial === undefined || !f.initial.length) return undefined;
  const values = Array.isArray(f.initial) ? f.initial : [f.initial];
  return values.map((v) => f.options?.find((o) => o.value === v)?.label ?? v).join(', ');
}

/**
 * A form (the same `Form` Slack shows as a modal and Telegram as a dialog) asked field by field on
 * the console. Each answer is checked on its own as it is typed (like a Telegram dialog); the
 * whole form is then submitted, and fields the submission refuses are asked again.
 */
export class FormPrompter {
  private queue: FormField[];
  private readonly values: FormValues = {};
  /** Our own words around the form, in the reader's language. */
  private readonly tr: (key: MessageKey, p?: Record<string, number>) => string;

  constructor(
    readonly form: Form,
    private readonly ports: FormPorts,
    private readonly screen: Screen,
  ) {
    this.queue = [...form.fields];
    const locale = form.locale ?? 'en';
    this.tr = (key, p) => t(locale, key, p);
  }

  /** Prints the form's title and its first question. */
  start(): void {
    const s = this.screen.style;
    const intro = this.form.intro ? ` — ${this.form.intro}` : '';
    this.screen.print([
      s.bold(`📝 ${this.form.title}${intro}`),
      s.dim(`   ${this.tr('form.howto')}`),
    ]);
    this.ask();
  }

  /**
   * Ends the form because the person typed a command instead of an answer: a script piped into
   * the console must not lose its next lines to "choose a number".
   */
  cancelForCommand(): void {
    this.screen.print(`   ${this.tr('form.cancelled_by_command')}`);
  }

  /** Takes one typed line; resolves with the submission once the form is complete. */
  async answer(line: string): Promise<SubmitResult | 'cancelled' | 'more'> {
    if (WORDS.cancelForm.includes(line.trim().toLowerCase())) {
      this.screen.print(`   ${this.tr('form.cancelled')}`);
      return 'cancelled';
    }
    const field = this.queue[0]!;
    const parsed = parseAnswer(field, line, this.tr);
    if (!parsed.ok) return this.refuse(parsed.problem);
    if (parsed.value !== undefined && !MULTI.has(field.kind) && field.kind !== 'select') {
      const problem = await this.ports.check(field.id, String(parsed.value));
      if (problem) return this.refuse(problem);
    }
    this.values[field.id] = parsed.value;
    this.queue.shift();
    if (this.queue.length) {
      this.ask();
      return 'more';
    }
    const result = await this.ports.submit(this.values);
    if (result.kind === 'done') return result;
    this.again(result.errors);
    return this.queue.length ? 'more' : result;
  }

  private refuse(problem: string): 'more' {
    this.screen.print(this.screen.style.red(`   ✗ ${problem}`));
    this.ask();
    return 'more';
  }

  private again(errors: FieldErrors): void {
    const s = this.screen.style;
    const fields = this.form.fields.filter((f) => errors[f.id] !== undefined);
    for (const [id, problem] of Object.entries(errors)) {
      const label = this.form.fields.find((f) => f.id === id)?.label ?? id;
      this.screen.print(s.red(`   ✗ ${label}: ${problem}`));
    }
    this.queue = fields;
    if (fields.length) this.ask();
  }

  private ask(): void {
    const f = this.queue[0];
    if (!f) return;
    const s = this.screen.style;
    const parts = [`? ${f.label}${f.required ? '' : ` (${this.tr('form.optional')})`}`];
    if (f.options?.length) parts.push(f.options.map((o, i) => `${i + 1} ${o.label}`).join(' · '));
    const initial = initialText(f);
    if (initial) parts.push(`[${initial}]`);
    this.screen.print(parts.join(' — '));
    if (f.hint) this.screen.print(s.dim(`  ${f.hint}`));
  }
}
