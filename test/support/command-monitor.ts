// Counts database round trips with the driver's command monitoring: every command a connection
// opened with `monitorCommands: true` starts, by name and collection, and which of them an HTTP
// answer (the platform's ack) waited on.
import type { Server, ServerResponse } from 'node:http';
import type { Connection } from 'mongoose';

/** One database command: `find leads`, `insert outbox`… */
export type Command = { name: string; collection: string; write: boolean };

/** The commands of one operation, and those started before its HTTP answer was written. */
export type Measured = { commands: Command[]; beforeAck: Command[] };

const WRITES = new Set(['insert', 'update', 'delete', 'findAndModify', 'createIndexes', 'drop', 'create']);
/** Commands that carry their collection under another field than their name. */
const COLLECTION_FIELD: Record<string, string> = { getMore: 'collection' };

export type CommandMonitor = {
  /** Forgets what was counted so far. */
  reset(): void;
  /** The commands since the last reset, oldest first. */
  taken(): Command[];
  /** How many commands were counted since the last reset. */
  readonly count: number;
  /** Commands started and not yet answered (on a busy machine one can take longer than a pause). */
  readonly inFlight: number;
};

/** Counts the commands of every connection in `conns` (each opened with `monitorCommands`). */
export function monitorCommands(conns: Connection[]): CommandMonitor {
  let commands: Command[] = [];
  let inFlight = 0;
  for (const conn of conns) {
    const client = conn.getClient();
    client.on('commandSucceeded', () => void inFlight--);
    client.on('commandFailed', () => void inFlight--);
    client.on('commandStarted', (e) => {
      inFlight++;
      const body = e.command as Record<string, unknown>;
      const field = COLLECTION_FIELD[e.commandName] ?? e.commandName;
      commands.push({
        name: e.commandName,
        collection: typeof body[field] === 'string' ? body[field] : '',
        write: WRITES.has(e.commandName),
      });
    });
  }
  return {
    reset: () => void (commands = []),
    taken: () => commands.slice(),
    get count() {
      return commands.length;
    },
    get inFlight() {
      return inFlight;
    },
  };
}

/**
 * Marks, for each request `server` answers, how many commands `monitor` had counted when the
 * answer's `end` was called: what the acknowledgement waited on. Returns the marks, newest last.
 */
export function markAcks(server: Server, monitor: CommandMonitor): number[] {
  const marks: number[] = [];
  server.on('request', (_req, res: ServerResponse) => {
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    let marked = false;
    res.end = ((...args: unknown[]) => {
      if (!marked) marks.push(monitor.count);
      marked = true;
      return end(...args);
    }) as ServerResponse['end'];
  });
  return marks;
}

/** "insert outbox 3, find people 2, …": the commands grouped by name and collection, most first. */
export function breakdown(commands: Command[]): string {
  const by = new Map<string, number>();
  for (const c of commands)
    by.set(`${c.name} ${c.collection}`, (by.get(`${c.name} ${c.collection}`) ?? 0) + 1);
  return [...by]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
}
