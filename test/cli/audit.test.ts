/**
 * `sla-bot audit` through its real entry point (auditMain) on small exports written into a temp dir:
 * which organisation is ours, where the replay ends, and which ranges are refused. Each export
 * here has one client request nobody answers in time, so "the rules work" is visible as its
 * response-time findings (shipped thresholds: 1h reminder, 3h slow, 6h breach, business hours
 * 09-12 + 13-18 JST).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { auditMain } from '../../src/cli/audit';

const SHIPPED = path.join(__dirname, '..', '..', 'rules');
/** Wall time in Tokyo (UTC+9) on 2026-11-04 (a Wednesday) as a Slack ts. */
const ts = (hh: number, mm: number, day = 4) => `${Date.UTC(2026, 10, day, hh - 9, mm) / 1000}.000100`;

const OURS = [{ id: 'U0SATO', name: 'sato', team_id: 'T0OURTEAM' }];
/** More client people than our own: counting heads picks the client's organisation. */
const CLIENTS = [
  { id: 'U0YAMADA', name: 'yamada', team_id: 'T0ACME' },
  { id: 'U0KATO', name: 'kato', team_id: 'T0ACME' },
  { id: 'U0ITO', name: 'ito', team_id: 'T0ACME' },
];
const REQUEST = { type: 'message', ts: ts(10, 0), user: 'U0YAMADA', text: '請求書の件、ご確認いただけますか?' };
/** Sato answers at 17:30: the 6-hour breach (17:00) came first. */
const LATE_ANSWER = { type: 'message', ts: ts(17, 30), user: 'U0SATO', text: 'お待たせしました。請求書をお送りします。' };

interface Fixture {
  users?: unknown[];
  channel?: Record<string, unknown>;
  messages?: unknown[];
  /** `key: value` lines of team.yaml replacing the shipped ones (or added). */
  team?: string;
}

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sla-cli-audit-'));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** An export with one shared channel (#client-acme) and a rules folder: the shipped rules, team.yaml extended. */
function write(f: Fixture = {}): { dir: string; rules: string } {
  const root = fs.mkdtempSync(path.join(tmp, 'fixture-'));
  const dir = path.join(root, 'export');
  fs.mkdirSync(path.join(dir, 'client-acme'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'users.json'), JSON.stringify(f.users ?? [...OURS, ...CLIENTS]));
  const channel = { id: 'C0ACME', name: 'client-acme', is_ext_shared: true, members: ['U0SATO', 'U0YAMADA', 'U0KATO', 'U0ITO'], ...f.channel };
  fs.writeFileSync(path.join(dir, 'channels.json'), JSON.stringify([channel]));
  fs.writeFileSync(path.join(dir, 'client-acme', '2026-11-04.json'), JSON.stringify(f.messages ?? [REQUEST, LATE_ANSWER]));
  const rules = path.join(root, 'rules');
  fs.mkdirSync(rules);
  for (const file of fs.readdirSync(SHIPPED)) fs.copyFileSync(path.join(SHIPPED, file), path.join(rules, file));
  if (f.team) fs.writeFileSync(path.join(rules, 'team.yaml'), withTeam(fs.readFileSync(path.join(rules, 'team.yaml'), 'utf8'), f.team));
  return { dir, rules };
}

function withTeam(yaml: string, lines: string): string {
  for (const line of lines.split('\n')) {
    const key = line.split(':')[0];
    const existing = new RegExp(`^${key}:.*$`, 'm');
    yaml = existing.test(yaml) ? yaml.replace(existing, line) : `${yaml}\n${line}\n`;
  }
  return yaml;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** The JSON written to --out, undefined when nothing was written. */
  json?: { findings: Array<{ rule: string; ts: string; user: string; evidence: Record<string, unknown> }>; report: { totals: { requests: number } } };
}

/** Runs `sla-bot audit <dir> --rules <rules> --format json --out <file> ...args`, capturing stdout and stderr. */
async function audit(x: { dir: string; rules: string }, ...args: string[]): Promise<Run> {
  const out = path.join(tmp, 'audit.json');
  const captured = { stdout: '', stderr: '' };
  const original = { stdout: process.stdout.write.bind(process.stdout), stderr: process.stderr.write.bind(process.stderr) };
  const capture = (k: 'stdout' | 'stderr') => ((chunk: string | Uint8Array) => ((captured[k] += chunk.toString()), true)) as typeof process.stdout.write;
  process.stdout.write = capture('stdout');
  process.stderr.write = capture('stderr');
  let code: number;
  try {
    code = await auditMain([x.dir, '--rules', x.rules, '--format', 'json', '--out', out, ...args]);
  } finally {
    process.stdout.write = original.stdout;
    process.stderr.write = original.stderr;
  }
  const json = fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, 'utf8')) : undefined;
  return { code, ...captured, json };
}

