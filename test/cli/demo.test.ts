/**
 * The front door: `npm run demo` prints what the README says it prints, line for line (the demo's
 * clock stands still while the bot works, so the output does not depend on the machine's speed).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

jest.setTimeout(90_000);
const ROOT = path.join(__dirname, '..', '..');

/** The README's sample, from the first conversation line to the summary. */
function readmeSample(): string[] {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const block = /```\n(sla-bot demo:[\s\S]*?)```/.exec(readme);
  if (!block) throw new Error('README has no demo sample block');
  return block[1].split('\n').filter((l) => l.startsWith('[') || l.startsWith('  [') || l.startsWith('Done:'));
}

test('the demo prints the README sample: each threshold once, nothing to clients', async () => {
  const stdout = await new Promise<string>((resolve, reject) => {
    // A longer pause per virtual minute than the default leaves room for a busy CI machine.
    execFile(process.execPath, ['--import', 'tsx', 'src/cli/demo.ts'], { cwd: ROOT, env: { ...process.env, DEMO_STEP_MS: '80' }, timeout: 80_000 }, (error, out, err) =>
      error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out),
    );
  });
  const lines = stdout.split('\n').filter((l) => l.startsWith('[') || l.startsWith('  [') || l.startsWith('Done:'));
  expect(lines).toEqual(readmeSample());
  // What must hold whatever the wording: nudges only to the assistant, privately.
  expect(lines.filter((l) => l.includes('🔒 nudge to @sato'))).toHaveLength(3);
  expect(lines.filter((l) => l.includes('🔒') && !l.includes('@sato'))).toHaveLength(0);
});
