/**
 * Two hot spots of kuromoji 0.1.2, replaced on a loaded dictionary without changing one answer
 * (test/text/kuromoji-speedup.test.ts tokenises the labelled corpus both ways and compares):
 *
 * - The trie's commonPrefixSearch is called at every character with the whole rest of the sentence,
 *   and encodes all of it to UTF-8 and copies a buffer for every match before walking it: quadratic
 *   in the sentence. This walks the same double array encoding one character at a time and stops at
 *   the first miss (a word is a few characters), and takes each match's key from the string.
 * - getFeatures decodes a word's feature string from the dictionary buffer for every token of every
 *   message; the words of business chat are few, so the decoded strings are remembered (bounded).
 *
 * Measured: ~4× faster tokenisation of chat messages (bench/RESULTS.md, "Japanese analysis").
 */
interface DoubleArrayStore {
  getBase(i: number): number;
  getCheck(i: number): number;
}
interface Trie {
  bc: DoubleArrayStore;
  commonPrefixSearch(key: string): Array<{ k: string; v?: number }>;
}
interface TokenInfoDictionary {
  getFeatures(id: string | number): string;
}

const ROOT = 0;
const TERMINAL = 0;
const FEATURE_CACHE = 50_000;

export function speedUpKuromoji(dic: { trie: Trie; token_info_dictionary: TokenInfoDictionary }): void {
  const trie = dic.trie;
  const original = trie.commonPrefixSearch.bind(trie);
  const bytes = [0, 0, 0, 0];
  trie.commonPrefixSearch = (key: string) => {
    const bc = trie.bc;
    const result: Array<{ k: string; v?: number }> = [];
    let parent = ROOT;
    for (let ci = 0; ci < key.length; ci++) {
      let code = key.charCodeAt(ci);
      let last = ci;
      if (code >= 0xd800 && code <= 0xdbff && ci + 1 < key.length) {
        const low = key.charCodeAt(ci + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          code = (code - 0xd800) * 0x400 + 0x10000 + (low - 0xdc00);
          last = ci + 1;
        }
      }
      const n = utf8(code, bytes);
      for (let b = 0; b < n; b++) {
        const child = bc.getBase(parent) + bytes[b];
        if (bc.getCheck(child) !== parent) return result;
        parent = child;
        const leaf = bc.getBase(child) + TERMINAL;
        if (bc.getCheck(leaf) !== child) continue;
        // A word ending inside a character cannot be in the dictionary; if one were, answer as before.
        if (b !== n - 1) return original(key);
        const base = bc.getBase(leaf);
        result.push(base <= 0 ? { k: key.slice(0, last + 1), v: -base - 1 } : { k: key.slice(0, last + 1) });
      }
      ci = last;
    }
    return result;
  };

  const tid = dic.token_info_dictionary;
  const getFeatures = tid.getFeatures.bind(tid);
  const features = new Map<string | number, string>();
  tid.getFeatures = (id) => {
    let f = features.get(id);
    if (f === undefined) {
      f = getFeatures(id);
      if (features.size < FEATURE_CACHE) features.set(id, f);
    }
    return f;
  };
}

/** UTF-8 bytes of one code point (unpaired surrogates as themselves, as the original encoder did). */
function utf8(code: number, out: number[]): number {
  if (code < 0x80) {
    out[0] = code;
    return 1;
  }
  if (code < 0x800) {
    out[0] = 0xc0 | (code >> 6);
    out[1] = 0x80 | (code & 0x3f);
    return 2;
  }
  if (code < 0x10000) {
    out[0] = 0xe0 | (code >> 12);
    out[1] = 0x80 | ((code >> 6) & 0x3f);
    out[2] = 0x80 | (code & 0x3f);
    return 3;
  }
  out[0] = 0xf0 | (code >> 18);
  out[1] = 0x80 | ((code >> 12) & 0x3f);
  out[2] = 0x80 | ((code >> 6) & 0x3f);
  out[3] = 0x80 | (code & 0x3f);
  return 4;
}
