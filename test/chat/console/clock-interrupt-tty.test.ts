// Issue 11 item 12 on a terminal: Ctrl-C (a keypress on a TTY, not a signal) stops a long clock
// move at its next stop and the session goes on. The console workspace as main.ts prepares it,
// on a stream that says it is a terminal.
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { createApp } from '../../../src/app.js';
import { prepareConsole } from '../../../src/chat/console/start-console.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { dropAndClose, openTestConnection } from '../../support/db.js';

const dataDir = mkdtempSync(join(tmpdir(), 'baton-clock-tty-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('Ctrl-C on a terminal during a clock move', () => {
  it('stops the move at a stop, saves the clock there, and keeps the session', async () => {
    const connection = await openTestConnection();
    const config = loadConfig({ DATA_DIR: dataDir, CONSOLE: 'true', LOG_LEVEL: 'silent' });
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    const waiters: (() => void)[] = [];
    output.setEncoding('utf8').on('data', (d: string) => {
      shown += d;
      for (const w of [...waiters]) w();
    });
    const waitFor = (re: RegExp, from = 0) =>
      new Promise<void>((res) => {
        const check = () => {
          if (!re.test(shown.slice(from))) return;
          waiters.splice(waiters.indexOf(check), 1);
          res();
        };
        waiters.push(check);
        check();
      });
    const mode = prepareConsole(config, { input, output, tty: true });
    const app = await createApp({ log: createLogger({ level: 'silent' }), connection, ...mode.appOptions });
    await app.start();
    const session = mode.run(app);
    try {
      input.write('demo\r');
      await waitFor(/is ready — demo data/);
      const from = shown.length;
      input.write('clock +90d\r');
      await waitFor(/(⏱ [^\n]*\n[\s\S]*){3}/, from);
      input.write('\x03'); // Ctrl-C
      await waitFor(/⏹ Stopped: business time is /, from);
      const stopped = /⏹ Stopped: business time is (.+?) \(UTC\)/.exec(shown.slice(from))![1]!;
      expect(shown.slice(from)).not.toMatch(/Business time is now/);
      const saved = JSON.parse(readFileSync(join(dataDir, 'console-clock.json'), 'utf8')) as { at: string };
      expect(new Date(saved.at).toISOString()).toBe(
        new Date(`${stopped.replace(/^\w+ /, '')} UTC`).toISOString(),
      );
      // The session goes on at that time.
      const after = shown.length;
      input.write('clock\r');
      await waitFor(/Business time: .*\./, after);
      expect(shown.slice(after)).toMatch(new RegExp(`Business time: ${stopped} \\(UTC\\)\\.`));
    } finally {
      input.end();
      expect(await session).toBe(0);
      await app.stop();
      await dropAndClose(connection);
    }
  }, 300_000);
});
