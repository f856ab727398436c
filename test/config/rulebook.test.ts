import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { channelMatches, loadRulebook, RulebookError } from '../../src/config/rulebook';
import { loadEnv, ConfigError } from '../../src/config/env';
import type { StampOutcome } from '../../src/core/detector';
import { EffectRunner, type EffectsDeps } from '../../src/slack/effects';
import { Scenario, assistant, client, jst } from '../helpers/rule-tester';

const SHIPPED = path.join(__dirname, '..', '..', 'rules');

/** A copy of the shipped rules folder with one file patched. */
function rulesWith(patch: (files: Record<string, string>) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sla-rules-'));
  const files: Record<string, string> = {};
  for (const f of fs.readdirSync(SHIPPED)) files[f] = fs.readFileSync(path.join(SHIPPED, f), 'utf8');
  patch(files);
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), text);
  return dir;
}

function problemsOf(dir: string) {
  try {
    loadRulebook(dir);
  } catch (e) {
    expect(e).toBeInstanceOf(RulebookError);
    return (e as RulebookError).problems;
  }
  throw new Error('expected the rulebook to be rejected');
}

describe('rulebook loader', () => {
  test('the shipped rules load', () => {
    const rb = loadRulebook(SHIPPED);
    expect(rb.rules.map((r) => r.id)).toContain('response-time');
    expect(rb.team.language).toBe('ja');
    expect(rb.calendar.zone).toBe('Asia/Tokyo');
  });

  test.each([
    ['a bad duration', (f: Record<string, string>) => (f['response-time.yaml'] = f['response-time.yaml'].replace('after: 3h', 'after: 3 hours')), 'options.thresholds.1.after'],
    ['an unknown placeholder', (f: Record<string, string>) => (f['response-time.yaml'] = f['response-time.yaml'].replace('{waited} 返信がありません', '{wait} 返信がありません')), 'options.thresholds.0.message.ja'],
    ['thresholds out of order', (f: Record<string, string>) => (f['response-time.yaml'] = f['response-time.yaml'].replace('after: 3h', 'after: 30m')), 'options.thresholds'],
    ['an unknown option', (f: Record<string, string>) => (f['response-time.yaml'] = f['response-time.yaml'].replace('  clock: business', '  clock: business\n  clok: wall')), 'options'],
    ['a bad clock mode', (f: Record<string, string>) => (f['response-time.yaml'] = f['response-time.yaml'].replace('  clock: business', '  clock: lunar')), 'options.clock'],
    ['an unknown rule id', (f: Record<string, string>) => (f['respnse-time.yaml'] = 'id: respnse-time\n'), 'id'],
    ['a YAML syntax error', (f: Record<string, string>) => (f['response-time.yaml'] = 'id: response-time\noptions: [unclosed\n'), '(yaml)'],
    ['a bad user id in team.yaml', (f: Record<string, string>) => (f['team.yaml'] = f['team.yaml'].replace('directors: []', 'directors: [boss]')), 'directors.0'],
    ['a bad time zone', (f: Record<string, string>) => (f['team.yaml'] = f['team.yaml'].replace('timezone: Asia/Tokyo', 'timezone: Asia/Tokio')), 'timezone'],
    ['bad business hours', (f: Record<string, string>) => (f['team.yaml'] = f['team.yaml'].replace('mon: [{ start: "09:00", end: "12:00" }', 'mon: [{ start: "12:00", end: "09:00" }')), 'businessHours'],
    ['a missing team file', (f: Record<string, string>) => delete f['team.yaml'], '(file)'],
    ['a bad override', (f: Record<string, string>) => (f['response-time.yaml'] = f['response-time.yaml'].replace('overrides: []', 'overrides:\n  - channels: ["#vip-*"]\n    options: { clock: never }')), 'overrides.0.options.clock'],
    ['an unknown message id', (f: Record<string, string>) => (f['phone-number.yaml'] += 'messages:\n  nope: { ja: "a", en: "b" }\n'), 'messages.nope'],
    ['an unknown placeholder in a message', (f: Record<string, string>) => (f['phone-number.yaml'] += 'messages:\n  buried: { ja: "{num}", en: "x" }\n'), 'messages.buried.ja'],
    ['an unknown placeholder in the stamp', (f: Record<string, string>) => (f['response-time.yaml'] += 'messages:\n  stamp: { ja: "✅ {name}", en: "x" }\n'), 'messages.stamp.ja'],
    // {client} is a placeholder of the rule's nudges, not of the stamp: a client would read "{client}" under their message.
    ['a placeholder of another message of the rule in the stamp', (f: Record<string, string>) => (f['response-time.yaml'] += 'messages:\n  stamp: { ja: "✅ {who} {client}", en: "x" }\n'), 'messages.stamp.ja'],
  ])('%s stops start-up with the file, the field and the reason', (_name, patch, field) => {
    const problems = problemsOf(rulesWith(patch));
    expect(problems.length).toBeGreaterThan(0);
    const p = problems.find((x) => x.field.startsWith(field));
    expect(p).toBeDefined();
    expect(p!.file).toMatch(/\.ya?ml$/);
    expect(p!.reason.length).toBeGreaterThan(3);
  });

  test('the error message names file, field and reason on one line each', () => {
    const dir = rulesWith((f) => (f['response-time.yaml'] = f['response-time.yaml'].replace('after: 3h', 'after: 3 hours')));
    expect(() => loadRulebook(dir)).toThrow(/response-time\.yaml: options\.thresholds\.1\.after: .*3 hours/);
  });

  test('a per-channel override applies to matching channels only', () => {
    const dir = rulesWith(
      (f) =>
        (f['response-time.yaml'] = f['response-time.yaml'].replace(
          'overrides: []',
          [
            'overrides:',
            '  - channels: ["#vip-*", "C0SPECIAL"]',
            '    options:',
            '      clock: wall',
          ].join('\n'),
        )),
    );
    const rb = loadRulebook(dir);
    const opts = (ch: { id: string; name?: string }) => rb.rulesFor(ch).find((r) => r.id === 'response-time')!.options as { clock: string; thresholds: unknown[] };
    expect(opts({ id: 'C1', name: 'vip-acme' }).clock).toBe('wall');
    expect(opts({ id: 'C0SPECIAL' }).clock).toBe('wall');
    expect(opts({ id: 'C2', name: 'client-acme' }).clock).toBe('business');
    expect(opts({ id: 'C1', name: 'vip-acme' }).thresholds).toHaveLength(3);
  });

  test('message wording overrides and scope come from the file', () => {
    const dir = rulesWith((f) => {
      f['phone-number.yaml'] += 'messages:\n  buried: { ja: "番号 {number} は別送で", en: "Send {number} alone" }\nscope:\n  excludeChannels: ["#internal-*"]\n';
    });
    const rb = loadRulebook(dir);
    expect(rb.rule('phone-number')!.messages.buried.ja).toBe('番号 {number} は別送で');
    const ids = (ch: { id: string; name?: string }) => rb.rulesFor(ch).map((r) => r.id);
    expect(ids({ id: 'C1', name: 'internal-ops' })).not.toContain('phone-number');
    expect(ids({ id: 'C2', name: 'client-acme' })).toContain('phone-number');
  });

  test('the stamp is worded in the rule file like any other message', async () => {
    const dir = rulesWith((f) => {
      f['response-time.yaml'] += 'messages:\n  stamp: { ja: "👀 {who} さんが対応中({at}、{took})", en: "👀 {who} is on it ({at}, {took})" }\n';
    });
    const s = new Scenario(loadRulebook(dir), 'response-time');
    const m = client(jst('2026-11-24T10:00'), '先月の売上データはどこにありますか?');
    s.send(m);
    const stamp = s.send(assistant(jst('2026-11-24T10:05'), '確認の上、15時までにご返信いたします。', { threadTs: m.ts })).find((o) => o.kind === 'stamp');
    // What Slack gets: the reworded part, then the default deadline part.
    const effects = new EffectRunner({ directory: { displayName: async () => '@sato' }, lang: 'ja', zone: 'Asia/Tokyo' } as unknown as EffectsDeps);
    expect(await effects.stampText(stamp as StampOutcome)).toBe('👀 @sato さんが対応中(10:05、5分) · 期限: 15:00');
  });

  test('channel patterns', () => {
    expect(channelMatches('#client-*', { id: 'C1', name: 'client-acme' })).toBe(true);
    expect(channelMatches('#client-*', { id: 'C1', name: 'internal' })).toBe(false);
    expect(channelMatches('#client-*', { id: 'C1' })).toBe(false);
    expect(channelMatches('C1', { id: 'C1' })).toBe(true);
  });
});

