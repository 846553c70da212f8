import type { Rich, Span } from '../message.js';
import { slackUserIn } from './ids.js';

/**
 * Escapes text for Slack mrkdwn: `&`, `<` and `>` are the only characters Slack treats as markup
 * delimiters (links, mentions, `<!here>`), so escaping them keeps anything a user typed inert.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Where the text is shown: mentions become `<@U…>` only for people of this workspace. */
export type MrkdwnContext = { teamId: string };

/**
 * Wraps `value` in a formatting delimiter. Slack renders `*x*` only when the delimiter is not
 * inside the text and hugs non-space characters, so spaces stay outside and a value that contains
 * the delimiter is shown plain rather than half-formatted.
 */
function wrap(value: string, mark: string): string {
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(value)!;
  const [, lead = '', core = '', trail = ''] = m;
  if (!core || core.includes(mark) || core.includes('\n')) return escapeMrkdwn(value);
  return `${lead}${mark}${escapeMrkdwn(core)}${mark}${trail}`;
}

function link(url: string, label: string): string {
  // `|` and `>` end the URL part of `<url|label>`; percent-encode them (and spaces) in the URL.
  const safeUrl = url.replace(/[|>< ]/g, (c) => encodeURIComponent(c));
  if (!/^(https?|mailto):/i.test(safeUrl)) return escapeMrkdwn(label || url);
  return `<${safeUrl}|${escapeMrkdwn(label || url).replace(/\|/g, '¦')}>`;
}

/** One span as mrkdwn. */
export function spanToMrkdwn(span: Span, ctx: MrkdwnContext): string {
  switch (span.t) {
    case 'text':
      return escapeMrkdwn(span.v);
    case 'b':
      return wrap(span.v, '*');
    case 'i':
      return wrap(span.v, '_');
    case 'code':
      return wrap(span.v, '`');
    case 'link':
      return link(span.url, span.v);
    case 'person': {
      const user = slackUserIn(span.addresses, ctx.teamId);
      return user ? `<@${user}>` : escapeMrkdwn(`@${span.name}`);
    }
  }
}

/** A rich line as one mrkdwn string. */
export function richToMrkdwn(rich: Rich, ctx: MrkdwnContext): string {
  return rich.map((s) => spanToMrkdwn(s, ctx)).join('');
}

/** The plain text of a span, as a plain_text object shows it (no escaping needed there). */
export function spanToPlain(span: Span): string {
  return span.t === 'person' ? `@${span.name}` : span.v;
}

/**
 * Splits a rich line into mrkdwn chunks of at most `limit` characters, cutting between spans where
 * possible; a span too long on its own is cut at a line break or space (never inside an escape or
 * a `<…>` token), each part formatted like the span.
 */
export function richToMrkdwnChunks(rich: Rich, ctx: MrkdwnContext, limit: number): string[] {
  const chunks: string[] = [];
  let current = '';
  const push = (piece: string) => {
    if (current.length + piece.length > limit && current) {
      chunks.push(current);
      current = '';
    }
    current += piece;
  };
  for (const span of rich) {
    const rendered = spanToMrkdwn(span, ctx);
    if (rendered.length <= limit) {
      push(rendered);
      continue;
    }
    // Room for the formatting marks around each part.
    for (const part of cutText(span.t === 'person' ? span.name : span.v, limit - 2, escapedLength)) {
      push(spanToMrkdwn({ ...span, v: part } as Span, ctx));
    }
  }
  if (current) chunks.push(current);
  return chunks.map((c) => (c.length > limit ? hardCut(c, limit) : c));
}

/** Length of `text` once escaped for mrkdwn. */
export function escapedLength(text: string): number {
  let n = text.length;
  for (const c of text)
    if (c === '&') n += 4;
    else if (c === '<' || c === '>') n += 3;
  return n;
}

/**
 * Cuts raw text into parts whose `measure` is at most `max`, preferring a line break, then a
 * space, in the second half of the room.
 */
export function cutText(
  text: string,
  max: number,
  measure: (s: string) => number = (s) => s.length,
): string[] {
  const parts: string[] = [];
  let rest = text;
  while (measure(rest) > max) {
    let fit = 0;
    let size = 0;
    for (const c of rest) {
      size += measure(c);
      if (size > max) break;
      fit += c.length;
    }
    fit = Math.max(fit, 1);
    let cut = rest.lastIndexOf('\n', fit);
    if (cut < fit / 2) cut = rest.lastIndexOf(' ', fit);
    if (cut < fit / 2) cut = fit;
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^[\n ]/, '');
  }
  if (rest) parts.push(rest);
  return parts;
}

/** Last resort: shortens mrkdwn to `limit` characters without cutting an escape or a `<…>` token. */
export function hardCut(mrkdwn: string, limit: number): string {
  if (mrkdwn.length <= limit) return mrkdwn;
  let end = limit - 1;
  const amp = mrkdwn.lastIndexOf('&', end);
  if (amp >= 0 && mrkdwn.indexOf(';', amp) >= end) end = amp;
  const lt = mrkdwn.lastIndexOf('<', end);
  if (lt >= 0 && mrkdwn.indexOf('>', lt) >= end) end = lt;
  return `${mrkdwn.slice(0, end)}…`;
}

/** Shortens plain text to `limit` characters, ending with "…" when cut. */
export function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
