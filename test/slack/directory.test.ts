/**
 * The directory against the simulator: Slack's definite answers are "unknown" (never "safe"),
 * a failure to answer throws (the caller retries), and caches stay bounded however many ids come.
 */
import pino from 'pino';
import { WebClient } from '@slack/web-api';
import { Directory, LookupUnavailableError } from '../../src/slack/directory';
import { SlackSimulator } from '../../src/simulator/SlackSimulator';
import { loadRulebook } from '../../src/config/rulebook';
import { buildWorld, FIXTURE_RULES, SIGNING_SECRET } from '../helpers/app';

let sim: SlackSimulator;
let dir: Directory;
beforeAll(async () => {
  sim = new SlackSimulator({ signingSecret: SIGNING_SECRET });
  const { apiUrl } = await sim.start();
  buildWorld(sim);
  sim.addUser({ id: 'U0GUEST', name: 'guest', teamId: 'T0OURTEAM', isRestricted: true });
  const client = new WebClient('xoxb-sim-token', { slackApiUrl: apiUrl, retryConfig: { retries: 0 } });
  dir = new Directory({ client, team: loadRulebook(FIXTURE_RULES).team, logger: pino({ level: 'silent' }), ourTeamId: 'T0OURTEAM', ttlMs: 60_000, limits: { users: 50, channels: 20 } });
});
afterAll(() => sim.stop());

test('a guest of our workspace is a client; an unreadable user is unknown, and so never safe to nudge', async () => {
  expect(await dir.isClientOrUnknown('U0GUEST')).toBe(true);
  expect(dir.currentRoles().roleOf('U0GUEST', 'T0OURTEAM')).toBe('client');
  expect(await dir.isClientOrUnknown('U0CLIENT')).toBe(true); // users.info: user_not_found
  expect(await dir.isClientOrUnknown('U0SUZUKI')).toBe(false);
});

test('a look-up Slack cannot answer throws and caches nothing; the next one answers', async () => {
  sim.failNext('users.info', 1, { status: 503 });
  await expect(dir.user('U0SATO')).rejects.toBeInstanceOf(LookupUnavailableError);
  expect((await dir.user('U0SATO')).known).toBe(true);
  sim.failNext('conversations.info', 1, { status: 429, retryAfterSec: 1 });
  await expect(dir.channel('C0DIRECTORS')).rejects.toBeInstanceOf(LookupUnavailableError);
  expect(await dir.channel('C0DIRECTORS')).toMatchObject({ known: true, isExtShared: false });
});

test('a channel Slack will not describe is unknown and counted as shared', async () => {
  expect(await dir.channel('C0NOSUCH')).toMatchObject({ known: false, isExtShared: true });
});

test('caches are bounded: 300 distinct (forged) ids leave at most the limit', async () => {
  for (let i = 0; i < 300; i++) {
    await dir.user(`U0FORGED${i}`);
    if (i < 100) await dir.channel(`C0FORGED${i}`);
  }
  const sizes = dir.cacheSizes();
  expect(sizes.users).toBeLessThanOrEqual(50);
  expect(sizes.channels).toBeLessThanOrEqual(20);
});
