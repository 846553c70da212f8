/**
 * The platform-neutral message: what every renderer produces and every adapter turns into Block
 * Kit, Telegram HTML with an inline keyboard, or console text. Text is a list of spans so each
 * platform can escape and format it safely (user text never becomes markup).
 */
export type Span =
  | { t: 'text'; v: string }
  | { t: 'b'; v: string }
  | { t: 'i'; v: string }
  | { t: 'code'; v: string }
  | { t: 'link'; v: string; url: string }
  /** A person, shown as a mention where the platform can, else by name. */
  | { t: 'person'; id: string; name: string; addresses: string[] };

export type Rich = Span[];

/** What a button does: an action id and the record it acts on (plus an optional argument). */
export type ActionRef = { id: ActionId; ref: string; arg?: string };

/**
 * Every button's action id, with its short code: two letters that stand for it where space is
 * tight (Telegram's 64-byte callback data). Codes live in messages already sent: never change or
 * reuse one. Slack's listener, the console and Telegram all take every id in this table.
 */
export const ACTIONS = {
  'lead.claim': 'lc',
  'lead.pass': 'lp',
  'meeting.held': 'mh',
  'meeting.no_show': 'mn',
  'meeting.reschedule': 'mr',
  'deal.won': 'dw',
  'deal.lost': 'dl',
  'renewal.on_it': 'ro',
  'renewal.renewed': 'rr',
  'renewal.upsold': 'ru',
  'renewal.churned': 'rc',
  'lead.create_anyway': 'la',
  'kpi.period': 'kp',
} as const;
export type ActionId = keyof typeof ACTIONS;
export const ACTION_IDS = Object.keys(ACTIONS) as readonly ActionId[];

/** Whether text read back from a platform or a store names an action of this version. */
export function isActionId(id: string): id is ActionId {
  return Object.hasOwn(ACTIONS, id);
}

export type Button = { label: string; action: ActionRef; style?: 'primary' | 'danger' };

export type Block =
  | { type: 'header'; text: string }
  | { type: 'text'; text: Rich }
  | { type: 'fields'; fields: { label: string; value: Rich }[] }
  | { type: 'context'; text: Rich }
  | { type: 'actions'; buttons: Button[] }
  | { type: 'image'; url?: string; png?: Uint8Array; alt: string }
  | { type: 'divider' };

/**
 * A file that goes with a message: the team digest's per-person table as CSV, a meeting's
 * calendar invite or cancellation as iCalendar.
 */
export type MessageFile = {
  /** File name as the reader sees it (`team-2026-12-07.csv`); unique per message. */
  name: string;
  /** Caption or title shown with the file. */
  title: string;
  mime: 'text/csv' | 'text/calendar';
  bytes: Uint8Array;
};

export type Message = {
  /** Plain-text summary: notifications, screen readers, fallbacks. */
  summary: string;
  blocks: Block[];
  /**
   * Files sent after the message, in the same conversation. The outbox delivers each exactly
   * once (it records them with the entry); replies outside the outbox carry none.
   */
  files?: MessageFile[];
};

// Small builders, so renderers read like the message they build.
export const text = (v: string): Span => ({ t: 'text', v });
export const bold = (v: string): Span => ({ t: 'b', v });
export const italic = (v: string): Span => ({ t: 'i', v });
export const code = (v: string): Span => ({ t: 'code', v });
export const person = (p: { id: string; name: string; addresses: string[] }): Span => ({
  t: 'person',
  id: p.id,
  name: p.name,
  addresses: p.addresses,
});

/** Plain text of a rich line (for summaries and the console). */
export function plain(rich: Rich): string {
  return rich.map((s) => (s.t === 'person' ? `@${s.name}` : s.v)).join('');
}

/** Plain text of a whole message, block by block (console, tests, long-text splitting). */
export function messageToPlain(m: Message): string {
  const out: string[] = [];
  for (const b of m.blocks) {
    if (b.type === 'header') out.push(b.text);
    else if (b.type === 'text' || b.type === 'context') out.push(plain(b.text));
    else if (b.type === 'fields') out.push(b.fields.map((f) => `${f.label}: ${plain(f.value)}`).join('\n'));
    else if (b.type === 'actions') out.push(b.buttons.map((x) => `[${x.label}]`).join(' '));
    else if (b.type === 'image') out.push(`(${b.alt})`);
    else out.push('—');
  }
  return out.join('\n');
}
