import type { Block, Message, Rich, Span } from '../message.js';
import type { ButtonBoard } from './button-board.js';
import type { Style } from './screen.js';

/** What rendering needs: numbered buttons, styles, and (optionally) somewhere to save images. */
export type RenderDeps = {
  board: ButtonBoard;
  style: Style;
  /** Saves a PNG (a digest chart) and returns where it went; without it images show as their alt text. */
  saveImage?: (png: Uint8Array) => string | undefined;
};

/** A person as the console shows them: `@handle` when they have a console account, else their name. */
function personText(s: Extract<Span, { t: 'person' }>): string {
  const handle = s.addresses.find((a) => a.startsWith('console:'))?.slice('console:'.length);
  return handle ? `@${handle}` : s.name;
}

function richText(rich: Rich, style: Style): string {
  return rich
    .map((s) => {
      if (s.t === 'person') return personText(s);
      if (s.t === 'b') return style.bold(s.v);
      if (s.t === 'link') return s.v === s.url ? s.url : `${s.v} <${s.url}>`;
      return s.v;
    })
    .join('');
}

function blockLines(b: Block, deps: RenderDeps, dmOf: string | undefined): string[] {
  switch (b.type) {
    case 'header':
      return [deps.style.bold(b.text)];
    case 'text':
      return richText(b.text, deps.style).split('\n');
    case 'context':
      return richText(b.text, deps.style)
        .split('\n')
        .map((l) => deps.style.dim(l));
    case 'fields':
      return b.fields.map((f) => `${f.label}: ${richText(f.value, deps.style)}`);
    case 'actions':
      return [b.buttons.map((x) => `[${deps.board.add(x, dmOf)} ${x.label}]`).join(' ')];
    case 'image': {
      const where = b.png ? deps.saveImage?.(b.png) : b.url;
      return [deps.style.dim(where ? `(image: ${b.alt} — ${where})` : `(image: ${b.alt})`)];
    }
    case 'divider':
      return [deps.style.dim('—')];
  }
}

/**
 * A platform-neutral message as console lines: the same blocks Slack turns into Block Kit and
 * Telegram into HTML, with each button numbered on the board. `dmOf` is the console handle whose
 * DM the message is in (so pressing a button as someone else can be pointed out).
 */
export function renderMessage(m: Message, deps: RenderDeps, dmOf?: string): string[] {
  return m.blocks.flatMap((b) => blockLines(b, deps, dmOf));
}
