/**
 * Deadline parsing, Japanese first. Reference: Tuesday 2026-11-24 10:00 in Asia/Tokyo; closing 18:00.
 * Runs under any process time zone (CI uses TZ=UTC; try TZ=America/Los_Angeles too).
 */
import { DateTime } from 'luxon';
import { parseDeadline } from '../../src/text/deadline';

const ZONE = 'Asia/Tokyo';
const ref = DateTime.fromISO('2026-11-24T10:00', { zone: ZONE });
const at = (s: string) => DateTime.fromISO(s, { zone: ZONE }).toISO();
const parse = (t: string, r = ref) => parseDeadline(t, r, { zone: ZONE })?.at.toISO() ?? null;

describe('deadlines that are promises', () => {
  test.each([
    // 時刻 + まで(に): today
    ['確認の上、15時までにご返信いたします。', '2026-11-24T15:00'],
    // 全角数字 (NFKC)
    ['１５時までにご連絡いたします', '2026-11-24T15:00'],
    // 時:分
    ['15:30までにお送りします', '2026-11-24T15:30'],
    // 時半
    ['15時半までに対応します', '2026-11-24T15:30'],
    // 明日の + 時刻
    ['明日の17時までにお送りします', '2026-11-25T17:00'],
    // 月日 + 時刻
    ['11月25日15時までに完了いたします', '2026-11-25T15:00'],
    // 本日中: end of today's business day (chrono alone reads only 本日)
    ['本日中に対応いたします', '2026-11-24T18:00'],
    // 今日中 (plain form)
    ['今日中にやっておきます', '2026-11-24T18:00'],
    // 明日中
    ['明日中にご連絡します', '2026-11-25T18:00'],
    // 今週中: Friday closing
    ['今週中に仕上げます', '2026-11-27T18:00'],
    // 来週中: next Friday closing
    ['来週中にご提出します', '2026-12-04T18:00'],
    // 来週X曜: chrono alone reads only the weekday (this week's)
    ['来週月曜までにお送りします', '2026-11-30T18:00'],
    ['来週の水曜日までに確認します', '2026-12-02T18:00'],
    // 25日まで: a day of this month without 月
    ['25日までに提出します', '2026-11-25T18:00'],
    // a day already past this month → next month
    ['10日までにお願いします', '2026-12-10T18:00'],
    // 午前中: by noon
    ['午前中にご返信します', '2026-11-24T12:00'],
    // 夕方: 17:00
    ['夕方までにご連絡いたします', '2026-11-24T17:00'],
    // relative
    ['30分後にご連絡します', '2026-11-24T10:30'],
    ['1時間以内にご返信します', '2026-11-24T11:00'],
    // a bare time already past today → tomorrow
    ['9時までにご連絡します', '2026-11-25T09:00'],
    // English
    ['I will get back to you by 3pm', '2026-11-24T15:00'],
    ['by tomorrow', '2026-11-25T18:00'],
    ['I will send it by Friday', '2026-11-27T18:00'],
    ['Will reply by EOD', '2026-11-24T18:00'],
    ['within 2 hours', '2026-11-24T12:00'],
    ['I will check and get back to you by end of day', '2026-11-24T18:00'],
  ])('%s → %s', (text, expected) => {
    expect(parse(text)).toBe(at(expected));
  });
});

describe('no deadline (near misses)', () => {
  test.each([
    // ✗ example of rulebook 0.7: acceptance without a date
    ['承知いたしました!対応いたします!'],
    // quoted text is the client's words, not a promise
    ['> 15時までにお願いします\n承知しました'],
    // inside inline code
    ['`15時まで` という文字列を修正します'],
    // inside a code block
    ['```\ncron: 15時までに実行\n```\n確認します'],
    // a phone number is not a date
    ['03-1234-5678 までお電話ください'],
    // counts are not dates
    ['2 questions about the invoice'],
    ['3点確認させてください'],
    // no time at all
    ['ありがとうございます!'],
    [''],
  ])('%s', (text) => {
    expect(parse(text)).toBeNull();
  });
});

test('the same answer under any team zone arithmetic: New York reference', () => {
  const ny = DateTime.fromISO('2026-11-24T10:00', { zone: 'America/New_York' });
  expect(parseDeadline('by 3pm', ny, { zone: 'America/New_York' })?.at.toISO()).toBe(DateTime.fromISO('2026-11-24T15:00', { zone: 'America/New_York' }).toISO());
});

test('custom closing time for day-precision deadlines', () => {
  const d = parseDeadline('本日中にお送りします', ref, { zone: ZONE, endOfDay: { hour: 17, minute: 30 } });
  expect(d?.at.toISO()).toBe(at('2026-11-24T17:30'));
  expect(d?.precision).toBe('day');
});

describe('only the start of a long message is read (chrono is super-linear on long texts)', () => {
  const filler = (n: number) => 'ご確認ください。'.repeat(Math.ceil(n / 8)).slice(0, n);
  test('a deadline within the first couple of thousand characters is found', () => {
    expect(parse(`${filler(2_000)}明日中にお送りします`)).toBe(at('2026-11-25T18:00'));
  });
  test('a deadline after the first 10,000 characters is not looked for', () => {
    expect(parse(`${filler(10_000)}明日中にお送りします`)).toBeNull();
    expect(parse(`${filler(2_000_000)}明日中にお送りします`)).toBeNull();
  });
});
