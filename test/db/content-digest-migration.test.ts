/**
 * Migration 012: findings get a content digest (what they say, not where), and the team file's
 * standing dismissals, which held a finding's full digest (its line included), take the content
 * digest of the finding they matched, so they keep applying when lines are added above it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../db/index.ts';
import { contentDigestOf, DISMISSED_SQL } from '../../db/repositories/findings.ts';

describe('migration 012-finding-content-digest', () => {
  it('fills content digests and moves matching dismissals onto them; a stale dismissal stays as it was', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-012-')), 'drift.db');
    let db = openDb(file);
    db.prepare("INSERT INTO runs (id, started_at, status) VALUES (1, '2026-01-01T00:00:00Z', 'complete')").run();
    const insert = db.prepare(`INSERT INTO findings (fingerprint, run_id, locale, key, path, check_id, message_id, severity, message, data_json, line,
      first_run, last_run, digest) VALUES (?, 1, 'ja-JP', 'a', 'a.md', 'structure-mismatch', 'headingShift', 'warning', 'Two headings', ?, 7, 1, 1, ?)`);
    const data = '{"count":2,"lines":[7,9]}';
    insert.run('f'.repeat(24), data, 'A'.repeat(27) + '=');
    insert.run('e'.repeat(24), data, 'B'.repeat(27) + '=');
    const dismiss = db.prepare(`INSERT INTO team.dismissals (fingerprint, digest, locale, key, check_id, kind, reason, by_name, created_at)
      VALUES (?, ?, 'ja-JP', 'a', 'structure-mismatch', 'false-alarm', 'as intended', 'kenji', '2026-01-01T00:00:00Z')`);
    dismiss.run('f'.repeat(24), 'A'.repeat(27) + '='); // matches its finding's full digest
    dismiss.run('e'.repeat(24), 'C'.repeat(27) + '='); // its finding changed since: not dismissed
    // As a database of the release before 012 has them.
    db.exec("UPDATE findings SET content_digest = NULL; DELETE FROM migrations WHERE name = '012-finding-content-digest.ts'");
    db.close();

    db = openDb(file);
    try {
      const content = contentDigestOf({ message_id: 'headingShift', message: 'Two headings', data_json: data });
      // Line lists are where, not what: the same finding two lines lower has the same content digest.
      expect(contentDigestOf({ message_id: 'headingShift', message: 'Two headings', data_json: '{"count":2,"lines":[9,11]}' })).toBe(content);
      expect(contentDigestOf({ message_id: 'headingShift', message: 'Three headings', data_json: data })).not.toBe(content);
      expect(db.prepare('SELECT DISTINCT content_digest FROM findings').pluck().all()).toEqual([content]);
      expect(db.prepare('SELECT fingerprint, digest FROM team.dismissals ORDER BY fingerprint').all()).toEqual([
        { fingerprint: 'e'.repeat(24), digest: 'C'.repeat(27) + '=' },
        { fingerprint: 'f'.repeat(24), digest: content },
      ]);
      // The line moves (a new full digest): still dismissed by content.
      db.prepare("UPDATE findings SET line = 9, digest = 'D' || substr(digest, 2)").run();
      expect(db.prepare(`SELECT fingerprint FROM findings WHERE ${DISMISSED_SQL}`).pluck().all()).toEqual(['f'.repeat(24)]);
    } finally {
      db.close();
    }
  });
});