const levels = (r: Run) => (r.json?.findings ?? []).filter((f) => f.rule === 'response-time').map((f) => [f.ts, f.user, f.evidence.level]);
/** The range and end tests name our organisation the way a configured team does. */
const OUR_TEAM = 'teamId: T0OURTEAM';
const ANSWERED_LATE = [
  [REQUEST.ts, 'U0SATO', 'reminder'],
  [REQUEST.ts, 'U0SATO', 'slow'],
  [REQUEST.ts, 'U0SATO', 'breach'],
];

describe('which organisation is ours', () => {
  test('an export with more client people than ours stops, naming the candidates and how to choose; nothing is written', async () => {
    const r = await audit(write());
    expect(r.code).toBe(2);
    expect(r.json).toBeUndefined();
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/T0ACME/);
    expect(r.stderr).toMatch(/T0OURTEAM/);
    expect(r.stderr).toContain('--team');
    expect(r.stderr).toContain('teamId');
  });

  test('--team names it: the client request is timed and breaches', async () => {
    const r = await audit(write(), '--team', 'T0OURTEAM');
    expect(r.code).toBe(0);
    expect(levels(r)).toEqual(ANSWERED_LATE);
  });

  test('teamId in team.yaml names it', async () => {
    const r = await audit(write({ team: 'teamId: T0OURTEAM' }));
    expect(r.code).toBe(0);
    expect(levels(r)).toEqual(ANSWERED_LATE);
  });

  test('--team wins over team.yaml', async () => {
    const r = await audit(write({ team: 'teamId: T0ACME' }), '--team', 'T0OURTEAM');
    expect(r.code).toBe(0);
    expect(levels(r)).toEqual(ANSWERED_LATE);
  });

  test('without a team id, the organisation of the people team.yaml names is ours', async () => {
    const r = await audit(write({ team: 'assistants: [U0SATO]' }));
    expect(r.code).toBe(0);
    expect(levels(r)).toEqual(ANSWERED_LATE);
  });

  test("a conversation's context_team_id (the workspace the export was taken from) names it", async () => {
    const r = await audit(write({ channel: { context_team_id: 'T0OURTEAM' } }));
    expect(r.code).toBe(0);
    expect(levels(r)).toEqual(ANSWERED_LATE);
  });

  test('people Slack marks as strangers (is_stranger) belong to another organisation', async () => {
    const r = await audit(write({ users: [...OURS, ...CLIENTS.map((u) => ({ ...u, is_stranger: true }))] }));
    expect(r.code).toBe(0);
    expect(levels(r)).toEqual(ANSWERED_LATE);
  });

  test('an export of one organisation only needs no choice', async () => {
    const users = [...OURS, { id: 'U0YAMADA', name: 'yamada', team_id: 'T0OURTEAM', is_restricted: true }];
    const r = await audit(write({ users }));
    expect(r.code).toBe(0);
    expect(levels(r)).toEqual(ANSWERED_LATE);
  });

  test('the people team.yaml names in two organisations is a contradiction, not a choice', async () => {
    const r = await audit(write({ team: 'assistants: [U0SATO, U0KATO]' }));
    expect(r.code).toBe(2);
    expect(r.json).toBeUndefined();
    expect(r.stderr).toMatch(/T0ACME/);
    expect(r.stderr).toMatch(/T0OURTEAM/);
    expect(r.stderr).toContain('--team');
  });

  test('a team id nobody in users.json belongs to is refused (every person would be a client)', async () => {
    for (const run of [() => audit(write(), '--team', 'T0NOBODY'), () => audit(write({ team: 'teamId: T0NOBODY' }))]) {
      const r = await run();
      expect(r.code).toBe(2);
      expect(r.json).toBeUndefined();
      expect(r.stderr).toContain('T0NOBODY');
      expect(r.stderr).toMatch(/T0ACME.*T0OURTEAM|T0OURTEAM.*T0ACME/);
    }
  });

  test('--team must look like a Slack team id', async () => {
    const r = await audit(write(), '--team', 'ourteam');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--team');
    expect(r.json).toBeUndefined();
  });
});

