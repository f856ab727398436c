import { normalize } from './normalize';

/**
 * Phrase lists from rule files. A `~` (or 〜) inside a phrase means "a short span of anything"
 * (up to 20 characters), e.g. `確認の上~ご返信` matches 「確認の上、15時までにご返信」.
 */
export interface PhraseMatcher {
  readonly phrases: readonly string[];
  find(text: string): string | null;
  test(text: string): boolean;
  /** Remove every match (used to see what is left of a message). */
  strip(text: string): string;
  /** The text ends with one of the phrases (a Japanese sentence's predicate); `~` phrases never do. */
  endsWith(text: string): boolean;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function patternOf(phrase: string): string {
  const n = normalize(phrase);
  const body = n
    .split('~')
    .filter((p, i, all) => p.length > 0 || (i > 0 && i < all.length - 1))
    .map(escapeRe)
    .join('[\\s\\S]{0,20}?');
  // Latin words match on word boundaries, so "ok" does not fire inside "book".
  const latinStart = /^[a-z0-9]/.test(n) ? '(?<![a-z0-9])' : '';
  const latinEnd = /[a-z0-9]$/.test(n) ? '(?![a-z0-9])' : '';
  return `${latinStart}${body}${latinEnd}`;
}

export function compilePhrases(phrases: readonly string[]): PhraseMatcher {
  // Longest first, so 「ありがとうございます」 wins over 「ありがとう」 when stripping.
  const sorted = [...phrases].filter((p) => normalize(p).replace(/~/g, '').length > 0).sort((a, b) => normalize(b).length - normalize(a).length);
  const res = sorted.map((p) => ({ phrase: p, re: new RegExp(patternOf(p), 'u') }));
  const alternation = res.map((r) => `(?:${r.re.source})`).join('|');
  const all = res.length ? new RegExp(alternation, 'gu') : null;
  // One scan tells whether any phrase is there; most messages match none, so the per-phrase loop
  // (which finds the longest phrase) runs only when one does.
  const any = res.length ? new RegExp(alternation, 'u') : null;
  const fixed = sorted.map(normalize).filter((n) => !n.includes('~'));
  return {
    phrases: sorted,
    find(text: string) {
      if (!any) return null;
      const n = normalize(text);
      if (!any.test(n)) return null;
      for (const r of res) if (r.re.test(n)) return r.phrase;
      return null;
    },
    test(text: string) {
      return this.find(text) !== null;
    },
    strip(text: string) {
      const n = normalize(text);
      return all ? n.replace(all, ' ') : n;
    },
    endsWith(text: string) {
      const n = normalize(text);
      return fixed.some((p) => n.endsWith(p));
    },
  };
}

// Rule options are frozen when loaded, so a phrase list object identifies its compiled matcher.
const compiled = new WeakMap<readonly string[], PhraseMatcher>();

/** The compiled matcher of a phrase list from a rule file, built once per list. */
export function phrasesFor(list: readonly string[]): PhraseMatcher {
  let m = compiled.get(list);
  if (!m) {
    m = compilePhrases(list);
    compiled.set(list, m);
  }
  return m;
}
