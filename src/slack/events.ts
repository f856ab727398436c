import type { App } from '@slack/bolt';
import type { SlaService } from './service';

/** Every Events API callback goes through the service; other kinds (commands, actions) pass on. */
export function registerEvents(app: App, service: SlaService): void {
  app.use(async ({ body, next }) => {
    if ((body as { type?: string }).type === 'event_callback') {
      await service.handleEnvelope(body);
    }
    await next();
  });
}