describe('where the replay ends', () => {
  /** The export's last message is a workflow's post at 13:30 (no answer): after the 1h reminder, before the 3h mark. */
  const ENDS_AT_1330 = [REQUEST, { type: 'message', subtype: 'bot_message', ts: ts(13, 30), bot_id: 'B0WF', username: 'workflow', text: 'フォームに新しい回答があります' }];

  test("by default at the export's last message: timers due after it do not fire, the request stays open", async () => {
    const r = await audit(write({ messages: ENDS_AT_1330, team: OUR_TEAM }));
    expect(r.code).toBe(0);
    expect(levels(r)).toEqual([[REQUEST.ts, 'U0SATO', 'reminder']]);
    const open = (r.json!.report as unknown as { open: Array<{ ts: string; ageMs: number }> }).open;
    expect(open.map((o) => o.ts)).toEqual([REQUEST.ts]);
    // Waiting until the export ends, not until today.
    expect(open[0].ageMs).toBeLessThanOrEqual(3.5 * 3_600_000);
  });

  test('--to moves it: timers up to the end of that day fire', async () => {
    const r = await audit(write({ messages: ENDS_AT_1330, team: OUR_TEAM }), '--to', '2026-11-04');
    expect(r.code).toBe(0);
    expect(levels(r)).toEqual(ANSWERED_LATE);
  });

  test('the last message of any conversation is the end, not the last of each', async () => {
    const x = write({ messages: ENDS_AT_1330, team: OUR_TEAM });
    const channels = JSON.parse(fs.readFileSync(path.join(x.dir, 'channels.json'), 'utf8'));
    channels.push({ id: 'C0INTERNAL', name: 'internal', members: ['U0SATO'] });
    fs.writeFileSync(path.join(x.dir, 'channels.json'), JSON.stringify(channels));
    fs.mkdirSync(path.join(x.dir, 'internal'));
    fs.writeFileSync(path.join(x.dir, 'internal', '2026-11-05.json'), JSON.stringify([{ type: 'message', ts: ts(9, 0, 5), user: 'U0SATO', text: 'おはようございます' }]));
    const r = await audit(x);
    expect(r.code).toBe(0);
    // The next morning's message in #internal shows the export reaches past 17:00: the breach fired.
    expect(levels(r)).toEqual(ANSWERED_LATE);
  });
});

describe('ranges that cannot be audited are refused: exit 2, a sentence, nothing written', () => {
  const refused = async (args: string[], says: RegExp) => {
    const r = await audit(write({ team: OUR_TEAM }), ...args);
    expect({ code: r.code, written: r.json !== undefined, stdout: r.stdout }).toEqual({ code: 2, written: false, stdout: '' });
    expect(r.stderr).toMatch(says);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  };

  test('a reversed range', () => refused(['--from', '2026-11-05', '--to', '2026-11-01'], /--from 2026-11-05 .*after.* --to 2026-11-01/));
  test('a date that does not exist', () => refused(['--to', '2026-11-31'], /2026-11-31/));
  test('a date that is not YYYY-MM-DD', () => refused(['--from', 'yesterday'], /"yesterday" is not a date \(YYYY-MM-DD\)/));
  test('a time where a day is expected', () => refused(['--to', '2026-11-04T12:00'], /"2026-11-04T12:00" is not a date \(YYYY-MM-DD\)/));
  test("--to before the export's first message", () => refused(['--to', '2026-11-01'], /--to 2026-11-01 .*before the export's first message/));
  test("--from after the export's last message, without --to", () => refused(['--from', '2026-11-05'], /--from 2026-11-05 .*after the export's last message/));
  test('an option given twice', () => refused(['--to', '2026-11-04', '--to', '2026-11-05'], /--to .*twice/));

  test('a one-day range is a range', async () => {
    const r = await audit(write({ team: OUR_TEAM }), '--from', '2026-11-04', '--to', '2026-11-04');
    expect(r.code).toBe(0);
    expect(levels(r)).toEqual(ANSWERED_LATE);
  });

  test('an export without messages has no end to replay to: --to is asked for', async () => {
    const r = await audit(write({ messages: [], team: OUR_TEAM }));
    expect(r.code).toBe(2);
    expect(r.json).toBeUndefined();
    expect(r.stderr).toMatch(/no messages.*--to/);
    expect((await audit(write({ messages: [], team: OUR_TEAM }), '--to', '2026-11-04')).code).toBe(0);
  });
});
