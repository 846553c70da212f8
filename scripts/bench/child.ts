import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Messages between the benchmark and a bot it runs in a child process. */
export type ChildMessage =
  | { type: 'ready'; port: number }
  | { type: 'memory'; rss: number; heapUsed: number }
  | { type: 'error'; message: string };

/** A bot under benchmark in its own process (its own event loop and resident memory). */
export type BenchChild = {
  port: number;
  pid: number;
  /** Resident set and heap after a full GC, in MB. */
  memory(): Promise<{ rss: number; heapUsed: number }>;
  stop(): Promise<void>;
};

/** Forks `script` (TypeScript, through tsx) with `config` in its environment; resolves once it listens. */
export function startChild(script: string, config: unknown): Promise<BenchChild> {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const child: ChildProcess = fork(path, [], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    env: { ...process.env, BENCH_CHILD_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const next = (type: ChildMessage['type']) =>
    new Promise<ChildMessage>((resolve, reject) => {
      const onMessage = (m: ChildMessage) => {
        if (m.type === 'error') reject(new Error(`${script}: ${m.message}`));
        else if (m.type === type) resolve(m);
        else return;
        child.off('message', onMessage);
      };
      child.on('message', onMessage);
      void exited.then(() => reject(new Error(`${script} exited`)));
    });
  return next('ready').then((m) => ({
    port: (m as { port: number }).port,
    pid: child.pid!,
    async memory() {
      const reply = next('memory');
      child.send({ type: 'memory' });
      const r = (await reply) as { rss: number; heapUsed: number };
      return { rss: r.rss / 2 ** 20, heapUsed: r.heapUsed / 2 ** 20 };
    },
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  }));
}

/** In a child: its config, and the IPC side of `startChild` (memory on request, ready, errors). */
export function childSide<T>(): { config: T; ready(port: number): void; fail(err: unknown): never } {
  const config = JSON.parse(process.env.BENCH_CHILD_CONFIG ?? '{}') as T;
  process.on('message', (m: { type?: string }) => {
    if (m.type !== 'memory') return;
    (globalThis as { gc?: () => void }).gc?.();
    const { rss, heapUsed } = process.memoryUsage();
    process.send?.({ type: 'memory', rss, heapUsed } satisfies ChildMessage);
  });
  process.on('SIGTERM', () => process.exit(0));
  // A benchmark that died (a lost card ends the run) must not leave its bots listening.
  process.on('disconnect', () => process.exit(0));
  return {
    config,
    ready: (port) => process.send?.({ type: 'ready', port } satisfies ChildMessage),
    fail(err) {
      process.send?.({
        type: 'error',
        message: err instanceof Error ? (err.stack ?? err.message) : String(err),
      });
      process.exit(1);
    },
  };
}
