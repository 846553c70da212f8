import { validationError } from '../../core/errors.js';
import { addWebhook, listWebhooks, removeWebhook } from '../../core/webhooks/manage-webhooks.js';
import { testWebhook } from '../../core/webhooks/webhook-status.js';
import { WEBHOOK_EVENTS, type Webhook } from '../../core/webhooks/webhook.js';
import { WORDS } from '../i18n/locales.js';
import { say, type Session } from './session.js';
import type { Reply } from './types.js';

/** "lead.created, deal.won" or "every event". */
function eventsText(s: Session, hook: Pick<Webhook, 'events'>): string {
  return hook.events.length ? hook.events.join(', ') : s.kit.tr('team.webhook_all_events');
}

function help(s: Session): Reply {
  return say([s.kit.tr('team.webhook_help', { events: WEBHOOK_EVENTS.join(' ') })]);
}

/** `/team webhook add URL [events…] | list | remove ID | test ID` (admins: the core checks). */
export async function webhookCommand(s: Session, words: string[]): Promise<Reply> {
  const [verb = 'list', ...rest] = words;
  const v = verb.toLowerCase();
  const core = s.deps.core;
  switch (Object.hasOwn(WORDS.webhookVerbs, v) ? WORDS.webhookVerbs[v] : undefined) {
    case 'add': {
      const [url = '', ...events] = rest;
      if (!url) throw validationError([{ field: 'url', code: 'required', message: 'required' }]);
      const checkUrl = s.deps.webhooks?.checkUrl;
      const { webhook } = await addWebhook(
        core,
        {
          url,
          events: events.map((e) => e.toLowerCase().replace(/,$/, '')),
          allowPrivate: s.deps.webhooks?.allowPrivate ?? false,
          // The host as it resolves now: a clear answer at once (deliveries check it again).
          ...(checkUrl ? { checkHost: checkUrl } : {}),
        },
        s.ctx,
      );
      // Private to the admin (Slack: ephemeral; Telegram: their private chat): it holds the secret.
      return say([
        s.kit.tr('team.webhook_added', {
          id: webhook.id,
          url: webhook.url,
          events: eventsText(s, webhook),
          secret: webhook.secret,
        }),
      ]);
    }
    case 'list': {
      const hooks = await listWebhooks(core, s.ctx);
      if (!hooks.length) return say([s.kit.tr('team.webhook_list_empty')]);
      const lines = [s.kit.tr('team.webhook_list_title', { team: s.team.name, n: hooks.length })];
      for (const h of hooks) {
        const line = s.kit.tr('team.webhook_line', { id: h.id, url: h.url, events: eventsText(s, h) });
        const paused = h.pausedAt
          ? s.kit.tr('team.webhook_paused', { date: s.kit.date(h.pausedAt), reason: h.pauseReason ?? '?' })
          : '';
        lines.push(`• ${line}${paused ? ` · ${paused}` : ''}`);
      }
      return say(lines);
    }
    case 'remove': {
      const hook = await removeWebhook(core, { id: rest[0] ?? '' }, s.ctx);
      return say([s.kit.tr('team.webhook_removed', { id: hook.id, url: hook.url })]);
    }
    case 'test': {
      const { webhook, eventId, resumed } = await testWebhook(core, { id: rest[0] ?? '' }, s.ctx);
      const lines = [
        s.kit.tr('team.webhook_test_sent', { event: eventId, id: webhook.id, url: webhook.url }),
      ];
      if (resumed) lines.push(s.kit.tr('team.webhook_resumed', { id: webhook.id }));
      return say(lines);
    }
    default:
      return help(s);
  }
}
