/** Unknown locales on the command line and in the config exit 2 naming the known ones (they used to read as "no findings"). */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTICLE, copySample, indexRoot, type Indexed } from '../checks/helpers.ts';
import { runCli, type CliResult } from './helpers.ts';

let site: Indexed;
beforeAll(async () => {
  site = await indexRoot(copySample());
  site.close();
});
afterAll(() => fs.rmSync(site.root, { recursive: true, force: true }));

function cli(args: string[]): Promise<CliResult> {
  const [command, ...rest] = args;
  return runCli([command!, '--root', site.root, '--db', site.config.db, ...rest], { cwd: site.root, now: () => new Date('2024-01-10T00:00:00Z') });
}

const KNOWN = 'Indexed locales: de-DE, en, es-ES, ja-JP, pt-BR, zh-CN';

describe('unknown locales on the command line', () => {
  it.each([
    [['check', '--locale', 'zh-cn'], '--locale: unknown locale "zh-cn"; did you mean "zh-CN"?'],
    [['check', '--locale', 'xx', '--fail-on', 'never'], '--locale: unknown locale "xx".'],
    [['check', '--locale', 'ja_JP', '--format', 'json'], 'did you mean "ja-JP"?'],
    [['report', '--locale', 'PT-BR'], '--locale: unknown locale "PT-BR"; did you mean "pt-BR"?'],
    [['diff', 'ja-jp', ARTICLE], '<locale>: unknown locale "ja-jp"; did you mean "ja-JP"?'],
  ])('%j exits 2 naming the indexed locales', async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(message);
    expect(r.err).toContain(KNOWN);
  });

  it('still runs for a known locale', async () => {
    const r = await cli(['check', '--locale', 'zh-CN', '--fail-on', 'never']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^zh-CN: \d+ findings/m);
  });

  it('index refuses config locales that are not on disk, suggesting the one that is', async () => {
    const config = path.join(site.root, 'bad-locales.json');
    fs.writeFileSync(config, JSON.stringify({ locales: ['ja-JP', 'zh-cn'], workers: 0 }));
    const r = await cli(['index', '--config', config, '--quiet', '--no-checks']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown locale in config "locales" "zh-cn"; did you mean "zh-CN"?');
    expect(r.err).toContain('de-DE, es-ES, ja-JP, pt-BR, zh-CN');
    fs.writeFileSync(config, JSON.stringify({ locales: ['ja-JP', 'zh-CN'], workers: 0 }));
    const ok = await cli(['index', '--config', config, '--quiet', '--no-checks']);
    expect(ok.code, ok.err).toBe(0);
  });
});
