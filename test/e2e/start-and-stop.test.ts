import { afterAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAlive, spawnBot, waitForExit, type BotProcess } from '../support/spawn-bot.js';
import { testMongoUri, uniqueDbName } from '../support/db.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'baton-start-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function listening(bot: BotProcess): Promise<number> {
  const rec = await bot.waitForRecord(
    (r) => typeof r.port === 'number' && String(r.msg).startsWith('listening'),
  );
  return rec.port as number;
}

async function embeddedPid(bot: BotProcess): Promise<number> {
  const rec = await bot.waitForRecord((r) => String(r.msg).startsWith('embedded database'));
  return rec.pid as number;
}

describe('npm start (the composition root)', () => {
  it('with an empty environment starts the embedded database, serves /healthz, and exits 0 on SIGINT leaving no database process', async () => {
    const bot = spawnBot({ PORT: '0', DATA_DIR: tempDir(), CONSOLE: 'false' });
    const dbPid = await embeddedPid(bot);
    const port = await listening(bot);
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'ok',
      database: { state: 'up' },
      scheduler: { state: 'processing' },
    });
    expect(bot.records.some((r) => /no chat platform configured/.test(String(r.msg)))).toBe(true);
    bot.child.kill('SIGINT');
    expect(await bot.exited).toEqual({ code: 0, signal: null });
    await waitForExit(dbPid, 5000);
  });

  it('leaves no database process behind when the bot is killed with SIGKILL', async () => {
    const bot = spawnBot({ PORT: '0', DATA_DIR: tempDir(), CONSOLE: 'false' });
    const dbPid = await embeddedPid(bot);
    await listening(bot);
    expect(isAlive(dbPid)).toBe(true);
    bot.child.kill('SIGKILL');
    await bot.exited;
    await waitForExit(dbPid, 5000);
  });

  it('uses MONGODB_URI when set and starts no embedded database', async () => {
    const uri = testMongoUri() + uniqueDbName();
    const bot = spawnBot({ PORT: '0', MONGODB_URI: uri, CONSOLE: 'false' });
    const port = await listening(bot);
    expect(bot.records.some((r) => String(r.msg).startsWith('embedded database'))).toBe(false);
    const body = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as {
      database: { where: string };
    };
    expect(body.database.where).toBe(uri);
    bot.child.kill('SIGTERM');
    expect((await bot.exited).code).toBe(0);
  });

  it('stops with a non-zero exit and a message naming PORT when PORT=abc', async () => {
    const bot = spawnBot({ PORT: 'abc' });
    const { code } = await bot.exited;
    expect(code).not.toBe(0);
    expect(bot.stderr()).toMatch(/PORT: .*port number/);
  });

  it('says plainly that the port is in use (no stack trace), and stops', async () => {
    const taken = createServer();
    await new Promise<void>((res) => taken.listen(0, '0.0.0.0', res));
    const port = (taken.address() as AddressInfo).port;
    try {
      const bot = spawnBot({
        PORT: String(port),
        MONGODB_URI: testMongoUri() + uniqueDbName(),
        CONSOLE: 'false',
      });
      expect((await bot.exited).code).toBe(1);
      expect(bot.stderr()).toMatch(
        new RegExp(
          `^baton: port ${port} is in use — is Baton already running\\? Stop it, or set PORT to a free port`,
          'm',
        ),
      );
      expect(bot.stderr()).not.toMatch(/setupListenHandle|\n\s+at /);
    } finally {
      taken.close();
    }
  });

  it('refuses a second bot on the same embedded DATA_DIR, naming the first one; a dead one’s lock is taken over', async () => {
    const dir = tempDir();
    const first = spawnBot({ PORT: '0', DATA_DIR: dir, CONSOLE: 'false' });
    const dbPid = await embeddedPid(first);
    await listening(first);
    expect(readFileSync(join(dir, 'baton.lock'), 'utf8').trim()).toBe(String(first.child.pid));

    const second = spawnBot({ PORT: '0', DATA_DIR: dir, CONSOLE: 'false' });
    expect((await second.exited).code).toBe(1);
    expect(second.stderr()).toMatch(
      new RegExp(
        `DATA_DIR ${dir} is in use by another Baton process \\(pid ${first.child.pid}\\): is Baton already running\\?`,
      ),
    );
    expect(second.records.some((r) => String(r.msg).startsWith('embedded database'))).toBe(false);

    // Killed without a chance to clean up: its lock stays, and the next start takes it over.
    first.child.kill('SIGKILL');
    await first.exited;
    await waitForExit(dbPid, 5000);
    expect(existsSync(join(dir, 'baton.lock'))).toBe(true);
    const third = spawnBot({ PORT: '0', DATA_DIR: dir, CONSOLE: 'false' });
    await listening(third);
    expect(readFileSync(join(dir, 'baton.lock'), 'utf8').trim()).toBe(String(third.child.pid));
    third.child.kill('SIGTERM');
    expect((await third.exited).code).toBe(0);
    expect(existsSync(join(dir, 'baton.lock'))).toBe(false);
  }, 120_000);

  it('the first start shows the embedded database build step by step with the time so far', async () => {
    const binary = join(tempDir(), 'bin', 'embedded-ferretdb');
    // A real Go build into a fresh place, as on a first start (Go's build cache makes it faster here).
    const bot = spawnBot({ PORT: '0', DATA_DIR: tempDir(), CONSOLE: 'false', EMBEDDED_DB_BIN: binary });
    await bot.waitForRecord((r) => String(r.msg).startsWith('listening'), 400_000);
    const shown = bot.stderr();
    expect(shown).toMatch(
      /^Building the embedded database \(FerretDB\) with Go — first start only\. It takes 1½–4 minutes/m,
    );
    expect(shown).toMatch(/^ {2}\[1\/2\] fetching Go modules \(downloads only the first time\)… \(\d+ s\)$/m);
    expect(shown).toMatch(/^ {2}\[2\/2\] compiling and linking… \((\d+ min )?\d+ s\)$/m);
    expect(shown).toMatch(/^Embedded database built in (\d+ min )?\d+ s\.$/m);
    expect(existsSync(binary)).toBe(true);
    const dbPid = await embeddedPid(bot);
    bot.child.kill('SIGTERM');
    expect((await bot.exited).code).toBe(0);
    await waitForExit(dbPid, 5000);
  }, 420_000);

  it('says exactly what to do when the embedded database must be built and Go is missing', async () => {
    const { ensureEmbeddedDbBinary, EmbeddedDbError } = await import('../../src/store/embedded-db.js');
    const attempt = () =>
      ensureEmbeddedDbBinary(() => {}, {
        binary: join(tempDir(), 'embedded-ferretdb'),
        goCandidates: ['/nonexistent/go'],
      });
    await expect(attempt()).rejects.toThrow(EmbeddedDbError);
    await expect(attempt()).rejects.toThrow(/Go is not installed.*install Go 1\.22.*or set MONGODB_URI/s);
  });
});
