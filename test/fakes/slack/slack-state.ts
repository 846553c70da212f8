// What the fake workspace holds between requests: users, messages, views, and the trigger_ids and
// response_urls it has handed out. Shapes follow Slack's objects so tests can feed them back into
// payload builders.
import { randomBytes } from 'node:crypto';
import type { ViewOutput } from '@slack/bolt';

export interface FakeTeam {
  id: string;
  domain: string;
  name: string;
}

export interface FakeBot {
  /** The bot user (`U…`): auth.test `user_id`, author of the bot's messages. */
  userId: string;
  botId: string;
  appId: string;
  name: string;
}

/** A user as users.info returns it (flattened: `profile` is built from these). */
export interface FakeUser {
  id: string;
  team_id: string;
  name: string;
  real_name: string;
  tz: string;
  tz_label: string;
  /** Seconds east of UTC, as Slack reports it. */
  tz_offset: number;
  locale: string;
  is_bot: boolean;
  deleted: boolean;
  email?: string;
}

/** Seed for a user; `name` defaults to the id lowercased, `tz` to UTC, `locale` to en-US. */
export type FakeUserInput = Pick<FakeUser, 'id'> & Partial<Omit<FakeUser, 'id' | 'team_id'>>;

/** A message as `conversations.history` would return it, plus the channel it is in. */
export interface StoredMessage {
  type: 'message';
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
  thread_ts?: string;
  user: string;
  bot_id: string;
  app_id: string;
  team: string;
  metadata?: unknown;
  edited?: { user: string; ts: string };
  files?: { id: string; name: string; title: string }[];
  /** Set on ephemeral messages: the only user who sees it. */
  ephemeral_to?: string;
}

/** A modal or home tab as Slack holds it (the `view` of views.* answers and view payloads). */
export type StoredView = ViewOutput & { /** Who sees it. */ user: string };

export interface IssuedTrigger {
  issuedAt: number;
  user?: string;
  used: boolean;
}

export interface IssuedResponseUrl {
  channel: string;
  user: string;
  /** The message the interaction came from (for replace_original / delete_original). */
  messageTs?: string;
  issuedAt: number;
  uses: number;
}

export interface UploadedFile {
  id: string;
  filename: string;
  length: number;
  title?: string;
  /** How many bytes were received at the upload URL, once posted. */
  received?: number;
  /** The bytes received at the upload URL (tests read uploaded files back). */
  data?: Buffer;
  /** The conversations it was shared to by files.completeUploadExternal. */
  sharedTo?: string[];
}

/** Offset east of UTC in seconds and a label, for `tz` at the current instant. */
function zoneInfo(tz: string): { offset: number; label: string } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' }).formatToParts(
    new Date(),
  );
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  const offset = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60) : 0;
  const label = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'long' })
    .formatToParts(new Date())
    .find((p) => p.type === 'timeZoneName')?.value;
  return { offset, label: label ?? tz };
}

export function makeUser(input: FakeUserInput, teamId: string): FakeUser {
  const tz = input.tz ?? 'UTC';
  const zone = zoneInfo(tz);
  return {
    team_id: teamId,
    name: input.id.toLowerCase(),
    real_name: input.name ?? input.id,
    tz,
    tz_label: zone.label,
    tz_offset: zone.offset,
    locale: 'en-US',
    is_bot: false,
    deleted: false,
    ...input,
  };
}

/** The DM channel between the bot and `userId`: deterministic, `D` + the user id. */
export function dmChannelFor(userId: string): string {
  return `D${userId}`;
}

/** Slack-shaped ids, unique within one fake. */
export function createIds() {
  let lastMicros = 0;
  let seq = 0;
  const next = () => (++seq).toString(36).toUpperCase().padStart(8, '0');
  return {
    /** A message ts (`seconds.micros`), strictly increasing. */
    ts(): string {
      lastMicros = Math.max(Date.now() * 1000, lastMicros + 1);
      return `${Math.floor(lastMicros / 1e6)}.${String(lastMicros % 1e6).padStart(6, '0')}`;
    },
    view: () => `V${next()}`,
    /** Like the ids Slack gives blocks sent without one (e.g. `x3Fq`). */
    blockId: () => randomBytes(3).toString('base64url'),
    file: () => `F${next()}`,
    hash: () => `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString('hex')}`,
    trigger: () => `${Date.now()}${seq++}.${randomBytes(6).toString('hex')}`,
    secret: () => randomBytes(12).toString('hex'),
  };
}

export type Ids = ReturnType<typeof createIds>;

/** The blocks as Slack stores them: each block sent without a `block_id` gets a generated one. */
export function withBlockIds(blocks: unknown[], ids: Ids): unknown[] {
  return blocks.map((b) =>
    typeof b === 'object' && b !== null && !('block_id' in b) ? { ...b, block_id: ids.blockId() } : b,
  );
}

/** Everything the fake workspace remembers; `clear()` forgets all but the users. */
export class SlackState {
  readonly users = new Map<string, FakeUser>();
  readonly messages = new Map<string, StoredMessage[]>();
  readonly ephemerals = new Map<string, StoredMessage[]>();
  readonly views = new Map<string, StoredView>();
  /** Open modal stack (view ids, root first) per user. */
  readonly modalStacks = new Map<string, string[]>();
  readonly triggers = new Map<string, IssuedTrigger>();
  readonly responseUrls = new Map<string, IssuedResponseUrl>();
  readonly files = new Map<string, UploadedFile>();

  clear(): void {
    for (const m of [
      this.messages,
      this.ephemerals,
      this.views,
      this.modalStacks,
      this.triggers,
      this.responseUrls,
      this.files,
    ]) {
      m.clear();
    }
  }

  channelMessages(channel: string): StoredMessage[] {
    let list = this.messages.get(channel);
    if (!list) this.messages.set(channel, (list = []));
    return list;
  }

  findMessage(channel: string, ts: string): StoredMessage | undefined {
    return this.messages.get(channel)?.find((m) => m.ts === ts);
  }

  deleteMessage(channel: string, ts: string): boolean {
    const list = this.messages.get(channel);
    const i = list?.findIndex((m) => m.ts === ts) ?? -1;
    if (i < 0) return false;
    list!.splice(i, 1);
    return true;
  }
}
