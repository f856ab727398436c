import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';

/**
 * Unpack a zip export to a folder, streaming one entry at a time (yauzl), with entry names decoded
 * the way the archive was really written. Zips made on Japanese Windows store names in Shift_JIS
 * without the UTF-8 flag; read as CP437 (the zip default) 「営業」 would become mojibake, match no
 * name in channels.json and the channel would silently drop out of the audit.
 */
export async function unzipExport(zipPath: string, dest: string, onWarning: (msg: string) => void = () => undefined): Promise<void> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(zipPath, { lazyEntries: true, decodeStrings: false, autoClose: true }, (err, z) => (err || !z ? reject(err ?? new Error('cannot open')) : resolve(z))),
  );
  const root = path.resolve(dest);
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', () => resolve());
    zip.on('entry', (entry: yauzl.Entry) => {
      const name = decodeEntryName(entry.fileName as unknown as Buffer, (entry.generalPurposeBitFlag & 0x800) !== 0);
      const target = path.resolve(root, name);
      // Zip-slip: an entry may not write outside the destination.
      if (target !== root && !target.startsWith(root + path.sep)) {
        onWarning(`${zipPath}: entry "${name}" points outside the export; skipped`);
        zip.readEntry();
        return;
      }
      if (name.endsWith('/')) {
        fs.mkdirSync(target, { recursive: true });
        zip.readEntry();
        return;
      }
      fs.mkdirSync(path.dirname(target), { recursive: true });
      zip.openReadStream(entry, (err, stream) => {
        if (err || !stream) return reject(err ?? new Error(`cannot read ${name}`));
        pipeline(stream, fs.createWriteStream(target)).then(() => zip.readEntry(), reject);
      });
    });
    zip.readEntry();
  });
}

/** UTF-8 when flagged or valid; else Shift_JIS when it decodes cleanly; else CP437 (the zip standard). */
export function decodeEntryName(raw: Buffer, utf8Flag: boolean): string {
  const name = utf8Flag ? raw.toString('utf8') : decodeUnflagged(raw);
  return name.replace(/\\/g, '/');
}

function decodeUnflagged(raw: Buffer): string {
  if (raw.every((b) => b < 0x80)) return raw.toString('latin1');
  for (const encoding of ['utf-8', 'shift_jis']) {
    try {
      return new TextDecoder(encoding, { fatal: true }).decode(raw);
    } catch {
      // not this encoding
    }
  }
  return [...raw].map((b) => (b < 0x80 ? String.fromCharCode(b) : CP437_HIGH[b - 0x80])).join('');
}

// Code page 437, bytes 0x80–0xFF.
const CP437_HIGH = 'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';
