/**
 * Neutral messages → Telegram HTML (parse_mode HTML). Every piece of user text is escaped, so a
 * company called `<b>Acme</b>` shows exactly that; markup only ever comes from the block types.
 * Text over Telegram's 4096-character limit is split at section, then block, then line
 * boundaries (see split.ts), never inside a tag: each piece carries its own open and close tags.
 */
import type { Block, Button, Message, Rich, Span } from '../message.js';
import { packSections, type Piece } from './split.js';

/** Telegram's limits (characters after entity parsing, UTF-16 code units). */
export const TEXT_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;

/** One thing to send: an HTML text, or a photo with an HTML caption (and its alt as a fallback text). */
export type TelegramPart =
  | { kind: 'text'; html: string }
  | { kind: 'photo'; photo: { url: string } | { png: Uint8Array }; caption: string; fallbackHtml: string };

/** A rendered message: the parts in order, and the buttons for the last one. */
export type RenderedMessage = { parts: TelegramPart[]; buttons: Button[] };

/** Escapes text for Telegram HTML: `&`, `<` and `>` (and `"` for attributes). */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(s: string): string {
  return escapeHtml(s).replace(/"/g, '&quot;');
}

/** The Telegram user id in a person's addresses (`telegram:<id>`), if any. */
export function telegramUserId(addresses: readonly string[]): string | undefined {
  for (const a of addresses) {
    const m = /^telegram:(\d{1,20})$/.exec(a);
    if (m) return m[1];
  }
  return undefined;
}

const SAFE_URL = /^(https?:\/\/|tg:\/\/|mailto:)/i;

function spanPiece(span: Span, wrap: { open: string; close: string }): Piece | undefined {
  const piece = (open: string, close: string, text: string): Piece | undefined =>
    text === '' ? undefined : { open: wrap.open + open, close: close + wrap.close, text };
  switch (span.t) {
    case 'text':
      return piece('', '', span.v);
    case 'b':
      return piece('<b>', '</b>', span.v);
    case 'i':
      return piece('<i>', '</i>', span.v);
    case 'code':
      return piece('<code>', '</code>', span.v);
    case 'link':
      return SAFE_URL.test(span.url)
        ? piece(`<a href="${escapeAttr(span.url)}">`, '</a>', span.v)
        : piece('', '', span.v);
    case 'person': {
      const id = telegramUserId(span.addresses);
      return id ? piece(`<a href="tg://user?id=${id}">`, '</a>', span.name) : piece('', '', span.name);
    }
  }
}

function richPieces(rich: Rich, wrap = { open: '', close: '' }): Piece[] {
  return rich.map((s) => spanPiece(s, wrap)).filter((p): p is Piece => p !== undefined);
}

const NEWLINE: Piece = { open: '', close: '', text: '\n' };

/** A block's pieces (one or more lines); undefined for blocks that are not text. */
function blockPieces(block: Block): Piece[] | undefined {
  switch (block.type) {
    case 'header':
      return block.text === '' ? [] : [{ open: '<b>', close: '</b>', text: block.text }];
    case 'text':
      return richPieces(block.text);
    case 'context':
      return richPieces(block.text, { open: '<i>', close: '</i>' });
    case 'fields':
      return block.fields.flatMap((f, i) => [
        ...(i > 0 ? [NEWLINE] : []),
        { open: '<b>', close: '</b>', text: f.label },
        { open: '', close: '', text: ': ' },
        ...richPieces(f.value),
      ]);
    case 'divider':
      return [];
    case 'actions':
    case 'image':
      return undefined;
  }
}

/** Renders pieces as HTML. */
export function piecesHtml(pieces: Piece[]): string {
  return pieces.map((p) => p.open + escapeHtml(p.text) + p.close).join('');
}

function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = max - 1;
  if (/[\uDC00-\uDFFF]/.test(s[cut] ?? '')) cut--; // never split a surrogate pair
  return s.slice(0, cut) + '…';
}

/**
 * Renders a message into the parts to send, each within Telegram's limits. Sections start at a
 * header or after a divider; images become photos (caption = alt text ≤ 1024).
 */
export function renderMessage(message: Message, limit = TEXT_LIMIT): RenderedMessage {
  const parts: TelegramPart[] = [];
  const buttons: Button[] = [];
  let sections: Piece[][][] = [];
  let section: Piece[][] = [];
  const endSection = () => {
    if (section.length) sections.push(section);
    section = [];
  };
  const flushText = () => {
    endSection();
    for (const chunk of packSections(sections, limit)) {
      if (chunk.some((p) => p.text.trim() !== '')) parts.push({ kind: 'text', html: piecesHtml(chunk) });
    }
    sections = [];
  };
  for (const block of message.blocks) {
    if (block.type === 'actions') {
      buttons.push(...block.buttons);
      continue;
    }
    if (block.type === 'image') {
      flushText();
      const photo = block.url ? { url: block.url } : block.png ? { png: block.png } : undefined;
      const fallbackHtml = `<i>${escapeHtml(truncate(block.alt || message.summary, limit))}</i>`;
      if (photo) parts.push({ kind: 'photo', photo, caption: escapeHtml(truncate(block.alt, CAPTION_LIMIT)), fallbackHtml });
      else if (block.alt.trim()) parts.push({ kind: 'text', html: fallbackHtml });
      continue;
    }
    if (block.type === 'header') endSection();
    const pieces = blockPieces(block);
    if (pieces === undefined) continue;
    if (block.type === 'divider') {
      section.push([]);
      endSection();
    } else section.push(pieces);
  }
  flushText();
  if (parts.length === 0) {
    parts.push({ kind: 'text', html: escapeHtml(truncate(message.summary.trim() || '…', limit)) });
  }
  return { parts, buttons };
}

/**
 * One HTML text for editing a sent message in place (a message can only be edited into one):
 * the first text part, marked "…" if the rest did not fit.
 */
export function renderForEdit(message: Message): { html: string; buttons: Button[] } {
  const { parts, buttons } = renderMessage({ ...message, blocks: message.blocks.filter((b) => b.type !== 'image') });
  const texts = parts.filter((p): p is Extract<TelegramPart, { kind: 'text' }> => p.kind === 'text');
  const first = texts[0]?.html ?? escapeHtml(message.summary || '…');
  if (texts.length <= 1) return { html: first, buttons };
  const { parts: shorter } = renderMessage({ ...message, blocks: message.blocks.filter((b) => b.type !== 'image') }, TEXT_LIMIT - 2);
  const head = shorter.find((p) => p.kind === 'text');
  return { html: (head?.kind === 'text' ? head.html : first) + '\n…', buttons };
}
