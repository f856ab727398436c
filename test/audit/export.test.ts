/**
 * The audit on the untidy parts of real exports: housekeeping and unknown subtypes, files, thread
 * broadcasts, edited and deleted messages, bot posts, a giant message, broken day files, entries
 * without a ts, folders nobody claims, and zips whose names are not UTF-8 (Shift_JIS from a
 * Japanese Windows archiver). Uses the shipped rules folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { loadRulebook } from '../../src/config/rulebook';
import { SlackExport } from '../../src/audit/export';
import { runAudit } from '../../src/audit/replay';
import { decodeEntryName } from '../../src/audit/unzip';
import { auditMain } from '../../src/cli/audit';

const RULES = path.join(__dirname, '..', '..', 'rules');
const FOLDER = '営業-acme社';
/** Wall time in Tokyo (UTC+9) on 2026-11-04 (a Wednesday) as a Slack ts. */
const ts = (hh: number, mm: number, day = 4) => `${Date.UTC(2026, 10, day, hh - 9, mm) / 1000}.000100`;
const TO = Date.UTC(2026, 10, 6, 15, 0); // Sat 00:00 JST

const A = ts(10, 0);
const B = ts(13, 0);
const C = ts(14, 0);
const D = ts(15, 0);
const GIANT = '😀 <@U0SATO> *太字* `code` ```block``` <https://example.com|リンク> \u200d\u0000\uFFFF 𠮷野家 ' + `${'あ'.repeat(99)}\n`.repeat(2_000);

const DAY = [
  { type: 'message', ts: A, user: 'U0CLIENT', text: '請求書の件、ご確認いただけますか?' },
  { type: 'message', ts: ts(10, 5), user: 'U0SATO', subtype: 'channel_join', text: '<@U0SATO> has joined the channel' },
  { type: 'message', ts: ts(10, 6), subtype: 'bot_message', bot_id: 'B0WF', username: 'workflow', text: 'フォームに新しい回答があります' },
  { type: 'message', ts: ts(10, 7), user: 'U0SATO', subtype: 'some_future_subtype', text: '承知しました' },
  { type: 'message', ts: ts(10, 20), user: 'U0SATO', subtype: 'file_share', text: '', files: [{ id: 'F1', name: '請求書.pdf', mimetype: 'application/pdf' }] },
  { type: 'message', ts: B, user: 'U0CLIENT', text: '見積もりをお願いします' },
  { type: 'message', ts: ts(13, 10), user: 'U0SATO', subtype: 'thread_broadcast', thread_ts: B, text: '承知しました。本日17時までにお送りします。', root: { ts: B, user: 'U0CLIENT', text: '見積もりをお願いします' } },
  // A deleted thread parent stays as a hidden tombstone; it is not a client's request.
  { type: 'message', ts: C, thread_ts: C, subtype: 'tombstone', hidden: true, user: 'USLACKBOT', text: 'This message was deleted.', reply_count: 1 },
  // Edited: the export holds the final words only.
  { type: 'message', ts: D, user: 'U0CLIENT', text: '資料を送っていただけますか?', edited: { user: 'U0CLIENT', ts: ts(15, 2) } },
  { type: 'message', ts: ts(15, 20), thread_ts: B, user: 'U0CLIENT', text: 'PDFでいただけますか?' },
  { type: 'message', ts: ts(15, 30), thread_ts: B, user: 'U0SATO', text: GIANT },
  { type: 'message', ts: 'not-a-ts', user: 'U0CLIENT', text: '壊れた ts' },
  null,
  { type: 'message', user: 'U0CLIENT', text: 'ts がない' },
];

function writeExport(dir: string): void {
  fs.writeFileSync(
    path.join(dir, 'users.json'),
    JSON.stringify([
      { id: 'U0SATO', name: 'sato', real_name: '佐藤 花子', team_id: 'T0OURTEAM' },
      { id: 'U0SUZUKI', name: 'suzuki', team_id: 'T0OURTEAM' },
      { id: 'U0CLIENT', name: 'yamada', real_name: '山田 太郎 🏢', team_id: 'T0ACME' },
      { id: 'U0WF', name: 'workflow', team_id: 'T0OURTEAM', is_bot: true },
    ]),
  );
  fs.writeFileSync(
    path.join(dir, 'channels.json'),
    JSON.stringify([
      { id: 'C0ACME', name: FOLDER, is_ext_shared: true, members: ['U0SATO', 'U0CLIENT'] },
      { id: 'C0QUIET', name: 'no-messages', members: ['U0SATO'] },
    ]),
  );
  const folder = path.join(dir, FOLDER);
  fs.mkdirSync(folder);
  fs.writeFileSync(path.join(folder, '2026-11-04.json'), JSON.stringify(DAY));
  fs.writeFileSync(path.join(folder, '2026-11-05.json'), '[{"type": "message", "ts": ');
  fs.writeFileSync(path.join(folder, '2026-11-06.json'), '{"not": "an array"}');
  fs.mkdirSync(path.join(dir, 'renamed-channel'));
  fs.writeFileSync(path.join(dir, 'renamed-channel', '2026-11-04.json'), '[]');
}

