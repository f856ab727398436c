import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { speedUpKuromoji } from './kuromoji-speedup';

/**
 * Japanese morphological analysis with kuromoji (IPADIC, the analyser textlint's Japanese rules use;
 * its dictionary ships inside the npm package, so nothing is fetched at run time). Measured here
 * against ICU's word segmenter (Intl.Segmenter, built into Node, ~9× faster and no memory): ICU
 * splits 「いたしました」 as い|た|しま|した and gives no parts of speech or base forms, so every rule
 * would be back to matching surface strings; kuromoji tells 何卒 from 何, いつも from いつ, and gives
 * each verb's base form and conjugation, which is what the dialogue acts (src/text/acts.ts) read.
 *
 * The dictionary is loaded synchronously, once per process, on first use: detectors are pure and
 * synchronous, and the bot and the audit warm it at start-up (`loadJapanese`) so the first message
 * does not pay ~1–2 s. It costs ~200 MB of typed arrays; see bench/RESULTS.md for the bot's memory.
 */
export interface JaToken {
  surface: string;
  /** 品詞: 名詞, 動詞, 助動詞, 助詞, 形容詞, 副詞, 連体詞, 記号, … */
  pos: string;
  /** 品詞細分類1: 代名詞, 非自立, 接尾, 係助詞, 終助詞, … */
  pos1: string;
  /** 基本形 (the surface for unknown words). */
  base: string;
  /** 活用形: 基本形, 連用形, 未然形, … ('*' when none). */
  form: string;
}

interface KuromojiToken {
  surface_form: string;
  pos: string;
  pos_detail_1: string;
  basic_form: string;
  conjugated_form: string;
}
export interface KuromojiTokenizer {
  tokenize(text: string): KuromojiToken[];
}

let tokenizer: KuromojiTokenizer | undefined;

function dictionaryDir(): string {
  return path.join(path.dirname(require.resolve('kuromoji/package.json')), 'dict');
}

function readBuffer(dir: string, file: string): ArrayBuffer {
  const raw = zlib.gunzipSync(fs.readFileSync(path.join(dir, file)));
  return new Uint8Array(raw).buffer;
}

/** Load the dictionary now (idempotent); the bot calls it before it says it is ready. */
export function loadJapanese(): void {
  tokenizer ??= createKuromoji();
}

/** A kuromoji tokenizer over the packaged IPADIC; `speedUp: false` is the library as shipped (for the parity test). */
export function createKuromoji({ speedUp = true } = {}): KuromojiTokenizer {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const DynamicDictionaries = require('kuromoji/src/dict/DynamicDictionaries');
  const Tokenizer = require('kuromoji/src/Tokenizer');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const dir = dictionaryDir();
  const b = (f: string) => readBuffer(dir, f);
  const dic = new DynamicDictionaries();
  dic.loadTrie(new Int32Array(b('base.dat.gz')), new Int32Array(b('check.dat.gz')));
  dic.loadTokenInfoDictionaries(new Uint8Array(b('tid.dat.gz')), new Uint8Array(b('tid_pos.dat.gz')), new Uint8Array(b('tid_map.dat.gz')));
  dic.loadConnectionCosts(new Int16Array(b('cc.dat.gz')));
  dic.loadUnknownDictionaries(
    new Uint8Array(b('unk.dat.gz')),
    new Uint8Array(b('unk_pos.dat.gz')),
    new Uint8Array(b('unk_map.dat.gz')),
    new Uint8Array(b('unk_char.dat.gz')),
    new Uint32Array(b('unk_compat.dat.gz')),
    new Uint8Array(b('unk_invoke.dat.gz')),
  );
  if (speedUp) speedUpKuromoji(dic);
  return new Tokenizer(dic) as KuromojiTokenizer;
}

export function japaneseLoaded(): boolean {
  return tokenizer !== undefined;
}

/** Control characters, non-characters and lone surrogates: kuromoji's lattice breaks on them (a NUL throws). */
const UNREADABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Morphemes of one sentence of Japanese text. */
export function tokenizeJapanese(text: string): JaToken[] {
  if (!tokenizer) loadJapanese();
  return tokenizer!.tokenize(text.replace(UNREADABLE, ' ')).map((t) => ({
    surface: t.surface_form,
    pos: t.pos,
    pos1: t.pos_detail_1,
    base: t.basic_form === '*' ? t.surface_form : t.basic_form,
    form: t.conjugated_form,
  }));
}