describe('environment', () => {
  test('valid HTTP-mode env with defaults', () => {
    const env = loadEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' });
    expect(env.PORT).toBe(3000);
    expect(env.RULES_DIR).toBe('./rules');
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.DRY_RUN).toBe(false);
  });

  test('errors name the variable, never its value', () => {
    try {
      loadEnv({ SLACK_BOT_TOKEN: 'not-a-token-secret123', PORT: 'abc' });
      throw new Error('expected failure');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const msg = (e as Error).message;
      expect(msg).toContain('SLACK_BOT_TOKEN');
      expect(msg).toContain('PORT');
      expect(msg).toContain('SLACK_SIGNING_SECRET');
      expect(msg).not.toContain('secret123');
    }
  });

  test('Socket Mode needs no signing secret', () => {
    expect(loadEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).SLACK_APP_TOKEN).toBe('xapp-1');
  });
});

test('rules resolved per channel are cached in a bounded LRU (forged channel ids cannot grow it)', () => {
  const rb = loadRulebook(path.join(__dirname, '..', '..', 'rules'));
  for (let i = 0; i < 12_000; i++) rb.rulesFor({ id: `C0X${i}` });
  expect(rb.cachedChannels).toBeLessThanOrEqual(5_000);
  expect(rb.rulesFor({ id: 'C0X1' }).length).toBeGreaterThan(0);
});
