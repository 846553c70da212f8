import { z } from 'zod';

/**
 * What Slack sends Baton, as far as Baton reads it: slash commands, button clicks, modal
 * submissions and closes, Events API callbacks and the URL check. Anything else — `null`, a click
 * without `actions`, a submission without `view` — is refused before Bolt sees it (Bolt reads
 * such bodies without checking and throws, or waits for a listener that never comes). The same
 * check serves signed HTTP requests and Socket Mode envelopes.
 */
const id = z.string().min(1);

const slashCommand = z.looseObject({
  command: z.string().startsWith('/'),
  team_id: id,
  user_id: id,
  channel_id: id,
  trigger_id: id,
  response_url: z.string(),
  text: z.string().optional(),
  user_name: z.string().optional(),
});

const user = z.looseObject({ id, team_id: z.string().optional() });
const team = z.looseObject({ id }).nullish();

const blockActions = z.looseObject({
  type: z.literal('block_actions'),
  user,
  team,
  trigger_id: z.string().optional(),
  actions: z
    .array(z.looseObject({ action_id: id, action_ts: z.string().optional(), value: z.string().optional() }))
    .min(1),
});

const view = z.looseObject({
  id,
  callback_id: z.string(),
  blocks: z.array(z.looseObject({ type: z.string() })),
  private_metadata: z.string().optional(),
  state: z.looseObject({ values: z.record(z.string(), z.unknown()) }).optional(),
});

const viewEvent = z.looseObject({
  type: z.enum(['view_submission', 'view_closed']),
  user,
  team,
  view,
});

const eventCallback = z.looseObject({
  type: z.literal('event_callback'),
  team_id: id,
  event_id: id,
  event: z.looseObject({ type: id }),
});

const urlVerification = z.looseObject({ type: z.literal('url_verification'), challenge: z.string() });

const BY_TYPE: Record<string, z.ZodType> = {
  block_actions: blockActions,
  view_submission: viewEvent,
  view_closed: viewEvent,
  event_callback: eventCallback,
  url_verification: urlVerification,
};

/** What is wrong with a parsed Slack body, in a few words for the log; undefined when nothing is. */
export function slackBodyProblem(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    return `expected an object, got ${body === null ? 'null' : Array.isArray(body) ? 'an array' : typeof body}`;
  const fields = body as Record<string, unknown>;
  if (fields.ssl_check === '1') return undefined;
  let schema: z.ZodType | undefined;
  if ('command' in fields) schema = slashCommand;
  else if (typeof fields.type === 'string') schema = BY_TYPE[fields.type];
  if (!schema)
    return typeof fields.type === 'string'
      ? `unsupported type ${JSON.stringify(fields.type.slice(0, 40))}`
      : 'no type';
  const parsed = schema.safeParse(body);
  if (parsed.success) return undefined;
  return parsed.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
    .join('; ');
}
