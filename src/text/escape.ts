/**
 * Slack's mrkdwn escaping: only these three characters are control characters.
 * Escaping `<`/`>` stops `<!channel>`, `<@U…>` and `<url|label>` from being
 * interpreted when a name or free text is interpolated into a message.
 */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Slack's encoding undone (free text as Slack sends it, e.g. in a slash command), to store plain text. */
export function unescapeSlack(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
