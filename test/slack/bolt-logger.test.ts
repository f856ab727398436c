/**
 * Bolt's own log lines go through pino: request rejections (forged or unsigned requests, scans)
 * are rate-limited, and no Bolt line carries an unbounded string.
 */
import pino from 'pino';
import { boltLogger } from '../../src/slack/bolt-logger';

function capture() {
  const lines: Array<{ level: number; msg: string; suppressed?: number }> = [];
  const base = pino({ level: 'debug' }, { write: (l: string) => void lines.push(JSON.parse(l)) });
  return { base, lines };
}

test('rejections of forged requests are logged at most once per interval, then with the count of the suppressed ones', () => {
  const { base, lines } = capture();
  let now = 1_000_000;
  const log = boltLogger(base, { now: () => now });
  for (let i = 0; i < 50; i++) log.warn('Failed to parse and verify the request data: Failed to verify authenticity: signature mismatch');
  expect(lines).toHaveLength(1);
  now += 5_000;
  log.warn('Failed to parse and verify the request data: Failed to verify authenticity: signature mismatch');
  expect(lines).toHaveLength(1);
  now += 5_001;
  log.warn('Failed to parse and verify the request data: Failed to verify authenticity: x-slack-request-timestamp must differ');
  expect(lines).toHaveLength(2);
  expect(lines[1].suppressed).toBe(50);
  expect(lines.every((l) => l.level === 40)).toBe(true);
});

test('other Bolt lines are not rate-limited', () => {
  const { base, lines } = capture();
  const log = boltLogger(base, { now: () => 0 });
  for (let i = 0; i < 5; i++) log.error('An unhandled error occurred after ack() called in a listener');
  expect(lines).toHaveLength(5);
});

test('a Bolt line carrying an attacker-sized string is truncated', () => {
  const { base, lines } = capture();
  const log = boltLogger(base);
  log.info(`Unhandled HTTP request (POST) made to /${'x'.repeat(100_000)}`);
  log.error('details', { url: 'y'.repeat(100_000) });
  expect(lines).toHaveLength(2);
  for (const l of lines) expect(JSON.stringify(l).length).toBeLessThan(1000);
});
