import { createApiKey, listApiKeys, revokeApiKey } from '../../core/integrations/api-keys.js';
import type { ApiKey } from '../../core/integrations/api-key.js';
import { WORDS } from '../i18n/locales.js';
import { say, type Session } from './session.js';
import type { Reply } from './types.js';

/**
 * `/team api-key create [label] | list | revoke ak_…` (admins): the keys of the lead intake API.
 * A new key is shown once, to the admin alone: on Telegram only in the private chat (a group's
 * "ephemeral" reply falls back to the group when the bot cannot write to the person).
 */
export async function apiKeyCommand(s: Session, words: string[]): Promise<Reply> {
  const [verb = 'list', ...rest] = words;
  const v = verb.toLowerCase();
  const core = s.deps.core;
  switch (Object.hasOwn(WORDS.apiKeyVerbs, v) ? WORDS.apiKeyVerbs[v] : undefined) {
    case 'create': {
      const ch = s.inb.channel;
      if (s.inb.speaker.platform === 'telegram' && ch && !ch.isPrivate)
        return say([s.kit.tr('apikey.private_only')]);
      const label = rest.join(' ').trim();
      const { key, token } = await createApiKey(core, label ? { label } : {}, s.ctx);
      if (!token) return say([s.kit.tr('apikey.created_again', { id: key.id })]);
      return say([
        s.kit.tr('apikey.created', {
          team: s.team.name,
          id: key.id,
          label: key.label ?? '',
          labelled: key.label ? 'yes' : 'no',
        }),
        token,
      ]);
    }
    case 'revoke': {
      const { key, already } = await revokeApiKey(core, { keyId: rest[0] ?? '' }, s.ctx);
      return say([s.kit.tr(already ? 'apikey.revoked_already' : 'apikey.revoked', { id: key.id })]);
    }
    case 'list': {
      const keys = await listApiKeys(core, {}, s.ctx);
      if (!keys.length) return say([s.kit.tr('apikey.list_empty')]);
      return say([
        s.kit.tr('apikey.list_title', { team: s.team.name, n: keys.length }),
        ...keys.map((k) => line(s, k)),
      ]);
    }
    default:
      return say([s.kit.tr('apikey.help')]);
  }
}

function line(s: Session, k: ApiKey): string {
  const state = k.revokedAt ? 'revoked' : k.lastUsedAt ? 'used' : 'unused';
  return s.kit.tr('apikey.line', {
    id: k.id,
    label: k.label ?? '',
    labelled: k.label ? 'yes' : 'no',
    created: s.kit.date(k.createdAt),
    state,
    when: s.kit.date(k.revokedAt ?? k.lastUsedAt ?? k.createdAt),
  });
}
