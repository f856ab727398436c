import { analyze } from '../../../src/text/analysis';
import { acceptance, cancellation, commitments, delayNotice, delivery, mayAccept, mayCancel, mayRequestWork, predicates, requestsWork, taskCommitment } from '../../../src/text/acts/commitment';

const commits = (t: string) => taskCommitment(analyze(t))?.verb ?? null;
const accepts = (t: string, inReply = false) => acceptance(analyze(t), inReply);
const delivers = (t: string, files = 0, links = 0) => delivery(analyze(t), { files, links });
const asksWork = (t: string) => requestsWork(analyze(t));

describe('Japanese predicates from morphemes', () => {
  test('a サ変 noun with its auxiliaries is one predicate, with its tense and politeness', () => {
    const [s] = analyze('資料を作成いたしました。').sentences;
    expect(predicates(s)).toEqual([expect.objectContaining({ head: '作成', past: true, polite: true, humble: true, negative: false })]);
  });
  test('させていただきます is the speaker humbling their own act, not a request', () => {
    const [p] = predicates(analyze('進めさせていただきます').sentences[0]);
    expect(p).toMatchObject({ head: '進める', humble: true, asks: false, received: false });
  });
  test('〜ていただけますか and 〜てほしい ask the other side', () => {
    expect(predicates(analyze('資料を作っていただけますか?').sentences[0])[0]).toMatchObject({ head: '作る', asks: true });
    expect(predicates(analyze('ロゴを差し替えてほしいです').sentences[0])[0]).toMatchObject({ head: '差し替える', asks: true });
  });
  test('negation and かねる are negative', () => {
    expect(predicates(analyze('対応できません').sentences[0])[0]).toMatchObject({ negative: true });
    expect(predicates(analyze('対応いたしかねます').sentences[0])[0]).toMatchObject({ negative: true });
  });
});

describe('commitment: the speaker\'s own non-past act', () => {
  test.each([
    ['承知いたしました!対応いたします!', '対応'],
    ['早速進めさせていただきます!', '進める'],
    ['やっておきます', 'やる'],
    ['了解、やっとく', 'やる'],
    ['修正しますね。', '修正'],
    ['会場の手配いたします', '手配'],
    ['本日中に送付する予定です。', '送付'],
    ['15時までに送るね', '送る'],
    ['本日中に納品できる見込みです。', '納品'],
    ["I'll send it by 3pm.", 'send'],
    ['Will do, I will prepare the slides.', 'do'],
    ["We'll have the draft over to you by Friday.", 'do'],
    ['On it 👍', 'do'],
  ])('%s', (text, verb) => {
    expect(commits(text)).toBe(verb);
  });

  test.each([
    '承知しました、ありがとうございます。',
    'よろしくお願いいたします。',
    '資料をお送りしました。',
    '対応できかねます。',
    '明日までに修正していただけますか?',
    '15時まででよろしいでしょうか?',
    '先日お送りした資料の件です。',
    'ご確認のほどよろしくお願いします',
    "I'm afraid we can't take that on.",
    'Got it, thanks!',
    "I'll be out on Friday.",
    'Let me know if you need anything.',
    "I'm running late.",
  ])('no task commitment: %s', (text) => {
    expect(commits(text)).toBeNull();
  });

  test('a promise to reply is a commitment, but not to a task', () => {
    expect(commitments(analyze('確認の上、15時までにご返信いたします。'))).toEqual([expect.objectContaining({ kind: 'reply' })]);
    expect(commitments(analyze("I'll check and get back to you by 3pm."))).toEqual([expect.objectContaining({ kind: 'reply' })]);
    expect(commitments(analyze('拝見しますね!'))).toEqual([expect.objectContaining({ kind: 'check' })]);
    expect(taskCommitment(analyze('確認の上、15時までにご返信いたします。'))).toBeNull();
  });
});

describe('acceptance: a yes in any register', () => {
  test.each(['承知いたしました!', '承知しました', 'かしこまりました。', '了解です〜', 'りょ!', 'OKです👍', '承りました', 'お任せください!', '対応いたします!', 'やります!', 'Sure!', 'On it 👍', 'Will do.', 'Got it', 'No problem!', 'yep will do', '👍'])('%s', (text) => {
    expect(accepts(text)).not.toBeNull();
  });
  test('a plain yes counts only when it answers a request for work', () => {
    expect(accepts('はい、大丈夫です!')).toBeNull();
    expect(accepts('はい、大丈夫です!', true)).not.toBeNull();
    expect(accepts('I can do that.', true)).not.toBeNull();
  });
  test.each(['ご承知の通り、来週は祝日です。', 'ご了承ください。', 'ありがとうございます!', '資料を作成いたします。', 'Thanks for the update.', "I'm not sure about that."])('no yes: %s', (text) => {
    expect(accepts(text)).toBeNull();
  });
});

