/**
 * Telegram's HTML parse mode, modelled on tdlib's `parse_html` (which the Bot API server runs):
 * only the documented tags, balanced; `&lt; &gt; &amp; &quot;` and numeric references are decoded,
 * any other `&…` stays literal text (as in Telegram). Errors carry Telegram's wording, so a bot
 * that forgets to escape `<` in user input fails here the way it would in production.
 */

/** A message entity as the Bot API returns it (offsets and lengths in UTF-16 code units). */
export interface TextEntity {
  type: string;
  offset: number;
  length: number;
  url?: string;
  language?: string;
  custom_emoji_id?: string;
}

/** What a formatted string becomes: the plain text a user sees plus its entities. */
export interface ParsedText {
  text: string;
  entities: TextEntity[];
}

/** A parse failure; `message` is the detail after "Bad Request: can't parse entities: ". */
export class EntityParseError extends Error {
  override name = 'EntityParseError';
}

const ENTITY_OF_TAG: Record<string, string> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  span: 'spoiler',
  'tg-spoiler': 'spoiler',
  a: 'text_link',
  code: 'code',
  pre: 'pre',
  blockquote: 'blockquote',
  'tg-emoji': 'custom_emoji',
};

/** Where a <pre> keeps the language of the <code> inside it (not a valid attribute name). */
const PRE_LANGUAGE = ' language';

const NAMED_REFERENCES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

interface OpenTag {
  name: string;
  attrs: Map<string, string>;
  offset: number;
}

const byteOffset = (s: string, i: number): number => Buffer.byteLength(s.slice(0, i), 'utf8');
const isNameChar = (c: string | undefined): boolean => c !== undefined && /[a-zA-Z0-9_-]/.test(c);

/** Decodes the reference at `i` (which holds '&'); undefined when it is not one Telegram knows. */
function decodeReference(s: string, i: number): { char: string; next: number } | undefined {
  let j = i + 1;
  let char: string | undefined;
  if (s[j] === '#') {
    const hex = s[j + 1] === 'x' || s[j + 1] === 'X';
    j += hex ? 2 : 1;
    const start = j;
    while (j < s.length && (hex ? /[0-9a-fA-F]/ : /[0-9]/).test(s[j]!)) j++;
    if (j === start || j - start > 8) return undefined;
    const code = parseInt(s.slice(start, j), hex ? 16 : 10);
    if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
    char = String.fromCodePoint(code);
  } else {
    const start = j;
    while (j < s.length && /[a-zA-Z]/.test(s[j]!)) j++;
    char = NAMED_REFERENCES[s.slice(start, j)];
    if (char === undefined) return undefined;
  }
  return { char, next: s[j] === ';' ? j + 1 : j };
}

function decodeAttribute(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length;) {
    const ref = raw[i] === '&' ? decodeReference(raw, i) : undefined;
    if (ref) {
      out += ref.char;
      i = ref.next;
    } else out += raw[i++];
  }
  return out;
}

/** Parses a start tag at `i` ('<'); returns the tag and the index after its '>'. */
function parseStartTag(s: string, i: number): { tag: Omit<OpenTag, 'offset'>; next: number } {
  let j = i + 1;
  while (isNameChar(s[j])) j++;
  const name = s.slice(i + 1, j).toLowerCase();
  if (!(name in ENTITY_OF_TAG)) {
    throw new EntityParseError(`Unsupported start tag "${name}" at byte offset ${byteOffset(s, i)}`);
  }
  const attrs = new Map<string, string>();
  for (;;) {
    while (s[j] === ' ' || s[j] === '\n' || s[j] === '\t' || s[j] === '\r') j++;
    if (j >= s.length) throw new EntityParseError(`Unclosed start tag at byte offset ${byteOffset(s, i)}`);
    if (s[j] === '>') return { tag: { name, attrs }, next: j + 1 };
    const attrStart = j;
    while (isNameChar(s[j])) j++;
    if (j === attrStart) {
      throw new EntityParseError(
        `Empty attribute name in the tag "${name}" at byte offset ${byteOffset(s, j)}`,
      );
    }
    const attr = s.slice(attrStart, j).toLowerCase();
    let value = '';
    if (s[j] === '=') {
      j++;
      const quote = s[j];
      if (quote === '"' || quote === "'") {
        const end = s.indexOf(quote, j + 1);
        if (end < 0) throw new EntityParseError(`Unclosed start tag at byte offset ${byteOffset(s, i)}`);
        value = decodeAttribute(s.slice(j + 1, end));
        j = end + 1;
      } else {
        const valueStart = j;
        while (j < s.length && !/[\s>]/.test(s[j]!)) j++;
        value = decodeAttribute(s.slice(valueStart, j));
      }
    }
    attrs.set(attr, value);
  }
}

