import type { Ctx } from '../../core/ports.js';
import type { Arrival } from '../../core/roster/index.js';
import type { Person } from '../../core/roster/person.js';
import type { Locale, Team } from '../../core/roster/team.js';
import type { CoreDeps } from '../../core/shared/deps.js';
import type { Journal } from '../journal-port.js';
import { text, type Block, type Message, type Span } from '../message.js';
import { createKit, type Kit } from '../render/kit.js';
import type { KpiRenderer } from '../render/notice-renderer.js';
import type { Inbound, Reply } from './types.js';

/** A minimal logger port (pino fits). */
export type Log = {
  error(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  info(obj: Record<string, unknown>, msg: string): void;
};

export type InteractionDeps = {
  core: CoreDeps;
  journal?: Journal;
  log: Log;
  /** Renders a KPI report or digest for `/kpi` (the digest renderer); absent → a plain summary. */
  kpi?: KpiRenderer;
  /**
   * Outgoing webhooks: whether they may reach private addresses (WEBHOOKS_ALLOW_PRIVATE), and
   * the check of a new URL's host as resolved now (an issue code, or null when it may be used).
   */
  webhooks?: { allowPrivate: boolean; checkUrl?: (url: string) => Promise<string | null> };
};

/** One request, resolved: who is asking, their team, their words, and the core context. */
export type Session = {
  deps: InteractionDeps;
  inb: Inbound;
  person: Person;
  team: Team;
  kit: Kit;
  ctx: Ctx;
  locale: Locale;
};

/** What the platform tells us about the speaker, as the roster takes it. */
export function arrivalOf(inb: Inbound): Arrival {
  const sp = inb.speaker;
  return {
    address: sp.address,
    ...(sp.name ? { name: sp.name } : {}),
    ...(sp.username ? { username: sp.username } : {}),
    ...(sp.locale ? { locale: sp.locale } : {}),
    ...(sp.timezone ? { timezone: sp.timezone } : {}),
  };
}

export function openSession(deps: InteractionDeps, inb: Inbound, person: Person, team: Team): Session {
  const kit = createKit(deps.core.stores, {
    personId: person.id,
    locale: person.locale,
    timezone: person.timezone,
    platform: inb.speaker.platform,
  });
  return {
    deps,
    inb,
    person,
    team,
    kit,
    locale: person.locale,
    ctx: {
      actorId: person.id,
      source: inb.speaker.platform,
      key: inb.key,
      now: deps.core.clock.now(),
      loaded: { actor: person, team },
    },
  };
}

/** A message reply made of lines of spans (and extra blocks). */
export function say(
  lines: (string | Span[])[],
  extra: Block[] = [],
  visibility: 'ephemeral' | 'in_channel' = 'ephemeral',
): Reply {
  const blocks: Block[] = lines.map((l) => ({ type: 'text', text: typeof l === 'string' ? [text(l)] : l }));
  const summary = lines
    .map((l) => (typeof l === 'string' ? l : l.map((s) => (s.t === 'person' ? s.name : s.v)).join('')))
    .join('\n');
  return { kind: 'message', message: { summary, blocks: [...blocks, ...extra] }, visibility };
}

/** A message reply from a ready message. */
export function show(message: Message, visibility: 'ephemeral' | 'in_channel' = 'ephemeral'): Reply {
  return { kind: 'message', message, visibility };
}
