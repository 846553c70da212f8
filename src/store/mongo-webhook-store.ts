import type { Collection, Document } from 'mongodb';
import type { Webhook, WebhookStore } from '../core/webhooks/webhook.js';
import { compact, fromDoc, toDoc } from './docs.js';
import { insertedOnce } from './insert-once.js';

/** The Mongo {@link WebhookStore}: collection `webhooks`, `_id` = webhook id (insert-once). */
export class MongoWebhookStore implements WebhookStore {
  constructor(private readonly hooks: Collection<Document>) {}

  async insert(hook: Webhook): Promise<boolean> {
    return insertedOnce(this.hooks, compact(toDoc(hook)) as Document);
  }

  async get(id: string): Promise<Webhook | null> {
    const d = await this.hooks.findOne({ _id: id } as Document);
    return d ? fromDoc<Webhook>(d) : null;
  }

  async listTeam(teamId: string): Promise<Webhook[]> {
    const docs = await this.hooks.find({ teamId }).sort({ createdAt: 1 }).toArray();
    return docs.map((d) => fromDoc<Webhook>(d)).filter((h) => !h.removedAt);
  }

  async update(
    id: string,
    patch: Partial<Omit<Webhook, 'id' | 'teamId'>> & { unset?: ('pausedAt' | 'pauseReason')[] },
  ): Promise<void> {
    const { unset, ...fields } = patch;
    const set = compact(fields);
    await this.hooks.updateOne({ _id: id } as Document, {
      ...(Object.keys(set).length ? { $set: set } : {}),
      ...(unset?.length ? { $unset: Object.fromEntries(unset.map((k) => [k, ''])) } : {}),
    });
  }
}
