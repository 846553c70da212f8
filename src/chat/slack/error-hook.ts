import type { CodedError, webApi } from '@slack/bolt';
import type { Logger } from '../../logger.js';
import { t } from '../i18n/i18n.js';
import { isUnavailable } from '../interactions/errors.js';
import type { SpeakerDirectory } from './speakers.js';
import { localeFromTag, type Locale } from '../../core/roster/team.js';

type WebClient = webApi.WebClient;

/** What Bolt's extended error handler receives (the type is not exported by Bolt). */
export type ErrorHookArgs = { error: CodedError; body: unknown };

/** What identifies a Slack request in the logs: trigger_id, event_id, action_ts or view id. */
export function requestIdOf(body: unknown): string | undefined {
  const b = (body ?? {}) as Record<string, unknown>;
  const first = (Array.isArray(b.actions) ? b.actions[0] : undefined) as { action_ts?: unknown } | undefined;
  const view = b.view as { id?: unknown } | undefined;
  for (const v of [b.event_id, first?.action_ts, b.trigger_id, view?.id]) if (typeof v === 'string') return v;
  return undefined;
}

function userOf(body: Record<string, unknown>): { userId?: string; teamId?: string } {
  const user = body.user as { id?: string; team_id?: string } | undefined;
  const event = body.event as { user?: string } | undefined;
  const team = body.team as { id?: string } | undefined;
  const userId = (typeof body.user_id === 'string' ? body.user_id : undefined) ?? user?.id ?? event?.user;
  const teamId = (typeof body.team_id === 'string' ? body.team_id : undefined) ?? team?.id ?? user?.team_id;
  return { ...(userId ? { userId } : {}), ...(teamId ? { teamId } : {}) };
}

const FALLBACK: Record<string, string> = {
  'common.sorry': 'Sorry, something went wrong on our side. Please try again in a moment.',
  'common.try_again':
    'The database is not answering right now. Please try again in a minute — whatever Baton had already accepted it will finish by itself, never twice.',
};

/**
 * Bolt's single error hook (`app.error`, extended form): logs the failure once with the request
 * id and its code, then tells the person — ephemerally through the response_url, else in a DM —
 * a short apology in their Slack language ("try again" when the database is down). It never
 * throws: a failing apology is logged, too.
 */
export function createErrorHook(deps: {
  log: Logger;
  client: WebClient;
  speakers: SpeakerDirectory;
  defaultLocale: Locale;
}) {
  return async ({ error, body }: ErrorHookArgs): Promise<void> => {
    const b = (body ?? {}) as Record<string, unknown>;
    const requestId = requestIdOf(b);
    const cause = (error as { original?: unknown }).original ?? error;
    deps.log.error(
      { err: cause, code: error.code, requestId, type: b.type ?? b.command },
      'slack request failed',
    );
    const { userId, teamId } = userOf(b);
    if (!userId || !teamId) return;
    try {
      const speaker = await deps.speakers.speaker(teamId, userId, undefined, 0);
      const locale = localeFromTag(speaker.locale, deps.defaultLocale);
      // The journal write before the ack is what fails when the database is down: nothing was done.
      const key = isUnavailable(cause) ? 'common.try_again' : 'common.sorry';
      const said = t(locale, key);
      const text = said === key ? FALLBACK[key]! : said;
      const responseUrl = typeof b.response_url === 'string' ? b.response_url : undefined;
      if (responseUrl) {
        const res = await fetch(responseUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text }),
        });
        if (res.ok) return;
      }
      await deps.client.chat.postMessage({ channel: userId, text });
    } catch (err) {
      deps.log.warn({ err, requestId }, 'slack: could not deliver the apology');
    }
  };
}
