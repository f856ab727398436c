import { tokenizeJapanese, type JaToken } from './japanese';
import { authorText, memo, normalize } from './normalize';

/**
 * The linguistic layer under every message rule: a message's own words (no code, quotes, mentions),
 * split into sentences, each with its morphemes (Japanese, kuromoji) or its words (English), and
 * whether it asks something. Analysed once per message text and shared by every rule that reads it
 * (a small cache: the rules of one event read the same text one after another). The dialogue acts
 * (src/text/acts/) are built on this; rules read acts, not raw phrases.
 */
export interface Sentence {
  /** The sentence as written (author text, quoted passages replaced by 「…」). */
  raw: string;
  /** NFKC, lower case (what phrase tables compare). */
  norm: string;
  /** Written in Japanese (has kana or kanji). */
  ja: boolean;
  /** Morphemes, Japanese sentences only. */
  tokens: JaToken[];
  /** Lower-case words, English sentences only (apostrophes kept: "i'll", "don't"). */
  words: string[];
  /** Asks something: a question mark, or a Japanese question ending (…か, …でしょうか, …ますか). */
  question: boolean;
}

export interface Analysis {
  /** The author's own words. */
  text: string;
  sentences: Sentence[];
}

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;
/** A passage in quotes is someone else's words (or a name): its contents are not the author's act. */
const QUOTED = /『[^』\n]{0,200}』|“[^”\n]{0,200}”|"[^"\n]{2,200}"|「[^」\n]{0,200}(?:[?？かね]|ですか|ますか)」/g;

/**
 * Bounds on what is analysed, so a hostile 200,000-character message costs what a long real one
 * does: the first MAX_TEXT characters of the author's words, and of a sentence longer than
 * MAX_SENTENCE its end (a Japanese sentence says what it does in its predicate, last).
 */
const MAX_TEXT = 4000;
const MAX_SENTENCE = 400;

/** The analysis of a Slack message's text (cached by text: the rules of one event read the same text). */
export const analyze = memo(analyzeUncached, 256);

function analyzeUncached(slackText: string): Analysis {
  const text = authorText(slackText);
  const sentences: Sentence[] = [];
  for (const raw of splitSentences(text.slice(0, MAX_TEXT).replace(QUOTED, '「…」'))) {
    const ja = JAPANESE.test(raw);
    const norm = normalize(raw);
    const tokens = ja ? tokenizeJapanese(norm.length > MAX_SENTENCE ? norm.slice(-MAX_SENTENCE) : norm) : [];
    const words = ja ? [] : (norm.match(/[a-z0-9]+(?:'[a-z]+)?/g) ?? []);
    sentences.push({ raw, norm, ja, tokens, words, question: isQuestion(norm, tokens) });
  }
  return { text, sentences };
}

/** Sentences: after 。!? (full or half width), after an English full stop before a capital, at line breaks; bullets and list numbers are dropped. */
export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[。．！？!?])(?![!?！？」』)])|(?<=[a-z0-9)\]][.])\s+(?=[A-Z"“])|\n+/u)
    .map((s) => s.replace(/^\s*(?:[-・•*●◆■□▶→>]|\d{1,2}[.)．、]|[①-⑳])\s*/u, '').trim())
    .filter((s) => /[\p{L}\p{N}]/u.test(s));
}

/** Japanese sentence-final particles that close a question: か, かな, かね, の (rising, in writing with ?). */
function isQuestion(norm: string, tokens: JaToken[]): boolean {
  if (/[?？]\s*$|[?？](?=\s|[)」』】]|$)/.test(norm)) return true;
  if (!tokens.length) return false;
  // The last content morpheme: punctuation, emoji, 笑 and sentence-final ね/よ/な are skipped.
  let i = tokens.length - 1;
  while (i >= 0 && (tokens[i].pos === '記号' || /^[ねよなわ〜~ー…・w笑]+$/.test(tokens[i].surface))) i--;
  const last = tokens[i];
  if (!last) return false;
  return last.pos === '助詞' && (last.surface === 'か' || last.surface === 'かな' || last.surface === 'かしら');
}

/** Base forms of a sentence's morphemes (Japanese) or its words (English). */
export function lemmas(s: Sentence): string[] {
  return s.ja ? s.tokens.map((t) => t.base) : s.words;
}
