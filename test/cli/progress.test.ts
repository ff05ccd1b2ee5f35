import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../server/cli/main.ts';
import { copySample } from '../checks/helpers.ts';

// `index` shows a progress bar on a terminal (cli-progress, loaded only then) and plain
// progress lines elsewhere; --quiet shows neither.

const root = copySample();
const dbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-progress-db-'));

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(dbDir, { recursive: true, force: true });
});

/** `l10n-drift index` with stderr a terminal or not; what it wrote there. */
async function index(db: string, tty: boolean, ...args: string[]): Promise<{ code: number; err: string }> {
  const stdout = new PassThrough();
  const stderr = Object.assign(new PassThrough(), { isTTY: tty, columns: 100 });
  let err = '';
  stdout.resume();
  stderr.on('data', (d) => (err += String(d)));
  const code = await run(['index', '--root', root, '--db', db, '--no-checks', ...args], { stdout, stderr, cwd: root, env: {} });
  return { code, err };
}

describe('index progress', () => {
  it('is a bar on a terminal, lines elsewhere, nothing with --quiet', async () => {
    const onTerminal = await index(path.join(dbDir, 'tty.db'), true);
    expect(onTerminal.code, onTerminal.err).toBe(0);
    expect(onTerminal.err).toMatch(/parsing [█░]+ \d+\/\d+ files \| \d+ files\/s/);

    const piped = await index(path.join(dbDir, 'piped.db'), false);
    expect(piped.code, piped.err).toBe(0);
    expect(piped.err).toMatch(/^parsing (\d+)\/\1 files$/m);
    expect(piped.err).not.toMatch(/[█░]/);

    const quiet = await index(path.join(dbDir, 'quiet.db'), true, '--quiet');
    expect(quiet.code, quiet.err).toBe(0);
    expect(quiet.err).toBe('');
  });
});
