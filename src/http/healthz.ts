import type { RouteHandler } from './server.js';
import { sendJson } from './server.js';

export type HealthSources = {
  database: { description: string; ping(timeoutMs?: number): Promise<boolean> };
  scheduler?: { state(): string };
  platforms: () => Record<string, string>;
  startedAt: Date;
};

/** `GET /healthz`: 200 when the database answers and the scheduler is not failing, 503 otherwise. */
export function createHealthHandler(src: HealthSources): RouteHandler {
  return async (_req, res) => {
    const dbUp = await src.database.ping();
    const scheduler = src.scheduler?.state() ?? 'not-configured';
    const healthy = dbUp && scheduler !== 'error';
    sendJson(res, healthy ? 200 : 503, {
      status: healthy ? 'ok' : 'unavailable',
      database: { state: dbUp ? 'up' : 'down', where: src.database.description },
      scheduler: { state: scheduler },
      platforms: src.platforms(),
      uptimeSeconds: Math.round((Date.now() - src.startedAt.getTime()) / 1000),
    });
  };
}
