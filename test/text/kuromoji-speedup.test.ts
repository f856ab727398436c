import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { createKuromoji } from '../../src/text/japanese';

/** Every string of the labelled corpora, and the awkward inputs: emoji, surrogate pairs, latin, long runs. */
function texts(): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  const dirs = [path.join(__dirname, '..', 'corpus'), path.join(__dirname, '..', 'corpus', 'rules')];
  for (const dir of dirs) for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.yaml'))) walk(YAML.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
  out.push('😀 𠮷野家でcafé ok? ｶﾀｶﾅ ＡＢＣ 123,456円', 'あ'.repeat(500), '株式会社'.repeat(100), 'ーーー〜〜〜!!!???', '');
  return out;
}

describe('kuromoji speed-up', () => {
  it('tokenises every corpus text exactly as kuromoji as shipped', () => {
    const shipped = createKuromoji({ speedUp: false });
    const fast = createKuromoji();
    const all = texts();
    expect(all.length).toBeGreaterThan(3000);
    const differing = all.filter((t) => JSON.stringify(fast.tokenize(t)) !== JSON.stringify(shipped.tokenize(t)));
    expect(differing).toEqual([]);
  });
});
