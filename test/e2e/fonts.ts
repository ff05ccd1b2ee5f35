/**
 * CJK fonts for the test browser on machines that have none (fc-list shows DejaVu only here).
 *
 * The dev dependencies `@fontsource/noto-sans-jp`, `-sc` and `-kr` ship each font as ~100
 * unicode-range subsets in WOFF and WOFF2. The bundled Chromium's fontconfig scans a folder
 * named in FONTCONFIG_FILE but takes neither format as a system font (measured: tofu boxes with
 * both), so the WOFF files of the weights the dashboard uses are unpacked to plain TrueType
 * (WOFF 1.0 is the sfnt tables, each zlib-compressed: https://www.w3.org/TR/WOFF/) into a folder
 * under the temp dir, and a fonts.conf that includes the system's and adds that folder is handed
 * to the browser as FONTCONFIG_FILE. Chromium's font fallback then finds a glyph for every
 * Japanese, Chinese and Korean character, as on a desktop with Noto CJK installed. The product
 * is unchanged: nothing is served or injected into the page.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { createRequire } from 'node:module';

const PACKAGES = ['@fontsource/noto-sans-jp', '@fontsource/noto-sans-sc', '@fontsource/noto-sans-kr'];
/** The weights the dashboard's CSS uses (body text, 600 and 700 headings and labels). */
const WEIGHTS = ['400', '700'];

/** WOFF 1.0 → sfnt (TrueType/OpenType) bytes. */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.readUInt32BE(0) !== 0x774f4646) throw new Error('not a WOFF 1.0 file');
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const tables: { tag: number; checksum: number; data: Buffer }[] = [];
  for (let i = 0; i < numTables; i++) {
    const at = 44 + i * 20;
    const tag = woff.readUInt32BE(at);
    const offset = woff.readUInt32BE(at + 4);
    const compLength = woff.readUInt32BE(at + 8);
    const origLength = woff.readUInt32BE(at + 12);
    const checksum = woff.readUInt32BE(at + 16);
    const raw = woff.subarray(offset, offset + compLength);
    const data = compLength < origLength ? inflateSync(raw) : raw;
    if (data.length !== origLength) throw new Error(`WOFF table ${i}: ${data.length} bytes, expected ${origLength}`);
    tables.push({ tag, checksum, data });
  }
  let entrySelector = 0;
  while (2 ** (entrySelector + 1) <= numTables) entrySelector++;
  const searchRange = 2 ** entrySelector * 16;
  const header = Buffer.alloc(12 + numTables * 16);
  header.writeUInt32BE(flavor, 0);
  header.writeUInt16BE(numTables, 4);
  header.writeUInt16BE(searchRange, 6);
  header.writeUInt16BE(entrySelector, 8);
  header.writeUInt16BE(numTables * 16 - searchRange, 10);
  const parts: Buffer[] = [header];
  let offset = header.length;
  tables.forEach((t, i) => {
    const at = 12 + i * 16;
    header.writeUInt32BE(t.tag, at);
    header.writeUInt32BE(t.checksum, at + 4);
    header.writeUInt32BE(offset, at + 8);
    header.writeUInt32BE(t.data.length, at + 12);
    const padded = Buffer.alloc((t.data.length + 3) & ~3);
    t.data.copy(padded);
    parts.push(padded);
    offset += padded.length;
  });
  return Buffer.concat(parts);
}

/**
 * Writes (once per package version) the TrueType files and a fonts.conf under the temp dir and
 * returns the fonts.conf path, for the browser's FONTCONFIG_FILE.
 */
export function cjkFontConfig(): string {
  const require = createRequire(import.meta.url);
  const sources = PACKAGES.map((name) => {
    const manifest = require.resolve(`${name}/package.json`);
    const version = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string }).version;
    return { name, version, files: path.join(path.dirname(manifest), 'files') };
  });
  const id = sources.map((s) => `${s.name.split('/')[1]}-${s.version}`).join('_');
  const dir = path.join(os.tmpdir(), `l10n-drift-cjk-fonts-${id}`);
  const conf = path.join(dir, 'fonts.conf');
  if (fs.existsSync(conf)) return conf;

  // Built beside the target and renamed, so a killed or concurrent run never leaves half a folder.
  const staging = fs.mkdtempSync(`${dir}-`);
  try {
    for (const s of sources) {
      for (const file of fs.readdirSync(s.files)) {
        if (!file.endsWith('-normal.woff') || !WEIGHTS.some((w) => file.endsWith(`-${w}-normal.woff`))) continue;
        fs.writeFileSync(path.join(staging, file.replace(/\.woff$/, '.ttf')), woffToSfnt(fs.readFileSync(path.join(s.files, file))));
      }
    }
    const system = fs.existsSync('/etc/fonts/fonts.conf') ? '/etc/fonts/fonts.conf' : undefined;
    fs.writeFileSync(
      path.join(staging, 'fonts.conf'),
      [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
        '<fontconfig>',
        system ? `  <include ignore_missing="yes">${system}</include>` : `  <dir>${path.join(os.tmpdir(), 'fonts')}</dir>`,
        `  <dir>${dir}</dir>`,
        `  <cachedir>${path.join(dir, 'cache')}</cachedir>`,
        '</fontconfig>',
        '',
      ].join('\n'),
    );
    try {
      fs.renameSync(staging, dir);
    } catch (e) {
      // Another process won the race: its folder is complete.
      if (!fs.existsSync(conf)) throw e;
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return conf;
}
