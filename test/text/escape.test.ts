import { escapeMrkdwn } from '../../src/text/escape';

describe('escapeMrkdwn', () => {
  it('escapes the three Slack control characters', () => {
    expect(escapeMrkdwn('a & b < c > d')).toBe('a &amp; b &lt; c &gt; d');
  });

  it('neutralises mentions and links', () => {
    const out = escapeMrkdwn('<!channel> <https://evil.example/login|click to verify>');
    expect(out).toBe('&lt;!channel&gt; &lt;https://evil.example/login|click to verify&gt;');
    expect(out).not.toMatch(/[<>]/);
  });

  it('escapes & first so existing entities are not left active', () => {
    expect(escapeMrkdwn('&lt;!here&gt;')).toBe('&amp;lt;!here&amp;gt;');
  });

  it('leaves other text (including Japanese) unchanged', () => {
    expect(escapeMrkdwn('佐藤 *太郎* _x_ ~y~')).toBe('佐藤 *太郎* _x_ ~y~');
    expect(escapeMrkdwn('')).toBe('');
  });
});

test('Slack-encoded free text round-trips: unescape to store, escape to show, never doubled', () => {
  const { unescapeSlack } = require('../../src/text/escape') as typeof import('../../src/text/escape');
  const sent = 'R&amp;D &lt;!channel&gt;';
  expect(unescapeSlack(sent)).toBe('R&D <!channel>');
  expect(escapeMrkdwn(unescapeSlack(sent))).toBe(sent);
});
