// views.open / views.push / views.update / views.publish, with Slack's trigger_id rules: a
// trigger is issued by an interaction, can be exchanged once, within 3 s.
import { checkView } from './block-kit-validator.js';
import { withBlockIds, type StoredView } from './slack-state.js';
import {
  fail,
  ok,
  refuse,
  str,
  type Args,
  type MethodContext,
  type MethodHandler,
  type Reply,
} from './web-api-reply.js';

const MAX_MODAL_STACK = 3;

/** Checks a trigger_id and marks it used; returns the error code, or the user it was issued to. */
function exchangeTrigger(args: Args, ctx: MethodContext): { error: string } | { user: string } {
  const id = str(args, 'trigger_id');
  if (!id) return { error: 'invalid_arguments' };
  const trigger = ctx.state.triggers.get(id);
  if (!trigger) return { error: 'invalid_trigger_id' };
  if (trigger.used) return { error: 'exchanged_trigger_id' };
  if (Date.now() - trigger.issuedAt > ctx.triggerTtlMs) return { error: 'expired_trigger_id' };
  return { user: trigger.user ?? '' };
}

function markUsed(args: Args, ctx: MethodContext): void {
  const trigger = ctx.state.triggers.get(str(args, 'trigger_id') ?? '');
  if (trigger) trigger.used = true;
}

type ViewInput = Record<string, unknown>;

function buildView(v: ViewInput, user: string, ctx: MethodContext, place: Partial<StoredView>): StoredView {
  const id = place.id ?? ctx.ids.view();
  return {
    id,
    team_id: ctx.team.id,
    type: String(v.type),
    blocks: withBlockIds(Array.isArray(v.blocks) ? v.blocks : [], ctx.ids) as StoredView['blocks'],
    private_metadata: typeof v.private_metadata === 'string' ? v.private_metadata : '',
    callback_id: typeof v.callback_id === 'string' ? v.callback_id : '',
    state: { values: {} },
    hash: ctx.ids.hash(),
    title: (v.title ?? { type: 'plain_text', text: '' }) as StoredView['title'],
    close: (v.close ?? null) as StoredView['close'],
    submit: (v.submit ?? null) as StoredView['submit'],
    clear_on_close: v.clear_on_close === true,
    notify_on_close: v.notify_on_close === true,
    root_view_id: place.root_view_id ?? id,
    previous_view_id: place.previous_view_id ?? null,
    app_id: ctx.bot.appId,
    app_installed_team_id: ctx.team.id,
    bot_id: ctx.bot.botId,
    external_id: typeof v.external_id === 'string' ? v.external_id : '',
    user,
  };
}

/** The `view` argument, validated as `expected`; a Reply when it is not acceptable. */
function viewArg(args: Args, expected: 'modal' | 'home', ctx: MethodContext): ViewInput | Reply {
  if (typeof args.view !== 'object' || args.view === null) {
    return refuse({ error: 'invalid_arguments', problems: ['must provide an object [json-pointer:/view]'] });
  }
  const invalid = checkView(args.view, expected, ctx.validation);
  return invalid ? refuse(invalid) : (args.view as ViewInput);
}

const isReply = (v: ViewInput | Reply): v is Reply => 'body' in v && typeof v.body === 'object';

function returned(view: StoredView): Reply {
  const { user: _user, ...rest } = view;
  return ok({ view: rest });
}

const viewsOpen: MethodHandler = (args, ctx) => {
  const trigger = exchangeTrigger(args, ctx);
  if ('error' in trigger) return fail(trigger.error);
  const v = viewArg(args, 'modal', ctx);
  if (isReply(v)) return v;
  markUsed(args, ctx);
  const view = buildView(v, trigger.user, ctx, {});
  ctx.state.views.set(view.id, view);
  ctx.state.modalStacks.set(trigger.user, [view.id]);
  return returned(view);
};

const viewsPush: MethodHandler = (args, ctx) => {
  const trigger = exchangeTrigger(args, ctx);
  if ('error' in trigger) return fail(trigger.error);
  const stack = ctx.state.modalStacks.get(trigger.user) ?? [];
  if (stack.length >= MAX_MODAL_STACK) return fail('push_limit_reached');
  const v = viewArg(args, 'modal', ctx);
  if (isReply(v)) return v;
  markUsed(args, ctx);
  const place =
    stack.length > 0 ? { root_view_id: stack[0]!, previous_view_id: stack[stack.length - 1]! } : {};
  const view = buildView(v, trigger.user, ctx, place);
  ctx.state.views.set(view.id, view);
  ctx.state.modalStacks.set(trigger.user, [...stack, view.id]);
  return returned(view);
};

const viewsUpdate: MethodHandler = (args, ctx) => {
  const id = str(args, 'view_id');
  const externalId = str(args, 'external_id');
  if (!id && !externalId) return fail('invalid_arguments');
  const current = id
    ? ctx.state.views.get(id)
    : [...ctx.state.views.values()].find((v) => v.external_id === externalId);
  if (!current) return fail('not_found');
  const hash = str(args, 'hash');
  if (hash !== undefined && hash !== current.hash) return fail('hash_conflict');
  const v = viewArg(args, current.type === 'home' ? 'home' : 'modal', ctx);
  if (isReply(v)) return v;
  const view = buildView(v, current.user, ctx, current);
  ctx.state.views.set(view.id, view);
  return returned(view);
};

const viewsPublish: MethodHandler = (args, ctx) => {
  const user = str(args, 'user_id');
  if (!user) return fail('invalid_arguments');
  const current = [...ctx.state.views.values()].find((v) => v.type === 'home' && v.user === user);
  const hash = str(args, 'hash');
  if (hash !== undefined && current && hash !== current.hash) return fail('hash_conflict');
  const v = viewArg(args, 'home', ctx);
  if (isReply(v)) return v;
  const view = buildView(v, user, ctx, current ?? {});
  ctx.state.views.set(view.id, view);
  return returned(view);
};

export const viewMethods: Record<string, MethodHandler> = {
  'views.open': viewsOpen,
  'views.push': viewsPush,
  'views.update': viewsUpdate,
  'views.publish': viewsPublish,
};
