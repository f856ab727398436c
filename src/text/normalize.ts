/**
 * Text as the rules read it. Slack markup, code and quotes are not the author's words; phrase
 * matching compares NFKC-normalised, lower-cased text so ＯＫ, ok and OK are one phrase.
 */

/** NFKC (full-width digits and latin → half-width, half-width kana → full-width), lower case, one wave dash, one space. */
/** A tiny cache: every rule reads the same message, so the same text is normalised many times in a row. */
export function memo<T>(fn: (s: string) => T, size = 64): (s: string) => T {
  const cache = new Map<string, T>();
  return (s: string) => {
    let v = cache.get(s);
    if (v === undefined) {
      v = fn(s);
      if (cache.size >= size) cache.delete(cache.keys().next().value!);
      cache.set(s, v);
    }
    return v;
  };
}

export const normalize = memo(normalizeUncached);
export const authorText = memo(authorTextUncached);

function normalizeUncached(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[〜～~]/g, '~')
    .replace(/[ー—―‐-]{2,}/g, 'ー')
    .replace(/[ \t\u3000]+/g, ' ')
    .trim();
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** The author's own words: no code, no quoted lines, no mentions, links reduced to their labels, no emoji codes. */
function authorTextUncached(slackText: string): string {
  let t = slackText ?? '';
  t = t.replace(/```[\s\S]*?```/g, ' ');
  t = t.replace(/`[^`\n]*`/g, ' ');
  t = t
    .split('\n')
    .filter((line) => !/^\s*(>|&gt;)/.test(line))
    .join('\n');
  t = t.replace(/<([^<>|]+)\|([^<>]*)>/g, (_all, target: string, label: string) => (/^[@#!]/.test(target) ? ' ' : label));
  t = t.replace(/<[^<>]*>/g, ' ');
  t = t.replace(/:[a-z0-9_+'-]+:/gi, ' ');
  t = t.replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e] ?? e);
  return t
    .split('\n')
    .map((l) => l.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .trim();
}

/** The users a Slack message @-mentions (`<@U123>` or `<@U123|name>`), in order. */
export function mentionedUsers(slackText: string): string[] {
  return [...(slackText ?? '').matchAll(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g)].map((m) => m[1]);
}
