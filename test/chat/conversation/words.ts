// What a reader should never see: internal names (any language) and Latin words in Russian.

/** Words only code uses. */
export function internalNames(text: string): string[] {
  const patterns = [
    /\{[\w.]+\}/g, // a placeholder left unfilled
    /\b(?:NaN|undefined|null|Infinity)\b/g,
    /\[object \w+\]/g,
    /\b[a-z]+[A-Z]\w*\b/g, // camelCase: claimSla
    /\b[a-z]+_[a-z_]+\b/g, // snake_case: on_it, cold_email
    /\b[a-zA-Z]\w*\.\d+\b/g, // a path: renewalOffsetsDays.0
    /\b(?:status|meeting_status|renewal_state|what|role|role_of|source|loss|field|issue|error|form|help|team|home|settings|digest|kpi|card|btn|notice)\.\w+/g,
  ];
  return patterns.flatMap((re) => text.match(re) ?? []);
}

/** Latin the Russian texts keep on purpose: role and method names, products, codes, protocol terms. */
const KEPT_LATIN = new Set([
  'SDR',
  'AE',
  'AM',
  'BANT',
  'B',
  'A',
  'N',
  'T',
  'LTV',
  'NRR',
  'Baton',
  'Telegram',
  'Slack',
  'Start',
  'Enter',
  'USD',
  'EUR',
  'RUB',
  'API',
  'CRM',
  'URL',
  'HMAC',
  'SHA',
  'POST',
  'GET',
  'Authorization',
  'Bearer',
  'JSON',
]);

/**
 * Latin words in a Russian text, once commands ("/team add Иван @ivan sdr,ae …" up to the next
 * dash, dot or bracket), @handles, emails, URLs, time zones and lead numbers are set aside.
 */
export function latinWords(text: string): string[] {
  const rest = text
    .replace(/https?:\/\/\S*/g, ' ')
    .replace(/\/api\/[\w/{}.-]*/g, ' ') // an HTTP path: POST /api/v1/leads
    .replace(/\b\w+=\S*/g, ' ') // syntax: t=<время>,v0=…, WEBHOOKS_ALLOW_PRIVATE=true
    .replace(/\b[A-Z][a-z]+(?:-[A-Z][a-z]+)+\b/g, ' ') // a header name: Baton-Signature
    .replace(/[\w.+-]+@[\w-]+\.[\w.]+/g, ' ')
    .replace(/\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:ru|com|org|net|io)\b/g, ' ')
    .replace(/\/(?:lead|meeting|team|kpi|help|start)\b[^—·\n«»(]*/g, ' ')
    .replace(/@\w+/g, ' ')
    .replace(/\b[A-Z][a-z]+\/[A-Za-z_]+\b/g, ' ')
    .replace(/\bL-\d+\b/g, ' ');
  return (rest.match(/[A-Za-z]+/g) ?? []).filter((w) => !KEPT_LATIN.has(w));
}
