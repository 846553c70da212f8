// The interaction layer as a console speaker talks to it: real stores, real renderers, a
// ManualClock. One team: boss (admin, manager), sam (SDR), anna and boris (AEs), fiona (AM),
// vera (SDR and manager, Russian).
import { createInteractions } from '../../../src/chat/interactions/create-interactions.js';
import type { Interactions } from '../../../src/chat/interactions/interactions.js';
import type { Inbound, Reply } from '../../../src/chat/interactions/types.js';
import { messageToPlain } from '../../../src/chat/message.js';
import { createDigestRenderer } from '../../../src/chat/render/digest.js';
import { createLogger } from '../../../src/logger.js';
import { createCoreHarness, type CoreHarness } from '../../support/core.js';

export type Talk = {
  h: CoreHarness;
  app: Interactions;
  inb(handle: string, extra?: Partial<Inbound['speaker']>): Inbound;
  /** Runs `/name text` as `handle` and returns the reply as plain text (or "form"). */
  say(handle: string, command: 'lead' | 'meeting' | 'team' | 'kpi' | 'help', text: string): Promise<string>;
  teamId(): Promise<string>;
  close(): Promise<void>;
};

let n = 0;

export const textOf = (r: Reply): string => (r.kind === 'message' ? messageToPlain(r.message) : r.kind);

export async function createTalk(start = '2026-12-01T09:00:00Z', timezone?: string): Promise<Talk> {
  const h = await createCoreHarness(start);
  const app = createInteractions({
    core: h.deps,
    log: createLogger({ level: 'silent' }),
    kpi: createDigestRenderer({ stores: h.deps.stores, charts: false }).kpi,
  });
  const inb = (handle: string, extra: Partial<Inbound['speaker']> = {}): Inbound => ({
    speaker: { address: `console:${handle}`, platform: 'console', name: handle, username: handle, ...extra },
    key: `talk:${++n}`,
  });
  const say: Talk['say'] = async (handle, command, text) =>
    textOf(await app.command(inb(handle), command, text));
  await app.command(inb('boss', { name: 'Dana Boss' }), 'team', 'setup Northwind');
  for (const line of [
    'add Sam Seller @sam sdr',
    'add Anna Closer @anna ae',
    'add Boris Closer @boris ae',
    'add Fiona Farmer @fiona am',
    'add Вера Иванова @vera sdr,manager lang=ru tz=Europe/Moscow',
  ])
    await say('boss', 'team', line);
  if (timezone) await say('boss', 'team', `set timezone ${timezone}`);
  h.notifier.clear();
  return {
    h,
    app,
    inb,
    say,
    teamId: async () => (await h.deps.stores.teams.list())[0]!.id,
    close: () => h.close(),
  };
}
