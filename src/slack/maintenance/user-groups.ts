import type { Directory } from '../directory';

const REFRESH_EVERY_MS = 10 * 60_000;

/**
 * Load the members of the user groups the team file names (`@handle` roles), then refresh them every
 * 10 minutes so membership edits made in Slack apply without a restart. Returns the stop.
 */
export async function startUserGroupRefresh(directory: Directory): Promise<() => void> {
  await directory.refreshUserGroups();
  const timer = setInterval(() => void directory.refreshUserGroups(), REFRESH_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
