/**
 * `l10n-drift fix --locale ja-JP --write` then `index` on the GitHub Docs snapshot of
 * 2021-07-03 (a git work tree made of it): the mechanical ja-JP findings drop by ≥ 90 %, every
 * other finding keeps its fingerprint, no finding is new, no parse error is new, and git
 * changes only ja-JP files. Opt-in: L10N_DRIFT_CORPUS=full (extracting and indexing the
 * snapshot twice takes minutes).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../db/index.ts';
import { isFixable } from '../../server/fix/fixers/index.ts';
import { corpus, CORPORA, noteSkipped } from '../corpus.ts';
import { cli, gitInit } from './helpers.ts';

const SNAPSHOT = path.join(CORPORA, 'github-docs-2021-07-03.tar.gz');
const onSnapshot = corpus.full && fs.existsSync(SNAPSHOT);
noteSkipped('test/fix/corpus.test.ts', 'fix --locale ja-JP --write on the GitHub Docs snapshot', true);

interface Row {
  fingerprint: string;
  check_id: string;
  message_id: string;
  first_run: number;
  resolved_run: number | null;
}

describe.runIf(onSnapshot)('fix on the GitHub Docs snapshot (ja-JP)', () => {
  it('fixes ≥ 90 % of the mechanical findings; nothing else changes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fix-corpus-'));
    execFileSync('tar', ['xzf', SNAPSHOT, '-C', dir]);
    const root = path.join(dir, 'github-docs');
    gitInit(root);
    const config = path.join(dir, 'l10n-drift.config.json');
    fs.writeFileSync(config, JSON.stringify({ layout: 'github-docs', root, db: path.join(dir, 'drift.db'), locales: ['ja-JP'] }));
    const first = await cli(['index', '--config', config, '--quiet'], dir);
    expect(first.code, first.err).toBe(0);

    const started = performance.now();
    const fix = await cli(['fix', '--config', config, '--locale', 'ja-JP', '--write'], dir);
    const fixSeconds = (performance.now() - started) / 1000;
    expect(fix.code, fix.err).toBe(0);
    const second = await cli(['index', '--config', config, '--quiet'], dir);
    expect(second.code, second.err).toBe(0);

    const db = openDb(path.join(dir, 'drift.db'));
    try {
      const rows = db.prepare("SELECT fingerprint, check_id, message_id, first_run, resolved_run FROM findings WHERE locale = 'ja-JP'").all() as Row[];
      const [run1, run2] = (db.prepare('SELECT id, parse_errors FROM runs ORDER BY id').all() as { id: number; parse_errors: number }[]).map((r) => r);
      const before = rows.filter((r) => r.first_run === run1!.id);
      const mechanical = before.filter((r) => isFixable(r.check_id, r.message_id));
      const stillOpen = mechanical.filter((r) => r.resolved_run === null);
      const others = before.filter((r) => !isFixable(r.check_id, r.message_id));
      const drop = 1 - stillOpen.length / mechanical.length;
      const lostOthers = others.filter((r) => r.resolved_run !== null);
      const fresh = rows.filter((r) => r.first_run === run2!.id);
      const changed = execFileSync('git', ['-C', root, 'status', '--porcelain', '--no-renames'])
        .toString('utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => l.slice(3));
      console.info(
        `fix ja-JP: ${mechanical.length} mechanical findings, ${stillOpen.length} still open (drop ${(drop * 100).toFixed(1)} %); ` +
          `${others.length} others, ${lostOthers.length} resolved; ${fresh.length} new; parse errors ${run1!.parse_errors} → ${run2!.parse_errors}; ` +
          `${changed.length} files changed; fix --write ${fixSeconds.toFixed(1)} s\n${fix.out}`,
      );
      expect(mechanical.length).toBeGreaterThan(5000);
      expect(drop).toBeGreaterThanOrEqual(0.9);
      expect(lostOthers).toEqual([]);
      // Zero: fix checks each fixed file again and fixes what the fixes reveal (heading levels a
      // now-certain section pairing shows; server/fix/reveal.ts), so the re-index finds nothing new.
      expect(fresh).toEqual([]);
      expect(run2!.parse_errors).toBe(run1!.parse_errors);
      expect(changed.length).toBeGreaterThan(1500); // 1,925 files on the snapshot
      expect(changed.filter((p) => !p.startsWith('translations/ja-JP/'))).toEqual([]);
    } finally {
      db.close();
      // git may still be packing the work tree's objects in the background: retry, and never fail the test on cleanup.
      try {
        fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 500 });
      } catch (e) {
        console.warn(`could not remove ${dir}: ${String(e)}`);
      }
    }
  }, 1_800_000);
});
