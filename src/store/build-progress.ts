/** Told what a build of the embedded database is doing: it takes minutes the first time. */
export type BuildProgress = {
  /** The build starts (it is needed: no binary yet, or its Go sources changed). */
  start(): void;
  /** Step `n` of `of` begins. */
  step(n: number, of: number, title: string): void;
  /** Packages compiled so far in the current step. */
  packages(count: number): void;
  /** The build finished after `ms`. */
  done(ms: number): void;
  /** The build failed (its error says why). */
  failed(): void;
};

/** "8 s", "1 min 05 s". */
export function elapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * Shows a build on a terminal (stderr, beside the logs or the console workspace): each step on
 * its own line with the time so far. On a TTY the current step's line is redrawn in place with a
 * spinner, packages compiled and elapsed time; elsewhere (a pipe, a service log) a line every
 * `heartbeatMs` says it is still going.
 */
export function terminalBuildProgress(
  out: { write(s: string): unknown; isTTY?: boolean },
  opts: { heartbeatMs?: number; now?: () => number } = {},
): BuildProgress {
  const now = opts.now ?? Date.now;
  const tty = Boolean(out.isTTY);
  let started = 0;
  let current = '';
  let count = 0;
  let frame = 0;
  let timer: NodeJS.Timeout | undefined;
  const status = () =>
    `${current}${count ? `: ${count} packages compiled` : ''} (${elapsed(now() - started)})`;
  const redraw = () => out.write(`\r\x1b[K${SPINNER[frame++ % SPINNER.length]} ${status()}`);
  const finishLine = () => {
    if (tty && current) out.write(`\r\x1b[K  ${status()}\n`);
  };
  const stop = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
  };
  return {
    start() {
      started = now();
      out.write(
        'Building the embedded database (FerretDB) with Go — first start only. It takes 1½–4 minutes on a ' +
          'small machine (seconds when Go has built it before); later starts reuse it.\n',
      );
    },
    step(n, of, title) {
      finishLine();
      stop();
      current = `[${n}/${of}] ${title}`;
      count = 0;
      if (tty) {
        redraw();
        timer = setInterval(redraw, 250);
      } else {
        out.write(`  ${current}… (${elapsed(now() - started)})\n`);
        timer = setInterval(() => out.write(`  … ${status()}\n`), opts.heartbeatMs ?? 15_000);
      }
      timer.unref();
    },
    packages(n) {
      count = n;
    },
    done(ms) {
      finishLine();
      stop();
      current = '';
      out.write(`Embedded database built in ${elapsed(ms)}.\n`);
    },
    failed() {
      finishLine();
      stop();
      current = '';
    },
  };
}
