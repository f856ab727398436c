import type { CustomRoute } from '@slack/bolt';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Store } from '../../store/types';

/**
 * Liveness and readiness for the orchestrator: /healthz says the process answers, /readyz that
 * the store does too (a replica without its store cannot queue events, so it should get none).
 */
export function healthRoutes(store: Store): CustomRoute[] {
  return [
    { path: '/healthz', method: ['GET'], handler: (_req: IncomingMessage, res: ServerResponse) => json(res, 200, { ok: true }) },
    {
      path: '/readyz',
      method: ['GET'],
      handler: async (_req: IncomingMessage, res: ServerResponse) => {
        const ok = await store.ping();
        json(res, ok ? 200 : 503, { ok, store: store.kind });
      },
    },
  ];
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
