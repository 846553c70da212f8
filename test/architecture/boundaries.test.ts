import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCALES } from '../../src/core/roster/team.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

function importsOf(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  return [
    ...src.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g),
    ...src.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]!);
}

describe('architecture', () => {
  it('keeps the core free of platforms, the database and the scheduler', () => {
    const forbidden = /^(@slack\/|telegraf|@telegraf\/|mongoose|mongodb|agenda|@agendajs\/|pino)/;
    const offenders: string[] = [];
    for (const f of filesUnder(join(root, 'src/core'))) {
      for (const spec of importsOf(f)) {
        const outside = spec.startsWith('.') && !join(f, '..', spec).startsWith(join(root, 'src/core'));
        if (forbidden.test(spec) || outside) offenders.push(`${relative(root, f)} imports ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('lets only src/store talk to the database driver', () => {
    // Every collection is reached through a port; Agenda's Mongo backend is built there too.
    const driver = /^(mongoose|mongodb|@agendajs\/mongo-backend)(\/|$)/;
    const offenders: string[] = [];
    for (const f of filesUnder(join(root, 'src'))) {
      if (f.startsWith(join(root, 'src/store') + '/')) continue;
      for (const spec of importsOf(f))
        if (driver.test(spec)) offenders.push(`${relative(root, f)} imports ${spec}`);
    }
    expect(offenders).toEqual([]);
  });

  it("keeps the driver's errors inside src/store", () => {
    // The store edge translates them into coded errors; above it no driver class name is known.
    const helpers = /\/store\/(mongo-errors|store-errors)(\.js)?$/;
    const offenders: string[] = [];
    for (const f of filesUnder(join(root, 'src'))) {
      if (f.startsWith(join(root, 'src/store') + '/')) continue;
      for (const spec of importsOf(f))
        if (helpers.test(spec)) offenders.push(`${relative(root, f)} imports ${spec}`);
      for (const name of readFileSync(f, 'utf8').match(/\bMongo[A-Za-z]*Error\b/g) ?? [])
        offenders.push(`${relative(root, f)} names ${name}`);
    }
    expect(offenders).toEqual([]);
  });

  it('reads process.env only in src/config.ts', () => {
    const offenders = filesUnder(join(root, 'src'))
      .filter((f) => !f.endsWith(join('src', 'config.ts')))
      .filter((f) => /process\.env/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(root, f));
    expect(offenders).toEqual([]);
  });

  it('keeps Slack and Telegram adapters out of each other', () => {
    const offenders: string[] = [];
    for (const [dir, other] of [
      ['src/chat/slack', /telegraf|\/telegram\//],
      ['src/chat/telegram', /@slack\/|\/slack\//],
    ] as const) {
      let files: string[];
      try {
        files = filesUnder(join(root, dir));
      } catch {
        continue; // not built yet
      }
      for (const f of files)
        for (const spec of importsOf(f))
          if (other.test(spec)) offenders.push(`${relative(root, f)} imports ${spec}`);
    }
    expect(offenders).toEqual([]);
  });

  it('keeps words in the catalogs: no Cyrillic and no word tables outside src/chat/i18n', () => {
    // Every word a person reads or types lives in a language's folder of tables, so a language is
    // added as a folder; code reads them through `WORDS` and the catalogs, never declares its own.
    const i18n = join(root, 'src/chat/i18n');
    const offenders: string[] = [];
    for (const f of filesUnder(join(root, 'src'))) {
      if (f.startsWith(i18n)) continue;
      readFileSync(f, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (/\p{Script=Cyrillic}|\bconst\s+[A-Z_]*WORDS\b/u.test(line))
            offenders.push(`${relative(root, f)}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });

  it('names languages only through LOCALES: no locale code written out outside src/chat/i18n', () => {
    // A language is added as a folder of tables and one entry in `LOCALES`; code that checks for
    // 'ru' by hand, or lists "en or ru", would be missed. English is the base every catalog falls
    // back to, so only the other codes are looked for (`'renewal.upsold': 'ru'` is a button code).
    const others = LOCALES.filter((l) => l !== 'en').join('|');
    const written = new RegExp(`(?<!'[a-z_]+\\.[a-z_]+': )(['"\`])(${others})\\1|\\ben or ru\\b`);
    const i18n = join(root, 'src/chat/i18n');
    const offenders: string[] = [];
    for (const f of filesUnder(join(root, 'src'))) {
      if (f.startsWith(i18n)) continue;
      readFileSync(f, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const comment = /^\s*(\/\/|\/?\*)/.test(line);
          if (!comment && written.test(line)) offenders.push(`${relative(root, f)}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });

  it('keeps the core free of import cycles', () => {
    // Features stand on the shared machinery and on each other's domain in one direction; a loop
    // would make a use case's module order (and its reader's path) depend on who was loaded first.
    const core = join(root, 'src/core');
    const edges = new Map<string, string[]>();
    for (const f of filesUnder(core))
      edges.set(
        f,
        importsOf(f)
          .filter((s) => s.startsWith('.'))
          .map((s) => join(f, '..', s).replace(/\.js$/, '.ts')),
      );
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (f: string, path: string[]): void => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        cycles.push([...path.slice(path.indexOf(f)), f].map((p) => relative(root, p)).join(' -> '));
        return;
      }
      state.set(f, 'open');
      for (const next of edges.get(f) ?? []) visit(next, [...path, f]);
      state.set(f, 'done');
    };
    for (const f of edges.keys()) visit(f, []);
    expect(cycles).toEqual([]);
  });

  it('hands only CoreDeps out of src/core/shared: adapters call use cases, never mutate or actorFor', () => {
    // `mutate` is the exactly-once write and `actorFor` the permission check; a caller outside the
    // core that used them directly would skip the use case that pairs them with the rules.
    const shared = join(root, 'src/core/shared');
    const offenders: string[] = [];
    for (const dir of ['src', 'scripts'])
      for (const f of filesUnder(join(root, dir))) {
        if (f.startsWith(join(root, 'src/core') + '/')) continue;
        for (const spec of importsOf(f)) {
          const target = join(f, '..', spec);
          if (target.startsWith(shared + '/') && !/\/deps(\.js)?$/.test(target))
            offenders.push(`${relative(root, f)} imports ${spec}`);
        }
      }
    expect(offenders).toEqual([]);
  });
});

/** Relative imports of `file` as files of the tree (`.js` specifiers name the `.ts` source). */
function localImports(file: string): string[] {
  return importsOf(file)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => join(file, '..', spec).replace(/\.js$/, '.ts'));
}

/** The floor of a file of src/: a file may import from its own floor and the ones below, never above. */
const FLOORS: readonly (readonly string[])[] = [
  ['core', 'logger.ts', 'process-owners.ts'],
  ['config.ts', 'config', 'http', 'process-guards.ts', 'webhooks'],
  ['jobs'],
  ['chat'],
  // The store implements the ports its users own (the journal, outbox, dialogs, job documents).
  ['store'],
  ['app.ts'],
  ['cli', 'main.ts'],
];
/** Inside src/chat: the shared model and words, then parsers and renderers, then the interaction layer, then each platform. */
const CHAT_FLOORS: readonly (readonly string[])[] = [
  ['i18n', 'message.ts', 'ports.ts', 'journal-port.ts', 'recovery.ts', 'adapter.ts'],
  ['parsers', 'render', 'outbox'],
  // A form spec is an interaction like a command: it reads a session and answers with replies.
  ['interactions', 'forms'],
  ['slack', 'telegram', 'console'],
];

function floorOf(file: string, base: string, floors: readonly (readonly string[])[]): number | undefined {
  const top = relative(join(root, base), file).split('/')[0]!;
  const i = floors.findIndex((names) => names.includes(top));
  return i < 0 ? undefined : i;
}

describe('architecture: layers', () => {
  const files = filesUnder(join(root, 'src'));

  it('has no import cycles in src/, type-only imports included', () => {
    // A type cycle ties two modules' meaning together as tightly as a code cycle does.
    const code = (f: string) =>
      [...readFileSync(f, 'utf8').matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]/g)].map(
        (m) => join(f, '..', m[1]!).replace(/\.js$/, '.ts'),
      );
    const graph = new Map(files.map((f) => [f, code(f).filter((t) => t !== f)]));
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (f: string, path: string[]) => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        cycles.push([...path.slice(path.indexOf(f)), f].map((p) => relative(root, p)).join(' → '));
        return;
      }
      state.set(f, 'open');
      for (const t of graph.get(f) ?? []) visit(t, [...path, f]);
      state.set(f, 'done');
    };
    for (const f of files) visit(f, []);
    expect(cycles).toEqual([]);
  });

  it('lets the store take from src/chat only the ports it implements (`*-port.ts`)', () => {
    // The store sits above chat because it implements ports chat owns (journal, outbox, dialogs,
    // callback stash); anything more (ACTION_IDS, a renderer) would tie it to chat's workings.
    const offenders: string[] = [];
    for (const f of files.filter((f) => f.startsWith(join(root, 'src/store') + '/'))) {
      for (const spec of importsOf(f)) {
        const target = join(f, '..', spec);
        if (target.startsWith(join(root, 'src/chat') + '/') && !/-port\.js$/.test(target))
          offenders.push(`${relative(root, f)} imports ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('imports only from its own floor or a lower one (src/, and inside src/chat)', () => {
    const offenders: string[] = [];
    for (const f of files) {
      for (const t of localImports(f)) {
        for (const [base, floors] of [
          ['src', FLOORS],
          ['src/chat', CHAT_FLOORS],
        ] as const) {
          if (!f.startsWith(join(root, base) + '/') || !t.startsWith(join(root, base) + '/')) continue;
          const from = floorOf(f, base, floors);
          const to = floorOf(t, base, floors);
          if (from === undefined || to === undefined) {
            if (base === 'src') offenders.push(`${relative(root, f)} or ${relative(root, t)} has no floor`);
          } else if (to > from) offenders.push(`${relative(root, f)} imports ${relative(root, t)} (a higher floor)`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});