function audit(dir: string) {
  const warnings: string[] = [];
  const result = runAudit(new SlackExport(dir, (w) => warnings.push(w)), { rulebook: loadRulebook(RULES), to: TO, teamId: 'T0OURTEAM', onWarning: (w) => warnings.push(w) });
  return { result, warnings };
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sla-untidy-'));
  writeExport(dir);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('an untidy export', () => {
  test('a file share and a thread broadcast answer requests; joins, bots and unknown subtypes do not', () => {
    const { result } = audit(dir);
    const waits = result.responses.map((r) => [r.ts, r.assistant, r.elapsedMs / 60_000]);
    expect(waits).toEqual([
      [A, 'U0SATO', 20],
      [B, 'U0SATO', 10],
      [ts(15, 20), 'U0SATO', 10],
    ]);
  });

  test('the edited request is timed from its post, the tombstone opens nothing', () => {
    const { result } = audit(dir);
    expect(result.open.map((o) => o.ts)).toEqual([D]);
    const levels = result.findings.filter((f) => f.rule === 'response-time').map((f) => [f.ts, f.evidence.level]);
    expect(levels).toEqual([
      [D, 'reminder'],
      [D, 'slow'],
      [D, 'breach'],
    ]);
    expect(result.findings.some((f) => f.ts === C)).toBe(false);
  });

  test('the giant message goes through every rule without an error', () => {
    const { result, warnings } = audit(dir);
    expect(warnings.filter((w) => w.includes('failed'))).toEqual([]);
    // 12 entries with a ts: the malformed one and the hidden tombstone are not messages.
    expect(result.messages).toBe(10);
    // …and it was judged: a 2,000-line answer to a one-line request is overlong.
    expect(result.findings.filter((f) => f.ts === ts(15, 30)).map((f) => f.rule)).toContain('overlong-reply');
  });

  test('every problem is reported with its path and the rest goes on', () => {
    const { warnings } = audit(dir);
    const folder = path.join(dir, FOLDER);
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${escape(path.join(folder, '2026-11-04.json'))}: message not-a-ts: .*ts.*; skipped$`)),
        `${path.join(folder, '2026-11-04.json')}: 2 entries without a ts; skipped`,
        expect.stringMatching(new RegExp(`^${escape(path.join(folder, '2026-11-05.json'))}: .+; skipped$`)),
        `${path.join(folder, '2026-11-06.json')}: not a JSON array; skipped`,
        `${path.join(dir, 'renamed-channel')}: no conversation in channels.json, groups.json, dms.json or mpims.json has this name; skipped`,
      ]),
    );
    expect(warnings).toHaveLength(5);
  });
});

describe('zip entry names', () => {
  test('decoded as UTF-8 when flagged or valid, Shift_JIS when that fits, else code page 437', () => {
    expect(decodeEntryName(Buffer.from('営業/2026-11-04.json'), true)).toBe('営業/2026-11-04.json');
    expect(decodeEntryName(Buffer.from('営業/2026-11-04.json'), false)).toBe('営業/2026-11-04.json');
    expect(decodeEntryName(Buffer.from(new TextEncoderSjis().encode('営業-acme社/x.json')), false)).toBe('営業-acme社/x.json');
    expect(decodeEntryName(Buffer.from([0x80, 0x81, 0x41, 0xff]), false)).toBe('ÇüA\u00a0');
    expect(decodeEntryName(Buffer.from('dir\\file.json'), false)).toBe('dir/file.json');
  });

  test('a zip written with Shift_JIS names and no UTF-8 flag audits like the folder; an entry escaping the folder is refused', async () => {
    const entries: Array<{ name: Buffer; data: Buffer }> = [];
    const sjis = new TextEncoderSjis();
    const walk = (d: string, rel: string) => {
      for (const f of fs.readdirSync(d)) {
        const p = path.join(d, f);
        if (fs.statSync(p).isDirectory()) walk(p, `${rel}${f}/`);
        else entries.push({ name: Buffer.from(sjis.encode(`${rel}${f}`)), data: fs.readFileSync(p) });
      }
    };
    walk(dir, 'export/');
    entries.push({ name: Buffer.from('../../escaped.json'), data: Buffer.from('[]') });
    const zipPath = path.join(os.tmpdir(), `sla-sjis-${process.pid}.zip`);
    fs.writeFileSync(zipPath, storedZip(entries));
    const fromFolder = path.join(dir, '..', `sla-folder-${process.pid}.json`);
    const fromZip = path.join(dir, '..', `sla-zip-${process.pid}.json`);
    const stderr = captureStderr();
    try {
      expect(await auditMain([dir, '--rules', RULES, '--team', 'T0OURTEAM', '--to', '2026-11-06', '--format', 'json', '--out', fromFolder])).toBe(0);
      expect(await auditMain([zipPath, '--rules', RULES, '--team', 'T0OURTEAM', '--to', '2026-11-06', '--format', 'json', '--out', fromZip])).toBe(0);
    } finally {
      stderr.restore();
    }
    const folderJson = JSON.parse(fs.readFileSync(fromFolder, 'utf8'));
    expect(folderJson.findings.length).toBeGreaterThan(0);
    expect(JSON.parse(fs.readFileSync(fromZip, 'utf8'))).toEqual(folderJson);
    expect(stderr.text).toContain('entry "../../escaped.json" points outside the export; skipped');
    expect(fs.existsSync(path.join(os.tmpdir(), '..', 'escaped.json'))).toBe(false);
    for (const f of [zipPath, fromFolder, fromZip]) fs.rmSync(f, { force: true });
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function captureStderr(): { text: string; restore: () => void } {
  const original = process.stderr.write.bind(process.stderr);
  const captured = { text: '', restore: () => void (process.stderr.write = original) };
  process.stderr.write = ((chunk: string | Uint8Array) => {
    captured.text += chunk.toString();
    return true;
  }) as typeof process.stderr.write;
  return captured;
}

/** Shift_JIS bytes for the test's names, found by searching the decoder (Node ships no SJIS encoder). */
class TextEncoderSjis {
  private static table: Map<string, number[]> | undefined;
  encode(s: string): Uint8Array {
    const table = (TextEncoderSjis.table ??= TextEncoderSjis.build());
    const out: number[] = [];
    for (const ch of s) {
      if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
      else {
        const bytes = table.get(ch);
        if (!bytes) throw new Error(`no Shift_JIS for ${ch}`);
        out.push(...bytes);
      }
    }
    return Uint8Array.from(out);
  }
  private static build(): Map<string, number[]> {
    const decoder = new TextDecoder('shift_jis');
    const table = new Map<string, number[]>();
    for (let hi = 0x81; hi <= 0xfc; hi++) {
      if (hi >= 0xa0 && hi <= 0xdf) continue;
      for (let lo = 0x40; lo <= 0xfc; lo++) {
        const ch = decoder.decode(Uint8Array.from([hi, lo]));
        if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, [hi, lo]);
      }
    }
    return table;
  }
}

/** A minimal zip (stored, no compression) whose entry names are raw bytes without the UTF-8 flag. */
function storedZip(entries: Array<{ name: Buffer; data: Buffer }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0, 6); // flags: no UTF-8 bit
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

test('a guest of the exporting workspace (is_restricted, is_ultra_restricted) counts as a client in the audit', () => {
  const { exportRoles } = require('../../src/audit/replay') as typeof import('../../src/audit/replay');
  const users = [
    { id: 'U0SATO', name: 'sato', team_id: 'T0OURTEAM' },
    { id: 'U0SUZUKI', name: 'suzuki', team_id: 'T0OURTEAM' },
    { id: 'U0GUEST', name: 'guest', team_id: 'T0OURTEAM', is_restricted: true },
    { id: 'U0SINGLE', name: 'single', team_id: 'T0OURTEAM', is_ultra_restricted: true },
  ];
  const { roles } = exportRoles(loadRulebook(RULES), users, 'T0OURTEAM');
  expect(roles.roleOf('U0GUEST', 'T0OURTEAM')).toBe('client');
  expect(roles.roleOf('U0SINGLE', 'T0OURTEAM')).toBe('client');
  expect(roles.roleOf('U0SATO', 'T0OURTEAM')).toBe('assistant');
});
