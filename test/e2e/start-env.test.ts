/**
 * README steps 4–5 followed literally: `cp .env.example .env`, fill it in, `npm start`. The start
 * script must read `.env` from the working folder, and a variable already set in the environment
 * must win over the file.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

jest.setTimeout(60_000);
const ROOT = path.join(__dirname, '..', '..');

test('npm start reads .env (an invalid token in it is reported as such), and the environment wins over it', () => {
  // A throw-away checkout: the real package.json (its start script), src and node_modules linked.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sla-start-'));
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  for (const d of ['src', 'node_modules', 'tsconfig.json']) fs.symlinkSync(path.join(ROOT, d), path.join(dir, d));
  fs.writeFileSync(
    path.join(dir, '.env'),
    ['SLACK_BOT_TOKEN=not-a-bot-token', 'SLACK_SIGNING_SECRET=from-dotenv', `RULES_DIR=${path.join(ROOT, 'rules')}`, 'LOG_LEVEL=bogus', ''].join('\n'),
  );
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const run = spawnSync(npm, ['start', '--silent'], {
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME ?? dir, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 45_000,
  });
  // Removes the links, not what they point to.
  fs.rmSync(dir, { recursive: true, force: true });
  const err = run.stderr;
  // The token came from .env: it is reported as malformed, not as missing.
  expect(err).toContain('SLACK_BOT_TOKEN: must be a bot token starting with xoxb-');
  expect(err).not.toContain('received undefined');
  expect(err).not.toContain('SLACK_SIGNING_SECRET');
  // LOG_LEVEL=bogus in .env lost to LOG_LEVEL=silent in the environment.
  expect(err).not.toContain('LOG_LEVEL');
  expect(err).not.toContain('not-a-bot-token');
  expect(run.status).not.toBe(0);
});
