import { DateTime } from 'luxon';
import type { ResponseRecord } from '../../src/core/detector';
import { aggregate, type ReportInput } from '../../src/report/aggregate';
import { reportBlocks } from '../../src/report/blocks';

/** What a director reads: the report's Block Kit as text. */
const H = 3_600_000;
const zone = 'Asia/Tokyo';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();
const thresholds = [{ label: '1時間', ms: H }, { label: '3時間', ms: 3 * H }, { label: '6時間', ms: 6 * H }];
const rec = (assistant: string, channel: string, minutes: number, clock: ResponseRecord['clock'] = 'business'): ResponseRecord => ({ channel, ts: '1795000000.000100', client: 'U0C', assistant, openedAt: 0, answeredAt: minutes * 60_000, elapsedMs: minutes * 60_000, clock });

function render(o: Partial<ReportInput>, extra: Partial<Parameters<typeof reportBlocks>[1]> = {}) {
  const r = aggregate({ responses: [], findings: [], open: [], thresholds, now: at('2026-11-24T12:00'), ...o });
  const blocks = reportBlocks(r, { lang: 'ja', zone, from: at('2026-11-18T00:00'), to: at('2026-11-25T00:00'), thresholds: thresholds.map((t) => t.label), clock: 'business', permalinks: {}, ...extra });
  return blocks.map((b) => (b.text as { text?: string } | undefined)?.text ?? '').join('\n');
}

test('the header names exactly the calendar days counted', () => {
  expect(render({})).toContain('SLA レポート · 2026-11-18 – 2026-11-24');
});

test('an empty report shows "–", never 0% (nothing to divide by)', () => {
  const text = render({});
  const all = text.split('\n').find((l) => l.startsWith('*全体*'))!;
  expect(all).toContain('0 件回答');
  expect(all).toContain('未返信 0');
  expect(all).toContain('–/–/–');
  expect(all).not.toMatch(/\d%/);
  expect(all).not.toMatch(/NaN|Infinity/);
});

test('open requests count as not met and are shown apart', () => {
  const text = render({
    responses: [rec('U0SATO', 'C0ACME', 30)],
    open: [{ channel: 'C0BETA', ts: '1795000000.000200', client: 'U0CLIENT2', openedAt: at('2026-11-24T11:00'), assistants: ['U0SATO'] }],
  });
  expect(text).toMatch(/\*<#C0BETA>\* — 0 件回答 · 未返信 1 .*: 0%\/0%\/0%/);
  expect(text).toMatch(/\*<@U0SATO>\* — 1 件回答 · 未返信 1 .*: 50%\/50%\/50%/);
});

test('every duration says which clock it is in', () => {
  const text = render({
    responses: [rec('U0SATO', 'C0ACME', 30, 'business'), rec('U0SUZUKI', 'C0BETA', 45, 'wall')],
    open: [{ channel: 'C0ACME', ts: '1795000000.000200', client: 'U0CLIENT', openedAt: at('2026-11-24T11:00'), assistants: ['U0SATO'] }],
    waited: { clock: 'business', ms: () => 20 * 60_000 },
  });
  expect(text).toContain('*<@U0SATO>* — 1 件回答 · 未返信 1 · 中央値 30分(営業時間) · p90 30分(営業時間)');
  expect(text).toContain('*<@U0SUZUKI>* — 1 件回答 · 未返信 0 · 中央値 45分(実時間) · p90 45分(実時間)');
  // The targets are the rule's, in the rule's clock.
  expect(text).toContain('目標内 ≤1時間/3時間/6時間(営業時間)');
  expect(text).toContain('<#C0ACME> <@U0CLIENT> 待ち 20分(営業時間)');
  expect(render({ responses: [rec('U0SATO', 'C0ACME', 30)] }, { lang: 'en', clock: 'wall' })).toContain('*<@U0SATO>* — 1 answered · 0 open · median 30 min (business) · p90 30 min (business) · within ≤1時間/3時間/6時間 (wall): 100%/100%/100%');
});

test('rows are worst first, with names (mentions Slack renders), breaches as a time and a link, not raw ids', () => {
  const text = render({
    responses: [rec('U0SATO', 'C0ACME', 10), rec('U0SUZUKI', 'C0BETA', 300)],
    findings: [{ rule: 'response-time', channel: 'C0ACME', ts: '1795000000.000100', user: 'U0SATO', severity: 'error', at: 1, evidence: { level: 'breach', assistants: ['U0SATO'] } }],
  }, { permalinks: { 'C0ACME:1795000000.000100': 'https://example.slack.com/archives/C0ACME/p1795000000000100' } });
  const rows = text.split('\n').filter((l) => l.startsWith('*<@'));
  expect(rows.map((l) => l.slice(0, 12))).toEqual(['*<@U0SATO>* ', '*<@U0SUZUKI>']);
  const when = DateTime.fromMillis(1795000000_000, { zone }).toFormat('M/d HH:mm');
  expect(text).toContain(`<#C0ACME> <https://example.slack.com/archives/C0ACME/p1795000000000100|${when}>`);
  expect(text).not.toMatch(/(^|[^\/p])1795000000\.000100/);
});

test('requests waiting since before the period are not counted, but their number is said', () => {
  expect(render({}, { earlierOpen: 2 })).toContain('ほかに 2 件、2026-11-18 より前から返信待ち');
  expect(render({})).not.toContain('より前から');
});
