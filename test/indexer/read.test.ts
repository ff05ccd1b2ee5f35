import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readAndParse, type ReadJob, type ReaderSettings } from '../../server/indexer/read.ts';
import { readRegularFile } from '../../server/indexer/read-file.ts';
import { DEFAULT_LIMITS } from '../../server/indexer/limits.ts';
import { tempDir } from './helpers.ts';

// A file the walk saw as a regular file, replaced before it is read (issue 19).
const settings: ReaderSettings = { layout: 'github-docs', ...DEFAULT_LIMITS };
const job = (absPath: string): ReadJob => ({ seq: 1, absPath, kind: 'page', locale: 'ja-JP', size: 40, knownHash: null });
const SECRET = '---\ntitle: root:x:0:0:root\n---\n\nroot:x:0:0:root:/root:/bin/bash\n';

let writer: ChildProcess | null = null;
afterEach(() => {
  // The FIFO's writer blocks until a reader opens the FIFO; the fixed reader never reads it.
  if (writer && writer.exitCode === null) writer.kill();
  writer = null;
});

describe('a file replaced between the walk and the read', () => {
  it('by a symbolic link: not followed, a parse error naming the link', () => {
    const dir = tempDir('read');
    fs.writeFileSync(path.join(dir, 'secret'), SECRET);
    fs.symlinkSync(path.join(dir, 'secret'), path.join(dir, 'page.md'));
    const result = readAndParse(job(path.join(dir, 'page.md')), settings);
    expect(result.unchanged).toBe(false);
    if (result.unchanged) return;
    expect(result.parsed.error).toEqual({ code: 'unreadable', message: expect.stringContaining('symbolic link') });
    expect(result.parsed.title).toBeNull();
    expect(JSON.stringify(result.parsed)).not.toContain('root:x:0:0');
  });

  it('by a FIFO: not read (it blocked the run forever), a parse error naming the FIFO', () => {
    const dir = tempDir('read');
    const fifo = path.join(dir, 'page.md');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    // A writer, so that the old blocking read returned (and failed this test) instead of hanging.
    writer = spawn('sh', ['-c', `printf '%s' '${SECRET}' > "$1"`, 'sh', fifo], { stdio: 'ignore' });
    const started = Date.now();
    const result = readAndParse(job(fifo), settings);
    expect(Date.now() - started).toBeLessThan(5000);
    if (result.unchanged) throw new Error('a FIFO is never unchanged');
    expect(result.parsed.error).toEqual({ code: 'unreadable', message: expect.stringContaining('FIFO') });
    expect(result.parsed.title).toBeNull();
  });

  it.each([
    ['a folder', (p: string) => fs.mkdirSync(p), 'folder'],
    ['a dangling link', (p: string) => fs.symlinkSync(path.join(path.dirname(p), 'nowhere'), p), 'symbolic link'],
  ])('by %s: a parse error', (_, make, words) => {
    const file = path.join(tempDir('read'), 'page.md');
    make(file);
    const result = readAndParse(job(file), settings);
    if (result.unchanged) throw new Error('never unchanged');
    expect(result.parsed.error?.code).toBe('unreadable');
    expect(result.parsed.error?.message).toContain(words);
  });

  it('a regular file is read and parsed as before, over-size ones by their head', () => {
    const dir = tempDir('read');
    fs.writeFileSync(path.join(dir, 'page.md'), SECRET);
    const ok = readAndParse(job(path.join(dir, 'page.md')), settings);
    expect(ok.unchanged === false && ok.parsed.title).toBe('root:x:0:0:root');
    fs.writeFileSync(path.join(dir, 'big.md'), 'x'.repeat(3000));
    const big = readAndParse(job(path.join(dir, 'big.md')), { ...settings, maxFileBytes: 2048 });
    expect(big.unchanged === false && big.parsed.error?.code).toBe('size');
    expect(
      readAndParse({ ...job(path.join(dir, 'big.md')), knownHash: big.unchanged ? null : big.parsed.contentHash }, { ...settings, maxFileBytes: 2048 })
        .unchanged,
    ).toBe(true);
  });

  it('other content reads (MDN _redirects.txt, English bodies for stale detection) refuse links and FIFOs', () => {
    const dir = tempDir('read');
    fs.writeFileSync(path.join(dir, 'real'), 'a\tb\n');
    fs.symlinkSync(path.join(dir, 'real'), path.join(dir, 'link'));
    spawnSync('mkfifo', [path.join(dir, 'fifo')]);
    expect(readRegularFile(path.join(dir, 'real'))?.toString()).toBe('a\tb\n');
    expect(readRegularFile(path.join(dir, 'link'))).toBeNull();
    expect(readRegularFile(path.join(dir, 'fifo'))).toBeNull();
    expect(readRegularFile(path.join(dir, 'missing'))).toBeNull();
  });
});
