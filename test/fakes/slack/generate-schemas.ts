// Regenerates `schemas/block-kit.schema.json` from the installed @slack/types:
//
//   npm run gen:slack-schemas        (= tsx test/fakes/slack/generate-schemas.ts)
//
// Run it after bumping @slack/types or @slack/bolt and commit the result. typescript-json-schema
// compiles `block-kit-types.ts` with its own TypeScript 5.9 (our TypeScript 6 has the same types,
// but the generator is written against the 5.x compiler API). Options are the CLI's `--required
// --noExtraProps --strictNullChecks`. The output is then normalized so that it is deterministic
// and gives readable errors:
// - descriptions are dropped (they are the doc comments of @slack/types, 100+ KB of them);
// - a union of object types that all carry a distinct `type` constant (blocks, elements, text
//   objects...) becomes an ajv `discriminator`, so a bad button reports the button's errors
//   instead of one error per alternative;
// - object keys are sorted, and the JSON is formatted by Prettier (so `npm run format` keeps it).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import * as TJS from 'typescript-json-schema';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const here = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const typesFile = `${here}block-kit-types.ts`;
export const schemaFile = `${here}schemas/block-kit.schema.json`;

/** The definitions callers validate against (all others are reached through them). */
export const ROOTS = ['MessageBlocks', 'ModalViewPayload', 'HomeViewPayload'] as const;

/** Keys whose value maps names to schemas (so their own keys are not keywords). */
const SCHEMA_MAPS = new Set(['properties', 'definitions', 'patternProperties']);

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The `type` constant of an object definition that requires it, if it has one. */
function typeTag(definitions: JsonObject, ref: Json | undefined): string | undefined {
  if (typeof ref !== 'string' || !ref.startsWith('#/definitions/')) return undefined;
  const def = definitions[decodeURIComponent(ref.slice('#/definitions/'.length))];
  if (!isObject(def) || !isObject(def.properties) || !Array.isArray(def.required)) return undefined;
  const tag = def.properties.type;
  if (!isObject(tag) || typeof tag.const !== 'string' || !def.required.includes('type')) return undefined;
  return tag.const;
}

/** Turns `anyOf: [$ref...]` over distinctly `type`-tagged objects into an ajv discriminator. */
function discriminate(node: JsonObject, definitions: JsonObject): JsonObject {
  const branches = node.anyOf;
  if (!Array.isArray(branches) || branches.length < 2) return node;
  const tags = branches.map((b) =>
    isObject(b) && Object.keys(b).length === 1 ? typeTag(definitions, b.$ref) : undefined,
  );
  if (tags.some((t) => t === undefined) || new Set(tags).size !== tags.length) return node;
  const { anyOf: _anyOf, ...rest } = node;
  return {
    ...rest,
    type: 'object',
    properties: { type: { type: 'string' } },
    required: ['type'],
    discriminator: { propertyName: 'type' },
    oneOf: branches,
  };
}

function normalizeSchema(node: Json, definitions: JsonObject): Json {
  if (Array.isArray(node)) return node.map((n) => normalizeSchema(n, definitions));
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const key of Object.keys(node).sort()) {
    const value = node[key]!;
    if (key === 'description') continue;
    if (SCHEMA_MAPS.has(key) && isObject(value)) {
      const map: JsonObject = {};
      for (const name of Object.keys(value).sort()) map[name] = normalizeSchema(value[name]!, definitions);
      out[key] = map;
    } else {
      out[key] = normalizeSchema(value, definitions);
    }
  }
  return discriminate(out, definitions);
}

/** Generates the normalized schema as JSON text, formatted by the repository's Prettier config. */
export async function generateBlockKitSchema(): Promise<string> {
  const program = TJS.getProgramFromFiles(
    [typesFile],
    {
      strict: true,
      skipLibCheck: true,
      target: 'es2022',
      module: 'commonjs',
      moduleResolution: 'node10',
      types: [],
    },
    repoRoot,
  );
  const generator = TJS.buildGenerator(
    program,
    { required: true, noExtraProps: true, strictNullChecks: true, ref: true, ignoreErrors: false },
    [typesFile],
  );
  if (!generator) throw new Error(`typescript-json-schema could not compile ${typesFile}`);
  const raw = JSON.parse(JSON.stringify(generator.getSchemaForSymbols([...ROOTS]))) as JsonObject;
  const definitions = isObject(raw.definitions) ? raw.definitions : {};
  const slackTypes = JSON.parse(
    readFileSync(`${repoRoot}node_modules/@slack/types/package.json`, 'utf8'),
  ) as { version: string };
  const schema = {
    $comment: `Generated by \`npm run gen:slack-schemas\` from @slack/types ${slackTypes.version}. Do not edit.`,
    ...(normalizeSchema(raw, definitions) as JsonObject),
  };
  const config = await prettier.resolveConfig(schemaFile);
  return prettier.format(JSON.stringify(schema), { ...config, parser: 'json' });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(schemaFile, await generateBlockKitSchema());
  console.log(`wrote ${schemaFile}`);
}
