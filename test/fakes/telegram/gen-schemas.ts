/**
 * `npm run gen:telegram-schemas`: writes one JSON Schema per Bot API method the fake validates,
 * generated from the parameter types of @telegraf/types (see `schema-source.ts`) with
 * typescript-json-schema (`required`, `noExtraProps`; it bundles its own TypeScript 5.9).
 * Output is deterministic: keys sorted, descriptions dropped, formatted with the repo's Prettier.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import * as TJS from 'typescript-json-schema';
import { SCHEMA_METHODS, schemaTypeName } from './schema-methods.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('./schemas/', import.meta.url));

/** Sorts object keys, drops `description`, and sorts `required` lists so output is stable. */
function normalize(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v) => normalize(v));
    return key === 'required' ? [...(items as string[])].sort() : items;
  }
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort()) {
    if (k === 'description' && key !== 'properties') continue;
    out[k] = normalize((value as Record<string, unknown>)[k], k);
  }
  return out;
}

async function main(): Promise<void> {
  const { ts } = TJS;
  const program = TJS.getProgramFromFiles(
    [`${here}schema-source.ts`],
    {
      strict: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
    },
    here,
  );
  const generator = TJS.buildGenerator(program, { required: true, noExtraProps: true, ignoreErrors: false });
  if (!generator) throw new Error('typescript-json-schema could not build a generator (type errors above)');
  const prettierConfig = (await prettier.resolveConfig(`${outDir}x.json`)) ?? {};
  mkdirSync(outDir, { recursive: true });
  for (const f of readdirSync(outDir)) if (f.endsWith('.json')) rmSync(`${outDir}${f}`);
  for (const method of SCHEMA_METHODS) {
    const schema = normalize(generator.getSchemaForSymbol(schemaTypeName(method)));
    const json = await prettier.format(JSON.stringify(schema), { ...prettierConfig, parser: 'json' });
    writeFileSync(`${outDir}${method}.json`, json);
  }
  console.log(`wrote ${SCHEMA_METHODS.length} schemas to ${outDir}`);
}

await main();
