// Block Kit limits that a JSON Schema generated from types cannot express: lengths and counts from
// the @slack/types doc comments (= Slack's Block Kit reference), uniqueness of ids, and the house
// rules marked "(Baton rule)".
import type { Problem } from './block-kit-schema.js';

/** Where blocks are shown; limits differ. */
export type Surface = 'message' | 'modal' | 'home';

/** Where an `action_id` must be unique: Slack requires it per block; Baton asks for the whole surface. */
export type ActionIdScope = 'surface' | 'block';

export const MAX_BLOCKS: Record<Surface, number> = { message: 50, modal: 100, home: 100 };

type Node = Record<string, unknown>;
type Rule = (node: Node, at: string, ctx: Context) => void;

interface Context {
  surface: Surface;
  problems: Problem[];
  blockIds: Map<string, string>;
  actionIds: Map<string, string>;
  actionIdScope: ActionIdScope;
}

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

function maxLength(ctx: Context, value: unknown, at: string, max: number): void {
  if (typeof value === 'string' && value.length > max) {
    ctx.problems.push({ pointer: at, message: `must be less than ${max + 1} characters` });
  }
}

/** Limits the `text` of a text object found at `node[key]`. */
function maxText(ctx: Context, node: Node, key: string, at: string, max: number): void {
  const obj = node[key];
  if (isNode(obj)) maxLength(ctx, obj.text, `${at}/${key}/text`, max);
}

function maxItems(ctx: Context, value: unknown, at: string, max: number): void {
  if (Array.isArray(value) && value.length > max) {
    ctx.problems.push({ pointer: at, message: `must be less than ${max + 1} items` });
  }
}

function options(ctx: Context, node: Node, at: string, max: number): void {
  maxItems(ctx, node.options, `${at}/options`, max);
  if (!Array.isArray(node.options)) return;
  node.options.forEach((o, i) => {
    if (!isNode(o)) return;
    maxText(ctx, o, 'text', `${at}/options/${i}`, 75);
    maxLength(ctx, o.value, `${at}/options/${i}/value`, 150);
  });
}

const selectRule: Rule = (n, at, ctx) => {
  options(ctx, n, at, 100);
  maxItems(ctx, n.option_groups, `${at}/option_groups`, 100);
};

/** Rules by `type`; blocks and elements share one namespace (an `image` is both, alike). */
const RULES: Record<string, Rule> = {
  section(n, at, ctx) {
    maxText(ctx, n, 'text', at, 3000);
    maxItems(ctx, n.fields, `${at}/fields`, 10);
    if (Array.isArray(n.fields))
      n.fields.forEach((f, i) => isNode(f) && maxLength(ctx, f.text, `${at}/fields/${i}/text`, 2000));
    if (n.text === undefined && n.fields === undefined) {
      ctx.problems.push({ pointer: at, message: 'must provide either text or fields' });
    }
  },
  header: (n, at, ctx) => maxText(ctx, n, 'text', at, 150),
  context: (n, at, ctx) => maxItems(ctx, n.elements, `${at}/elements`, 10),
  actions: (n, at, ctx) => maxItems(ctx, n.elements, `${at}/elements`, 25),
  input(n, at, ctx) {
    maxText(ctx, n, 'label', at, 2000);
    maxText(ctx, n, 'hint', at, 2000);
    if (ctx.surface !== 'modal') {
      ctx.problems.push({
        pointer: at,
        message: `input blocks belong in modals, not in a ${ctx.surface} (Baton rule)`,
      });
    }
  },
  image(n, at, ctx) {
    maxLength(ctx, n.alt_text, `${at}/alt_text`, 2000);
    maxLength(ctx, n.image_url, `${at}/image_url`, 3000);
    maxText(ctx, n, 'title', at, 2000);
    if ((n.image_url === undefined) === (n.slack_file === undefined)) {
      ctx.problems.push({ pointer: at, message: 'must provide exactly one of image_url or slack_file' });
    }
  },
  button(n, at, ctx) {
    maxText(ctx, n, 'text', at, 75);
    maxLength(ctx, n.value, `${at}/value`, 2000);
    maxLength(ctx, n.url, `${at}/url`, 3000);
    maxLength(ctx, n.accessibility_label, `${at}/accessibility_label`, 75);
  },
  static_select: selectRule,
  multi_static_select: selectRule,
  overflow: (n, at, ctx) => options(ctx, n, at, 5),
  radio_buttons: (n, at, ctx) => options(ctx, n, at, 10),
  checkboxes: (n, at, ctx) => options(ctx, n, at, 10),
  plain_text_input(n, at, ctx) {
    for (const key of ['min_length', 'max_length']) {
      const v = n[key];
      if (typeof v === 'number' && v > 3000)
        ctx.problems.push({ pointer: `${at}/${key}`, message: 'must be at most 3000' });
    }
  },
  plain_text: (n, at, ctx) => nonEmptyText(n, at, ctx),
  mrkdwn: (n, at, ctx) => nonEmptyText(n, at, ctx),
};

function nonEmptyText(n: Node, at: string, ctx: Context): void {
  if (typeof n.text === 'string' && n.text.length === 0) {
    ctx.problems.push({ pointer: `${at}/text`, message: 'must be more than 0 characters' });
  }
}

function unique(ids: Map<string, string>, id: unknown, at: string, ctx: Context, what: string): void {
  if (typeof id !== 'string') return;
  maxLength(ctx, id, at, 255);
  const first = ids.get(id);
  if (first !== undefined)
    ctx.problems.push({ pointer: at, message: `duplicate ${what} '${id}' (first at ${first})` });
  else ids.set(id, at);
}

function walk(value: unknown, at: string, ctx: Context): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, `${at}/${i}`, ctx));
    return;
  }
  if (!isNode(value)) return;
  if (typeof value.type === 'string') RULES[value.type]?.(value, at, ctx);
  unique(ctx.blockIds, value.block_id, `${at}/block_id`, ctx, 'block_id');
  unique(ctx.actionIds, value.action_id, `${at}/action_id`, ctx, 'action_id');
  if (isNode(value.confirm)) {
    const c = value.confirm;
    const base = `${at}/confirm`;
    maxText(ctx, c, 'title', base, 100);
    maxText(ctx, c, 'text', base, 300);
    maxText(ctx, c, 'confirm', base, 30);
    maxText(ctx, c, 'deny', base, 30);
  }
  if (isNode(value.placeholder)) maxLength(ctx, value.placeholder.text, `${at}/placeholder/text`, 150);
  for (const [key, child] of Object.entries(value))
    if (typeof child === 'object') walk(child, `${at}/${key}`, ctx);
}

/** Checks the limits of a `blocks` array found at `pointer` (e.g. `/blocks`, `/view/blocks`). */
export function limitProblems(
  blocks: unknown[],
  surface: Surface,
  pointer: string,
  actionIdScope: ActionIdScope = 'surface',
): Problem[] {
  const ctx: Context = { surface, problems: [], blockIds: new Map(), actionIds: new Map(), actionIdScope };
  maxItems(ctx, blocks, pointer, MAX_BLOCKS[surface]);
  blocks.forEach((block, i) => {
    if (actionIdScope === 'block') ctx.actionIds = new Map();
    walk(block, `${pointer}/${i}`, ctx);
  });
  return ctx.problems;
}
