import type { Writable } from 'node:stream';

/** Text styles for a terminal; plain text when the output is not a TTY (pipes, files, tests). */
export type Style = {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
};

const ansi = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

export const plainStyle: Style = { bold: (s) => s, dim: (s) => s, red: (s) => s, green: (s) => s };
export const ttyStyle: Style = {
  bold: ansi(1, 22),
  dim: ansi(2, 22),
  red: ansi(31, 39),
  green: ansi(32, 39),
};

/** Where the console writes: whole lines, styled for the terminal when there is one. */
export type Screen = {
  print(lines: string | readonly string[]): void;
  readonly style: Style;
};

/** A screen on a stream (stdout); styled only when `tty`. */
export function streamScreen(out: Writable, tty: boolean): Screen {
  return {
    style: tty ? ttyStyle : plainStyle,
    print(lines) {
      const list = typeof lines === 'string' ? [lines] : lines;
      if (list.length) out.write(list.join('\n') + '\n');
    },
  };
}

/** A screen that keeps what is printed (tests drive the workspace in-process with it). */
export function memoryScreen(): Screen & { lines: string[]; take(): string } {
  const lines: string[] = [];
  let taken = 0;
  return {
    style: plainStyle,
    lines,
    print(l) {
      for (const x of typeof l === 'string' ? [l] : l) lines.push(...x.split('\n'));
    },
    /** Everything printed since the last take, as one string. */
    take() {
      const out = lines.slice(taken).join('\n');
      taken = lines.length;
      return out;
    },
  };
}

/** Indents every line of a block (message bodies under their "→ @anna (DM):" header). */
export function indent(lines: readonly string[], by = '  '): string[] {
  return lines.flatMap((l) => l.split('\n')).map((l) => (l ? by + l : l));
}
