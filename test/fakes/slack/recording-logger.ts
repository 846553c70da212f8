import { LogLevel, type Logger } from '@slack/bolt';

/**
 * A Bolt / WebClient logger that keeps error lines in `lines` instead of printing them, for tests
 * that provoke errors on purpose (the WebClient logs Slack's `response_metadata.messages`).
 */
export function recordingLogger(lines: string[] = []): Logger {
  let level = LogLevel.ERROR;
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: (...msg: unknown[]) => void lines.push(msg.map(String).join(' ')),
    setLevel: (l) => void (level = l),
    getLevel: () => level,
    setName: () => undefined,
  };
}
