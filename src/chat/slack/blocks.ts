import type { ActionsBlock, Button as SlackButton, KnownBlock } from '@slack/types';
import { messageToPlain, type Block, type Button, type Message } from '../message.js';
import { encodeAction } from './action-codec.js';
import {
  escapeMrkdwn,
  hardCut,
  richToMrkdwn,
  richToMrkdwnChunks,
  truncate,
  type MrkdwnContext,
} from './mrkdwn.js';

/** Block Kit limits (as documented in @slack/types and Slack's Block Kit reference). */
export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  fieldText: 2000,
  fieldsPerSection: 10,
  header: 150,
  buttonText: 75,
  buttonsPerActions: 25,
  contextText: 3000,
  fallbackText: 40000,
  imageAlt: 2000,
} as const;

/** A PNG a message carries; Slack cannot inline bytes, so the sender uploads it as a file. */
export type PendingImage = { png: Uint8Array; alt: string };

/** A neutral message rendered for Slack. */
export type SlackMessage = {
  /** The notification / fallback text (mrkdwn, escaped). */
  text: string;
  blocks: KnownBlock[];
  /** PNG images, shown as their alt text in `blocks` and uploaded separately by the sender. */
  images: PendingImage[];
};

export type RenderOptions = MrkdwnContext & {
  /** Most blocks allowed: 50 in a message (default), 100 in a modal or the Home tab. */
  maxBlocks?: number;
};

const mrkdwnSection = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });

function button(b: Button, seen: Set<string>): SlackButton {
  const { actionId, value } = encodeAction(b.action);
  let id = actionId;
  for (let n = 2; seen.has(id); n++) id = `${actionId.slice(0, 250)}~${n}`;
  seen.add(id);
  return {
    type: 'button',
    action_id: id,
    value,
    text: { type: 'plain_text', text: truncate(b.label.trim() || '…', LIMITS.buttonText), emoji: true },
    ...(b.style ? { style: b.style } : {}),
  };
}

function renderBlock(
  block: Block,
  opts: RenderOptions,
  ids: Set<string>,
  images: PendingImage[],
): KnownBlock[] {
  switch (block.type) {
    case 'header': {
      const text = truncate(block.text.trim(), LIMITS.header);
      return text ? [{ type: 'header', text: { type: 'plain_text', text, emoji: true } }] : [];
    }
    case 'text':
      return richToMrkdwnChunks(block.text, opts, LIMITS.sectionText)
        .filter((c) => c.trim())
        .map(mrkdwnSection);
    case 'fields': {
      const fields = block.fields.map((f) => ({
        type: 'mrkdwn' as const,
        text: hardCut(`*${escapeMrkdwn(f.label)}*\n${richToMrkdwn(f.value, opts) || '—'}`, LIMITS.fieldText),
      }));
      const out: KnownBlock[] = [];
      for (let i = 0; i < fields.length; i += LIMITS.fieldsPerSection) {
        out.push({ type: 'section', fields: fields.slice(i, i + LIMITS.fieldsPerSection) });
      }
      return out;
    }
    case 'context': {
      const text = hardCut(richToMrkdwn(block.text, opts), LIMITS.contextText);
      return text.trim() ? [{ type: 'context', elements: [{ type: 'mrkdwn', text }] }] : [];
    }
    case 'actions': {
      const out: ActionsBlock[] = [];
      for (let i = 0; i < block.buttons.length; i += LIMITS.buttonsPerActions) {
        const elements = block.buttons.slice(i, i + LIMITS.buttonsPerActions).map((b) => button(b, ids));
        out.push({ type: 'actions', elements });
      }
      return out;
    }
    case 'image': {
      const alt = truncate(block.alt.trim() || 'image', LIMITS.imageAlt);
      if (block.url && /^https?:\/\//.test(block.url)) {
        return [{ type: 'image', image_url: block.url, alt_text: alt }];
      }
      if (block.png) images.push({ png: block.png, alt });
      return [{ type: 'context', elements: [{ type: 'mrkdwn', text: `🖼 ${escapeMrkdwn(alt)}` }] }];
    }
    case 'divider':
      return [{ type: 'divider' }];
  }
}

/**
 * Renders a neutral message as Block Kit within Slack's limits: long text is split across
 * sections, fields ten to a section, buttons 25 to an actions block, labels shortened; user text
 * is escaped so it never becomes markup; people of this workspace become mentions. Past the block
 * limit the rest is dropped and a last context block says so, keeping every button block.
 */
export function toSlackMessage(message: Message, opts: RenderOptions): SlackMessage {
  const ids = new Set<string>();
  const images: PendingImage[] = [];
  const blocks = message.blocks.flatMap((b) => renderBlock(b, opts, ids, images));
  const max = opts.maxBlocks ?? LIMITS.messageBlocks;
  return { text: fallbackText(message), blocks: fitBlocks(blocks, max), images };
}

/** Keeps at most `max` blocks: actions blocks first, then the others in order, plus an ellipsis. */
function fitBlocks(blocks: KnownBlock[], max: number): KnownBlock[] {
  if (blocks.length <= max) return blocks;
  const actions = blocks.filter((b) => b.type === 'actions').slice(0, max - 1);
  let room = max - 1 - actions.length;
  const keep = new Set<KnownBlock>(actions);
  for (const b of blocks) {
    if (room <= 0) break;
    if (!keep.has(b)) {
      keep.add(b);
      room -= 1;
    }
  }
  return [
    ...blocks.filter((b) => keep.has(b)),
    { type: 'context', elements: [{ type: 'mrkdwn', text: '…' }] },
  ];
}

/** The `text` Slack shows in notifications and where blocks cannot be shown. */
export function fallbackText(message: Message): string {
  const raw = message.summary.trim() || messageToPlain(message).trim() || '…';
  return hardCut(escapeMrkdwn(raw), LIMITS.fallbackText);
}
