// Dismissals key on what a finding says, not where it is (issue 20): findings get a content
// digest (message and data without line lists, contentDigestOf), computed here for the rows
// stored before; the team file's standing dismissals, which held the finding's full digest
// (lines included), take the content digest of the finding they still match. A dismissal that
// no longer matched stays as it was: its finding had changed, so it had come back already.
// Dismissals in a repository's .l10n-drift-dismissed.json keep their full digests until they are
// written again; DISMISSED_SQL matches those too.
import type { Db } from '../index.ts';
import { contentDigestOf } from '../repositories/findings.ts';

export function up(db: Db): void {
  const columns = db.pragma('main.table_info(findings)') as { name: string }[];
  if (!columns.some((c) => c.name === 'content_digest')) db.exec('ALTER TABLE main.findings ADD COLUMN content_digest TEXT');
  const set = db.prepare('UPDATE main.findings SET content_digest = ? WHERE id = ?');
  const rows = db.prepare('SELECT id, message_id, message, data_json FROM main.findings WHERE content_digest IS NULL').all() as {
    id: number;
    message_id: string;
    message: string;
    data_json: string;
  }[];
  for (const r of rows) set.run(contentDigestOf(r), r.id);
  const team = (db.pragma('database_list') as { name: string }[]).some((d) => d.name === 'team');
  const dismissals = team && db.prepare("SELECT 1 FROM team.sqlite_master WHERE type = 'table' AND name = 'dismissals'").get() !== undefined;
  if (dismissals) {
    db.exec(`UPDATE team.dismissals SET digest = (
        SELECT f.content_digest FROM main.findings f WHERE f.fingerprint = dismissals.fingerprint AND f.digest = dismissals.digest AND f.resolved_run IS NULL)
      WHERE undone_at IS NULL AND EXISTS (
        SELECT 1 FROM main.findings f WHERE f.fingerprint = dismissals.fingerprint AND f.digest = dismissals.digest AND f.resolved_run IS NULL)`);
  }
}
