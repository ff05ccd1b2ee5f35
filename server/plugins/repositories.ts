import fp from 'fastify-plugin';
import { teamWriter, type Db } from '../../db/index.ts';
import { ArticlesRepository } from '../../db/repositories/articles.ts';
import { ClaimsRepository } from '../../db/repositories/claims.ts';
import { DocumentsRepository } from '../../db/repositories/documents.ts';
import { RunsRepository } from '../../db/repositories/runs.ts';
import { UsersRepository } from '../../db/repositories/users.ts';
import type { Config } from '../config.ts';

export interface Repositories {
  documents: DocumentsRepository;
  runs: RunsRepository;
  users: UsersRepository;
  claims: ClaimsRepository;
  articles: ArticlesRepository;
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
    articles: new ArticlesRepository(db),
  });
});
