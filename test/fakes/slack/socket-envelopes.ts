// The envelopes of the fake Socket Mode: what Slack sends down a connection and expects back.
// Each envelope waits for an ack carrying its envelope_id; one not acknowledged within the ack
// timeout is delivered again (`retry_attempt` + 1, `retry_reason: 'timeout'`) on the schedule of
// Slack's retries, on a live connection or, with none, as soon as a new one has said hello.
import { randomUUID } from 'node:crypto';
import { checkMessage, checkView } from './block-kit-validator.js';
import type { RequestKind } from './requests.js';

/** The envelope types Slack uses for what Baton receives. */
export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export const ENVELOPE_TYPE: Record<RequestKind, EnvelopeType> = {
  command: 'slash_commands',
  interaction: 'interactive',
  event: 'events_api',
};

/** One time an envelope went down a connection. */
export interface EnvelopeDelivery {
  connection: number;
  /** `retry_attempt`: 0 the first time. */
  attempt: number;
  at: number;
  /** False when the connection had gone silent (stalled): Slack believes it sent it, the app never saw it. */
  written: boolean;
}

/** One acknowledgement received for an envelope. */
export interface EnvelopeAck {
  connection: number;
  at: number;
  /** The ack's `payload` (Bolt sends `{}` for a bare `ack()`). */
  payload: Record<string, unknown>;
}

export interface EnvelopeRecord {
  envelopeId: string;
  type: EnvelopeType;
  payload: Record<string, unknown>;
  /** True where Slack reads an answer from the ack: slash commands, view submissions. */
  acceptsResponsePayload: boolean;
  /**
   * queued: waiting for a connection; delivered: sent, waiting for its ack; acked; failed: every
   * retry went unacknowledged.
   */
  state: 'queued' | 'delivered' | 'acked' | 'failed';
  deliveries: EnvelopeDelivery[];
  acks: EnvelopeAck[];
  /** Acks that were lost with their connection (see `DeliverOptions.loseAck`). */
  lostAcks: EnvelopeAck[];
}

type Staged = EnvelopeRecord & { stage: DeliverOptions };

/** Mishaps to stage around one envelope. */
export interface DeliverOptions {
  /** Drop the connection without a word as soon as the envelope is written: the app may get it, its ack cannot come back. */
  dropAfterWrite?: boolean;
  /** The first ack is lost: the connection drops as it arrives, as if the ack died with it. */
  loseAck?: boolean;
}

/** A problem with what the app sent back, recorded as a violation of method `socket_mode`. */
export type SocketProblem = { error: string; problems: string[]; args: Record<string, unknown> };

export interface EnvelopeTiming {
  /** How long Slack waits for an ack. Default 3000 ms. */
  ackTimeoutMs: number;
  /** Delay before each redelivery after an unacked one (its length is the number of retries). */
  retryDelaysMs: number[];
}

/** Slack's Events API schedule: three retries, at once, after a minute, after five minutes. */
export const SLACK_RETRY_DELAYS_MS = [0, 60_000, 300_000];

type Outlet = {
  /** Connections that may receive an envelope now (said hello, not being refreshed). */
  ready(): { id: number; send(message: string, then?: () => void): boolean }[];
  /** Ends a connection without a word. */
  drop(connection: number): void;
  changed(): void;
  problem(p: SocketProblem): void;
};

