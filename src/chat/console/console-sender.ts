import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Message, MessageFile } from '../message.js';
import { CONSOLE_TEAM_CHANNEL } from '../outbox/resolve.js';
import { PermanentSendError, type PlatformSender, type SentRef, type Target } from '../ports.js';
import { renderMessage, type RenderDeps } from './render-message.js';
import { indent, type Screen } from './screen.js';

/** How a target reads on the console: `@anna (DM)` or `#team`. */
export function targetLabel(target: Target): string {
  if (target.kind === 'dm') return `${handleOf(target.address) ?? target.address} (DM)`;
  return target.id === CONSOLE_TEAM_CHANNEL ? '#team' : `#${target.id}`;
}

function handleOf(address: string): string | undefined {
  return address.startsWith('console:') ? `@${address.slice('console:'.length)}` : undefined;
}

/**
 * The console platform's sender: the outbox delivers to it exactly as to Slack or Telegram, and
 * it prints each message under who it is for. While held (a command is being answered) messages
 * wait, so the answer to the command prints first; muted (demo seeding) they are dropped.
 */
export class ConsoleSender implements PlatformSender {
  readonly platform = 'console' as const;
  private seq = 0;
  private held: string[][] | undefined;
  private muted = false;

  /**
   * `filesDir` is the console's file folder (`<DATA_DIR>/console-files`): files that come with
   * messages (the team digest's CSV table) are written to `<filesDir>/<recipient>/<file name>`.
   */
  constructor(
    private readonly screen: Screen,
    private readonly render: Omit<RenderDeps, 'style'>,
    private readonly filesDir?: string,
  ) {}

  send(target: Target, message: Message): Promise<SentRef> {
    const label = targetLabel(target);
    const dmOf = target.kind === 'dm' ? target.address.replace(/^console:/, '') : undefined;
    this.show([`→ ${label}:`, ...indent(this.lines(message, dmOf))]);
    return Promise.resolve({ platform: 'console', channel: label, id: `c${++this.seq}` });
  }

  /** Writes the file into the console's file folder and says where it went. */
  sendFile(target: Target, file: MessageFile): Promise<SentRef> {
    const label = targetLabel(target);
    const path = this.pathOf(target, file);
    if (!path) throw new PermanentSendError('the console has no file folder (DATA_DIR) to write files to');
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, file.bytes);
    this.show([`→ ${label}:`, ...indent([this.screen.style.dim(`(file: ${file.title} — ${path})`)])]);
    return Promise.resolve({ platform: 'console', channel: label, id: path });
  }

  /** A file is there when its path exists (each recipient's file names are unique per message). */
  findFile(target: Target, file: MessageFile): Promise<SentRef | null> {
    const path = this.pathOf(target, file);
    return Promise.resolve(
      path && existsSync(path) ? { platform: 'console', channel: targetLabel(target), id: path } : null,
    );
  }

  private pathOf(target: Target, file: MessageFile): string | undefined {
    if (!this.filesDir) return undefined;
    const who = target.kind === 'dm' ? target.address.replace(/^console:/, '') : target.id;
    const safe = (s: string) => s.replace(/[^\p{L}\p{N}._-]/gu, '_').replace(/^\.+$/, '_');
    return join(this.filesDir, safe(who), safe(file.name));
  }

  update(ref: SentRef, message: Message): Promise<void> {
    const dmOf = /^@(\S+) \(DM\)$/.exec(ref.channel)?.[1];
    this.show([`↻ ${ref.channel}, message edited:`, ...indent(this.lines(message, dmOf))]);
    return Promise.resolve();
  }

  /** Holds messages back until {@link release} (the command's own answer prints first). */
  hold(): void {
    this.held ??= [];
  }

  release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const lines of held) this.screen.print(lines);
  }

  /** Drops messages while `muted` (the demo's back-dated history is not replayed on screen). */
  mute(muted: boolean): void {
    this.muted = muted;
  }

  private lines(message: Message, dmOf: string | undefined): string[] {
    if (this.muted) return [];
    return renderMessage(message, { ...this.render, style: this.screen.style }, dmOf);
  }

  private show(lines: string[]): void {
    if (this.muted) return;
    if (this.held) this.held.push(lines);
    else this.screen.print(lines);
  }
}