describe('delivery: work handed over', () => {
  test.each([
    ['お送りしました', 0, 0],
    ['修正版を添付いたします。', 0, 0],
    ['送付済みです。', 0, 0],
    ['デザイン案が完成しました!', 0, 0],
    ['ご査収のほどよろしくお願いいたします。', 0, 0],
    ['修正版です', 0, 1],
    ['共有いたします', 0, 1],
    ['', 1, 0],
    ['Here is the deck.', 0, 0],
    ['Attached is the report.', 0, 0],
    ["I've sent the invoice.", 0, 0],
    ['Done!', 0, 0],
    ['Sent, please check.', 0, 0],
    ['Latest version here', 0, 1],
  ])('%s (files %d, links %d)', (text, files, links) => {
    expect(delivers(text, files, links)).toBe(true);
  });
  test.each(['15時までにお送りします。', '先日お送りした資料の件ですが、', '承知しました!', 'ご確認いただきました。', "I'll send it once it's done.", 'Is it done?', 'It will be ready by 3pm.', 'お待たせしました。もう少々お待ちください。'])('not yet: %s', (text) => {
    expect(delivers(text)).toBe(false);
  });
});

describe('delay notice', () => {
  test.each(['遅れる見込みです', '申し訳ありません、15時には間に合わなそうです。', 'もう少しお時間をいただけますでしょうか。', '16時頃になりそうです。', 'Running a bit late, sorry.', 'We need another hour.', "It won't be ready by 3pm, can I have until 5pm?", 'Heads-up: a delay of about an hour.'])('%s', (text) => {
    expect(delayNotice(analyze(text))).toBe(true);
  });
  test.each(['ご返信が遅くなり申し訳ありません。', '予定どおり15時にお送りします。', 'Sorry for the late reply!', 'Will send it by 3pm.'])('no delay: %s', (text) => {
    expect(delayNotice(analyze(text))).toBe(false);
  });
});

describe('cancellation by the client', () => {
  test.each(['すみません、やはり不要になりました。', 'この件はキャンセルでお願いします。', '一旦保留にしてください。', 'やっぱりなしで大丈夫です!', 'Never mind, we no longer need it.', 'Please hold off on the banner.', 'Cancel that, sorry.'])('%s', (text) => {
    expect(cancellation(analyze(text))).toBe(true);
    expect(mayCancel(text)).toBe(true);
  });
  test.each(['返信不要です。', 'No need to reply.', 'キャンセル料はかかりますか?', 'Can we cancel the meeting?'])('no cancellation: %s', (text) => {
    expect(cancellation(analyze(text))).toBe(false);
  });
});

describe('request for work (a client message)', () => {
  test.each([
    '見積もりをお願いします',
    '来週の定例の資料を作っていただけますか?',
    '明日までに修正は可能でしょうか?',
    'ロゴを差し替えてほしいです',
    'バナー作ってもらえる?',
    '会社案内のPDFをいただけますか?',
    '来週の定例資料、水曜までにご用意いただけると助かります。',
    '請求書送っといて',
    'Could you send the invoice?',
    'Please fix the typo on the pricing page.',
    "I'd appreciate it if you could double-check the shipping addresses before Friday.",
    'Can we add a Spanish version?',
    'Quote for December, please.',
  ])('%s', (text) => {
    expect(asksWork(text)).toBe(true);
    expect(mayRequestWork(text)).toBe(true);
  });
  test.each([
    'よろしくお願いいたします。',
    'ご対応ありがとうございます!',
    '料金はいくらですか?',
    'LPの公開日を教えてください。',
    'ご連絡お待ちしております。',
    '先日お願いした見積もり、いかがでしょうか?',
    '承知しました!',
    'Can you confirm the invoice amount?',
    'Thanks for the draft!',
    'When does the campaign start?',
    'Please let me know.',
  ])('no request for work: %s', (text) => {
    expect(asksWork(text)).toBe(false);
  });
});

describe('cheap tests never rule out what the acts find', () => {
  test('mayAccept', () => {
    for (const t of ['承知しました', '対応いたします!', 'やります', 'On it 👍', 'sure', 'OK']) expect(mayAccept(t)).toBe(true);
    expect(mayAccept('本日の作業報告は以上です。詳細は添付の資料をご覧いただけますと幸いです。')).toBe(false);
  });
});