export function createEnvelopes(timing: EnvelopeTiming, outlet: Outlet) {
  const records = new Map<string, Staged>();
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  /** Sends the envelope on a ready connection, preferring one it has not been lost on. */
  function deliver(rec: Staged): void {
    const ready = outlet.ready();
    const tried = new Set(rec.deliveries.map((d) => d.connection));
    const target = ready.find((c) => !tried.has(c.id)) ?? ready[0];
    if (!target) {
      rec.state = 'queued';
      outlet.changed();
      return;
    }
    const attempt = rec.deliveries.length;
    const message = {
      envelope_id: rec.envelopeId,
      payload: rec.payload,
      type: rec.type,
      accepts_response_payload: rec.acceptsResponsePayload,
      // Slack sends the retry fields with every Events API envelope, and on redeliveries.
      ...(rec.type === 'events_api' || attempt > 0
        ? { retry_attempt: attempt, retry_reason: attempt > 0 ? 'timeout' : '' }
        : {}),
    };
    const dropAfter = rec.stage.dropAfterWrite && attempt === 0;
    const written = target.send(
      JSON.stringify(message),
      dropAfter ? () => outlet.drop(target.id) : undefined,
    );
    rec.deliveries.push({ connection: target.id, attempt, at: Date.now(), written });
    rec.state = 'delivered';
    outlet.changed();
    later(timing.ackTimeoutMs, () => {
      if (rec.state !== 'delivered' || rec.deliveries.length !== attempt + 1) return;
      const delay = timing.retryDelaysMs[attempt];
      if (delay === undefined) {
        rec.state = 'failed';
        outlet.changed();
      } else {
        // A late ack in the meantime still counts: then nothing is sent again.
        later(delay, () => {
          if (rec.state === 'delivered') deliver(rec);
        });
      }
    });
  }

  function checkAckPayload(rec: EnvelopeRecord, payload: Record<string, unknown>): SocketProblem | undefined {
    const args = { envelope_id: rec.envelopeId, type: rec.type, payload };
    const bad = (error: string, problems: string[]) => ({ error, problems, args });
    if (Object.keys(payload).length === 0) return undefined;
    if (!rec.acceptsResponsePayload)
      return bad('unexpected_payload', [
        `${rec.type} envelopes of this kind take no response payload: Slack ignores it [json-pointer:/payload]`,
      ]);
    if (rec.type === 'slash_commands') return checkMessage(payload) && { ...checkMessage(payload)!, args };
    const action = payload.response_action;
    if (action === 'errors') {
      const errors = payload.errors;
      const ok =
        typeof errors === 'object' &&
        errors !== null &&
        Object.values(errors).every((v) => typeof v === 'string');
      return ok
        ? undefined
        : bad('invalid_arguments', ['errors must map block ids to strings [json-pointer:/payload/errors]']);
    }
    if (action === 'update' || action === 'push') {
      const failure = checkView(payload.view, 'modal');
      return failure && { ...failure, args };
    }
    if (action === 'clear') return undefined;
    return bad('invalid_arguments', [
      `unknown response_action ${JSON.stringify(action)} [json-pointer:/payload/response_action]`,
    ]);
  }

  return {
    records,
    /** A new envelope: delivered now on a ready connection, else queued for the next one. */
    add(type: EnvelopeType, payload: Record<string, unknown>, stage: DeliverOptions = {}): EnvelopeRecord {
      const rec: Staged = {
        envelopeId: randomUUID(),
        type,
        payload,
        acceptsResponsePayload:
          type === 'slash_commands' || (type === 'interactive' && payload?.type === 'view_submission'),
        state: 'queued',
        deliveries: [],
        acks: [],
        lostAcks: [],
        stage: { ...stage },
      };
      records.set(rec.envelopeId, rec);
      deliver(rec);
      return rec;
    },
    /** A connection said hello: everything queued goes to it (and any other ready one). */
    flush(): void {
      for (const rec of records.values()) if (rec.state === 'queued') deliver(rec);
    },
    /** A message from the app on `connection`. */
    received(connection: number, raw: string): void {
      let msg: unknown;
      try {
        msg = JSON.parse(raw);
      } catch {
        msg = undefined;
      }
      const m = (msg ?? {}) as { envelope_id?: unknown; payload?: unknown };
      const args = { raw: raw.slice(0, 500) };
      if (typeof msg !== 'object' || msg === null || typeof m.envelope_id !== 'string')
        return outlet.problem({
          error: 'invalid_message',
          problems: ['expected {"envelope_id", "payload"}'],
          args,
        });
      const rec = records.get(m.envelope_id);
      if (!rec)
        return outlet.problem({
          error: 'unknown_envelope',
          problems: [`no envelope ${m.envelope_id}`],
          args,
        });
      const payload = m.payload ?? {};
      if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
        return outlet.problem({ error: 'invalid_message', problems: ['payload must be an object'], args });
      const body = payload as Record<string, unknown>;
      if (rec.stage.loseAck && rec.lostAcks.length === 0) {
        rec.lostAcks.push({ connection, at: Date.now(), payload: body });
        outlet.drop(connection);
        return;
      }
      rec.acks.push({ connection, at: Date.now(), payload: body });
      if (rec.state !== 'acked') rec.state = 'acked';
      const problem = checkAckPayload(rec, body);
      if (problem) outlet.problem(problem);
      outlet.changed();
    },
    /** Forgets every envelope and pending redelivery. */
    reset(): void {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      records.clear();
    },
  };
}