function toEntity(tag: OpenTag, end: number, text: string): TextEntity {
  const base = { offset: tag.offset, length: end - tag.offset };
  switch (tag.name) {
    case 'a':
      return { type: 'text_link', ...base, url: tag.attrs.get('href') ?? text.slice(tag.offset, end) };
    case 'pre': {
      const language = tag.attrs.get(PRE_LANGUAGE);
      return language ? { type: 'pre', ...base, language } : { type: 'pre', ...base };
    }
    case 'blockquote':
      return { type: tag.attrs.has('expandable') ? 'expandable_blockquote' : 'blockquote', ...base };
    case 'tg-emoji':
      return { type: 'custom_emoji', ...base, custom_emoji_id: tag.attrs.get('emoji-id') ?? '' };
    default:
      return { type: ENTITY_OF_TAG[tag.name]!, ...base };
  }
}

function checkTag(s: string, i: number, tag: Omit<OpenTag, 'offset'>): void {
  if (tag.name === 'span' && tag.attrs.get('class') !== 'tg-spoiler') {
    throw new EntityParseError(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(s, i)}`);
  }
  if (tag.name === 'tg-emoji' && !/^\d+$/.test(tag.attrs.get('emoji-id') ?? '')) {
    throw new EntityParseError(
      `Custom emoji entity must have a valid "emoji-id" at byte offset ${byteOffset(s, i)}`,
    );
  }
}

/** Parses `html` the way Telegram does for `parse_mode: 'HTML'`; throws {@link EntityParseError}. */
export function parseTelegramHtml(s: string): ParsedText {
  let text = '';
  const stack: OpenTag[] = [];
  const entities: TextEntity[] = [];
  for (let i = 0; i < s.length;) {
    const c = s[i]!;
    if (c === '&') {
      const ref = decodeReference(s, i);
      text += ref ? ref.char : '&';
      i = ref ? ref.next : i + 1;
    } else if (c !== '<') {
      text += c;
      i++;
    } else if (s[i + 1] === '/') {
      let j = i + 2;
      while (isNameChar(s[j])) j++;
      const name = s.slice(i + 2, j).toLowerCase();
      while (s[j] === ' ') j++;
      if (s[j] !== '>') throw new EntityParseError(`Unclosed end tag at byte offset ${byteOffset(s, i)}`);
      const open = stack.pop();
      if (!open) throw new EntityParseError(`Unexpected end tag at byte offset ${byteOffset(s, i)}`);
      if (open.name !== name) {
        throw new EntityParseError(
          `Unmatched end tag at byte offset ${byteOffset(s, i)}, expected "</${open.name}>", found "</${name}>"`,
        );
      }
      const parent = stack.at(-1);
      const language = /^language-(.+)$/.exec(open.attrs.get('class') ?? '')?.[1];
      if (open.name === 'code' && parent?.name === 'pre' && language) {
        parent.attrs.set(PRE_LANGUAGE, language); // <pre><code class="language-x"> is one pre entity
      } else if (text.length > open.offset) {
        entities.push(toEntity(open, text.length, text));
      }
      i = j + 1;
    } else {
      const { tag, next } = parseStartTag(s, i);
      checkTag(s, i, tag);
      stack.push({ ...tag, offset: text.length });
      i = next;
    }
  }
  const unclosed = stack.pop();
  if (unclosed)
    throw new EntityParseError(`Can't find end tag corresponding to start tag "${unclosed.name}"`);
  return trimText({ text, entities });
}

/** Telegram strips leading and trailing whitespace from a message and clips entities to match. */
export function trimText({ text, entities }: ParsedText): ParsedText {
  const lead = text.length - text.trimStart().length;
  const trimmed = text.trim();
  const clipped: TextEntity[] = [];
  for (const e of entities) {
    const start = Math.max(0, e.offset - lead);
    const end = Math.min(trimmed.length, e.offset + e.length - lead);
    if (end > start) clipped.push({ ...e, offset: start, length: end - start });
  }
  clipped.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { text: trimmed, entities: clipped };
}
