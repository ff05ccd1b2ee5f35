import fp from 'fastify-plugin';
import { teamWriter, type Db } from '../../db/index.ts';
import { ArticlesRepository } from '../../db/repositories/articles.ts';
import { ClaimsRepository } from '../../db/repositories/claims.ts';
import { DismissalsRepository } from '../../db/repositories/dismissals.ts';
import { DocumentsRepository } from '../../db/repositories/documents.ts';
import { RunsRepository } from '../../db/repositories/runs.ts';
import { UsersRepository } from '../../db/repositories/users.ts';
import type { Config } from '../config.ts';
import { DismissalsFileError, DismissalsFileWatch } from '../dismissals/file.ts';

export interface Repositories {
  documents: DocumentsRepository;
  runs: RunsRepository;
  users: UsersRepository;
  claims: ClaimsRepository;
  articles: ArticlesRepository;
  dismissals: DismissalsRepository;
}

declare module 'fastify' {
  interface FastifyInstance {
    repos: Repositories;
    config: Config;
    db: Db;
    /** The clock for claims and expiry; tests inject a fake one. */
    now: () => Date;
  }
}

/** Decorates the app with the repositories: routes reach data only through them. */
export const repositoriesPlugin = fp<{ db: Db; config: Config; now?: () => Date }>(async (app, { db, config, now }) => {
  // A request handler never waits on a lock synchronously (that would stall every request):
  // users and claims writes fail at once when busy and are retried on a timer (teamWrite).
  const writer = teamWriter(db);
  if (writer !== db) writer.pragma('busy_timeout = 0');
  app.decorate('db', db);
  app.decorate('config', config);
  app.decorate('now', now ?? (() => new Date()));
  app.decorate('repos', {
    documents: new DocumentsRepository(db),
    runs: new RunsRepository(db),
    users: new UsersRepository(db),
    claims: new ClaimsRepository(db),
    articles: new ArticlesRepository(db, { titleVersion: config.layout.defaultVersion }),
    dismissals: new DismissalsRepository(db),
  });
  // The repository's dismissals file (.l10n-drift-dismissed.json at the site root), as CI reads it:
  // a bad file stops the server from starting; edited later, it is re-read on the next API request,
  // and a bad edit keeps the entries last read (and is logged, naming the entry).
  const watch = new DismissalsFileWatch(config.root, (entries) => app.repos.dismissals.loadFile(entries));
  watch.refresh();
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    try {
      watch.refresh();
    } catch (err) {
      if (!(err instanceof DismissalsFileError)) throw err;
      request.log.error(err.message);
    }
  });
});
