import type { InputBlockElement, PlainTextOption, StaticSelect } from '@slack/types';
import type { FieldOption, FormField } from '../forms/form.js';
import { truncate } from './mrkdwn.js';

const OPTION_TEXT_MAX = 75;
const OPTION_VALUE_MAX = 150;
const OPTIONS_MAX = 100;
const CHECKBOXES_MAX = 10;
const PLACEHOLDER_MAX = 150;

/** A select option as Slack wants it (text ≤ 75, value ≤ 150). */
export function slackOption(o: FieldOption): PlainTextOption {
  return {
    text: { type: 'plain_text', text: truncate(o.label.trim() || o.value, OPTION_TEXT_MAX), emoji: true },
    value: o.value.slice(0, OPTION_VALUE_MAX),
  };
}

/** Every IANA zone, for a `timezone` field that brings no options of its own. */
function zoneOptions(): FieldOption[] {
  return Intl.supportedValuesOf('timeZone').map((z) => ({ value: z, label: z.replace(/_/g, ' ') }));
}

/**
 * Options of a select: up to 100 flat, or in groups of at most 100 (Slack's limits), grouped by
 * the part before "/" (time zones) and numbered when a group is still too big.
 */
function selectOptions(options: FieldOption[]): Pick<StaticSelect, 'options' | 'option_groups'> {
  if (options.length <= OPTIONS_MAX) return { options: options.map(slackOption) };
  const byRegion = new Map<string, FieldOption[]>();
  for (const o of options) {
    const region = o.value.includes('/') ? o.value.split('/')[0]! : '—';
    byRegion.set(region, [...(byRegion.get(region) ?? []), o]);
  }
  const groups: { label: { type: 'plain_text'; text: string }; options: PlainTextOption[] }[] = [];
  for (const [region, list] of byRegion) {
    for (let i = 0; i < list.length; i += OPTIONS_MAX) {
      const label = list.length > OPTIONS_MAX ? `${region} ${i / OPTIONS_MAX + 1}` : region;
      groups.push({
        label: { type: 'plain_text', text: truncate(label, OPTION_TEXT_MAX) },
        options: list.slice(i, i + OPTIONS_MAX).map(slackOption),
      });
    }
  }
  return { option_groups: groups.slice(0, OPTIONS_MAX) };
}

const asList = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];
const asOne = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/** The input element for a form field; `action_id` is the field id. */
export function fieldElement(field: FormField): InputBlockElement {
  const action_id = field.id;
  const placeholder = field.placeholder
    ? { placeholder: { type: 'plain_text' as const, text: truncate(field.placeholder, PLACEHOLDER_MAX) } }
    : {};
  const initial = asOne(field.initial);
  const options = field.kind === 'timezone' && !field.options?.length ? zoneOptions() : (field.options ?? []);
  const pick = (values: string[]) =>
    values
      .map((v) => options.find((o) => o.value === v))
      .filter((o): o is FieldOption => !!o)
      .map(slackOption);
  switch (field.kind) {
    case 'email':
      return {
        type: 'email_text_input',
        action_id,
        ...placeholder,
        ...(initial ? { initial_value: initial } : {}),
      };
    case 'number':
      return {
        type: 'number_input',
        action_id,
        is_decimal_allowed: true,
        ...placeholder,
        ...(initial ? { initial_value: initial } : {}),
      };
    case 'select':
    case 'timezone': {
      const [chosen] = pick(initial ? [initial] : []);
      return {
        type: 'static_select',
        action_id,
        ...placeholder,
        ...selectOptions(options),
        ...(chosen ? { initial_option: chosen } : {}),
      };
    }
    case 'multiselect': {
      const chosen = pick(asList(field.initial));
      return {
        type: 'multi_static_select',
        action_id,
        ...placeholder,
        ...selectOptions(options),
        ...(chosen.length ? { initial_options: chosen } : {}),
      };
    }
    case 'checkboxes': {
      const shown = options.slice(0, CHECKBOXES_MAX);
      const chosen = asList(field.initial)
        .map((v) => shown.find((o) => o.value === v))
        .filter((o): o is FieldOption => !!o)
        .map(slackOption);
      return {
        type: 'checkboxes',
        action_id,
        options: shown.map(slackOption),
        ...(chosen.length ? { initial_options: chosen } : {}),
      };
    }
    case 'date':
      return {
        type: 'datepicker',
        action_id,
        ...placeholder,
        ...(initial && /^\d{4}-\d{2}-\d{2}$/.test(initial) ? { initial_date: initial } : {}),
      };
    case 'time':
      return {
        type: 'timepicker',
        action_id,
        ...placeholder,
        ...(initial && /^\d{2}:\d{2}$/.test(initial) ? { initial_time: initial } : {}),
      };
    case 'text':
    case 'textarea':
    case 'phone':
    case 'money':
      return {
        type: 'plain_text_input',
        action_id,
        multiline: field.kind === 'textarea',
        ...(field.maxLength ? { max_length: Math.min(field.maxLength, 3000) } : {}),
        ...placeholder,
        ...(initial ? { initial_value: initial } : {}),
      };
  }
}
