// Every collection the code opens is created at start-up (see src/store/collections.ts): on a
// PostgreSQL database shared by several processes, one created later would be invisible to the
// others.
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COLLECTIONS } from '../../src/store/collections.js';
import { repoRoot } from '../support/spawn-bot.js';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** `x.collection('name')`, `collection<T>('name')`, `collection: 'name'`, `conn.model('M', s, 'name')`. */
const OPENS = [
  /\.collection(?:<.*?>)?\(\s*['"]([^'"]+)['"]/gs,
  /\bcollection:\s*['"]([^'"]+)['"]/g,
  /\.model\(\s*['"][^'"]+['"]\s*,\s*\w+\s*,\s*['"]([^'"]+)['"]/g,
];

describe('collections', () => {
  it('creates at start every collection the code opens', () => {
    const opened = new Set<string>();
    for (const file of sources(join(repoRoot, 'src'))) {
      const text = readFileSync(file, 'utf8');
      for (const re of OPENS) for (const m of text.matchAll(re)) opened.add(m[1]!);
    }
    // The scan finds the known ones (so a change of style cannot make it pass by finding none).
    expect([...opened]).toEqual(expect.arrayContaining(['leads', 'outbox', 'inbound_journal', 'agendaJobs']));
    expect([...opened].filter((name) => !(COLLECTIONS as readonly string[]).includes(name))).toEqual([]);
  });
});
