import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../../db/index.ts';
import { DocumentsRepository } from '../../db/repositories/documents.ts';
import { RunsRepository } from '../../db/repositories/runs.ts';
import { emptyDocument } from '../../server/indexer/parse.ts';

let dir: string | undefined;
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

// The index state leaves the content hash out (read per file only when a stat changed): what it
// says of each stored file must still be what the stored row says.
describe('DocumentsRepository.indexState', () => {
  it('says which stored files were unreadable, and contentHash reads the hash a changed file is compared with', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-drift-state-'));
    const db = openDb(path.join(dir, 'drift.db'));
    try {
      const run = new RunsRepository(db).start(new Date('2026-01-05T00:00:00Z'));
      const docs = new DocumentsRepository(db);
      const file = (key: string) => ({
        locale: 'ja-JP',
        key,
        kind: 'page' as const,
        path: `translations/ja-JP/content/${key}.md`,
        size: 3,
        mtimeMs: 1.5,
        redirects: [],
      });
      const read = emptyDocument(new TextEncoder().encode('abc'), null);
      const unreadable = emptyDocument(new Uint8Array(0), { code: 'unreadable', message: 'Cannot read file: EACCES' }, 'unreadable:EACCES', 3);
      // A hash that only contains the word is a readable file's.
      const lookalike = emptyDocument(new Uint8Array(0), null, 'x-unreadable:EACCES', 3);
      const ids = [
        docs.store(run, file('read'), read, { isNew: true, keepHistory: false }),
        docs.store(run, file('unreadable'), unreadable, { isNew: true, keepHistory: false }),
        docs.store(run, file('lookalike'), lookalike, { isNew: true, keepHistory: false }),
      ];
      docs.markDeleted(ids[2]!, run, file('lookalike').path);
      const state = docs.indexState().sort((a, b) => a.id - b.id);
      expect(state).toEqual([
        { id: ids[0], locale: 'ja-JP', key: 'read', path: file('read').path, size: 3, mtime_ms: 1.5, unreadable: false, deleted_run: null },
        { id: ids[1], locale: 'ja-JP', key: 'unreadable', path: file('unreadable').path, size: 3, mtime_ms: 1.5, unreadable: true, deleted_run: null },
        { id: ids[2], locale: 'ja-JP', key: 'lookalike', path: file('lookalike').path, size: 3, mtime_ms: 1.5, unreadable: false, deleted_run: run },
      ]);
      expect(ids.map((id) => docs.contentHash(id))).toEqual([read.contentHash, 'unreadable:EACCES', 'x-unreadable:EACCES']);
    } finally {
      db.close();
    }
  });
});
