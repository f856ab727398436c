import type { App } from '@slack/bolt';
import { registerActions } from './actions';
import { backgroundWork, type BackgroundWork } from './background-work';
import { registerCommands, registerHome, type CommandDeps } from './commands';
import { registerEvents } from './events';

/** What the listeners share: the commands' needs, less what is made here (the background tracker). */
export type ListenerDeps = Omit<CommandDeps, 'track' | 'now'> & { now?: () => number };

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
