/**
 * The baseline of bench/events.ts: a bare Bolt app in HTTP mode with a no-op message listener,
 * run as its own process like the bot. PORT, SLACK_SIGNING_SECRET, SLACK_API_URL from the environment.
 */
import { App, HTTPReceiver } from '@slack/bolt';

async function main(): Promise<void> {
  const app = new App({
    token: 'xoxb-sim-token',
    receiver: new HTTPReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET!, endpoints: '/slack/events', processBeforeResponse: true }),
    clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
  });
  app.event('message', async () => undefined);
  await app.start(Number(process.env.PORT));
  process.stdout.write('bare bolt is running\n');
  process.on('SIGTERM', () => void app.stop().then(() => process.exit(0)));
}

void main();
