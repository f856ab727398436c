import { runRuleTester } from '../helpers/rule-tester';

const DOC = '<https://docs.google.com/document/d/1AbC/edit|議事録>';

runRuleTester('link-permission', {
  valid: [
    { text: `${DOC} 閲覧権限を付与済みです。`, note: 'permissions already addressed (閲覧権限)' },
    { text: `議事録です。編集権限はお客様のみにしています。${DOC}`, note: 'permissions already addressed (編集権限)' },
    { text: 'こちらです <https://example.com/pricing|料金ページ>', note: 'a public web page is not a document' },
    { text: `> ${DOC}\nこちらの資料ですね、確認します。`, note: 'the link is in a quote of the client' },
    { text: '```\nhttps://docs.google.com/document/d/1AbC\n```\nURLの形式です', note: 'inside a code block' },
    { text: `議事録です ${DOC}`, note: 'a channel without external members', channel: { isExtShared: false } },
    { text: `資料を共有します ${DOC}`, note: 'a link from the client is not judged', event: { user: 'U0CLIENT', userTeam: 'T0ACME' } },
    { text: '共有設定を「リンクを知っている全員」から変更しました <https://drive.google.com/file/d/9|提案書>', note: '共有設定 mentioned' },
    { text: 'アクセス権をご確認ください。<https://www.notion.so/acme/Spec-123|仕様書>', note: 'アクセス権 mentioned' },
    { text: 'Here is the spec, access granted to your team: <https://www.notion.so/acme/Spec-123|spec>', note: 'en: access granted' },
    { text: 'See <https://github.com/acme/site|the repository>', note: 'en: not a document host' },
    { text: "Here's the deck, I've given you and Ken edit access: <https://docs.google.com/presentation/d/1|deck>", note: 'en: who was given access' },
    { text: 'Shared with you (view only) <https://1drv.ms/w/s!AbC|spec>', note: 'en: shared with, view only' },
    { text: '山田様に共有しました。<https://drive.google.com/file/d/9|提案書>', note: '誰に共有したか' },
    { text: '<@U0SUZUKI> 社内用の下書きです、見ておいてください <https://docs.google.com/document/d/1|下書き>', note: 'addressed to a colleague only: internal' },
  ],
  invalid: [
    { text: `議事録を共有します。${DOC}`, note: '✗ Google Docs link in a shared channel', messageId: 'checkPermission' },
    { text: '提案書です <https://drive.google.com/file/d/9xYz/view|提案書.pdf>', note: 'Google Drive', messageId: 'checkPermission' },
    { text: '仕様書をまとめました!<https://www.notion.so/acme/Spec-123>', note: 'Notion, link without a label', messageId: 'checkPermission' },
    { text: '納品データはこちらからダウンロードできます https://www.dropbox.com/s/abc/logo.zip', note: 'Dropbox, a bare URL', messageId: 'checkPermission' },
    { text: '請求書をアップしました <https://app.box.com/s/xyz|請求書>', note: 'Box', messageId: 'checkPermission' },
    { text: 'デザインはこちら <https://www.figma.com/file/AbC/LP|LPデザイン>', note: 'Figma', messageId: 'checkPermission' },
    { text: '<@U0CLIENT> 共有フォルダを作成しました <https://acme-my.sharepoint.com/:f:/g/x|共有フォルダ>', note: 'SharePoint subdomain', messageId: 'checkPermission' },
    { text: 'Minutes from today: <https://docs.google.com/document/d/1AbC/edit|minutes>', note: 'en: Google Docs', messageId: 'checkPermission' },
    { text: 'Uploaded the files here https://www.dropbox.com/s/abc/files.zip', note: 'en: Dropbox', messageId: 'checkPermission' },
    { text: 'Design is here: <https://www.figma.com/file/AbC/LP|LP design>', note: 'en: Figma', messageId: 'checkPermission' },
    { text: '見積書です <https://1drv.ms/x/s!AbCdEf|見積書>', note: 'OneDrive short share link', messageId: 'checkPermission' },
    { text: 'Latest version: https://1drv.ms/w/s!AbC', note: 'en: OneDrive short link', messageId: 'checkPermission' },
  ],
});
