import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Rulebook } from '../config/rulebook';
import type { Store } from '../store/types';
import { registerActions } from './actions';
import { backgroundWork, type BackgroundWork } from './background-work';
import { registerCommands, registerHome } from './commands';
import type { Directory } from './directory';
import { registerEvents } from './events';
import type { SlaService } from './service';

export interface ListenerDeps {
  service: SlaService;
  client: WebClient;
  store: Store;
  rulebook: Rulebook;
  directory: Directory;
  logger: Logger;
  now?: () => number;
}

/**
 * Every listener kind, each registered by its own module: events (global middleware, so it sees
 * every request), actions and views, commands, App Home. Returns the commands' background work,
 * for a graceful stop to wait on.
 */
export function registerListeners(app: App, d: ListenerDeps): BackgroundWork {
  const { service, client, store, rulebook, directory, logger } = d;
  registerEvents(app, service);

  registerActions(app, {
    store,
    service,
    client,
    directory,
    logger: logger.child({ component: 'actions' }),
    lang: rulebook.team.language,
    zone: rulebook.calendar.zone,
    now: d.now ?? Date.now,
  });

  const background = backgroundWork();
  const commandDeps = {
    service,
    client,
    store,
    rulebook,
    directory,
    logger: logger.child({ component: 'commands' }),
    now: d.now ?? Date.now,
    track: background.track,
  };
  registerCommands(app, commandDeps);
  registerHome(app, commandDeps);
  return background;
}
