import { runRuleTester } from '../helpers/rule-tester';

runRuleTester('phone-number', {
  valid: [
    { text: '03-1234-5678', note: '◯ the number on its own' },
    { text: '090-1234-5678', note: '◯ a mobile number on its own' },
    { text: '田中様:03-1234-5678', note: 'a short label is fine' },
    { text: 'お電話はこちら👇\n0120-123-456', note: 'short lead-in and free dial' },
    { text: '０３−１２３４−５６７８', note: 'full-width digits and minus, alone' },
    { text: '請求書番号は2026-11-0042です。ご確認のほどよろしくお願いいたします。', note: 'an invoice number is not a phone number' },
    { text: '明日の打ち合わせは15:00-16:00でお願いいたします。よろしくお願いいたします。', note: 'a time range is not a phone number' },
    { text: '> 03-1234-5678 に電話してください\n承知しました、後ほどご連絡いたします。', note: 'the number is in a quote of the client' },
    { text: '`03-1234-5678` の形式で入力してください。全角は使えません。よろしくお願いします。', note: 'inside inline code' },
    { text: '先方の電話番号は03-1234-5678です。本日中にご連絡ください。', note: 'a client message is not judged', event: { user: 'U0CLIENT', userTeam: 'T0ACME' } },
    { text: '+81 3-1234-5678', note: 'international form on its own' },
    { text: 'Call me at 03-1234-5678', note: 'en: a short lead-in' },
    { text: 'Order 2026-11-24 has been shipped and should arrive tomorrow morning.', note: 'en: a date is not a phone number' },
    { text: '+1 415-555-0100', note: 'en: a US number on its own' },
  ],
  invalid: [
    { text: '本日はありがとうございました。ご不明点があれば03-1234-5678までお電話ください。', note: '✗ a number buried in a sentence', messageId: 'buried' },
    { text: '担当の佐藤です。急ぎの場合は090-1234-5678にご連絡いただけますと幸いです。', note: 'mobile number inside a longer message', messageId: 'buried' },
    { text: '先方の窓口は０３−１２３４−５６７８です。明日の午前中にご連絡いただけますか。', note: 'full-width number inside a message', messageId: 'buried' },
    { text: '打ち合わせの件、承知しました。当日は09012345678にお電話いただければすぐに出られます。', note: 'hyphen-less mobile number', messageId: 'buried' },
    { text: '資料をお送りしました。ご質問は0120-123-456(平日9時〜18時)までお願いいたします。', note: 'free dial with opening hours', messageId: 'buried' },
    { text: 'お世話になっております。新しい事務所の番号は06-6123-4567となりますので、登録の変更をお願いいたします。', note: 'Osaka area code', messageId: 'buried' },
    { text: '明日からの連絡先です。\n携帯: 080-9876-5432\n会議室の予約も完了しておりますのでご安心ください。', note: 'number on its own line but with other lines', messageId: 'buried' },
    { text: 'If anything comes up, call me at +81 90-1234-5678 and I will pick up right away.', note: 'en: international number in a sentence', messageId: 'buried' },
    { text: 'Thanks for the call today. My direct line is 03-1234-5678 if you need anything else.', note: 'en: direct line in a sentence', messageId: 'buried' },
  ],
});
