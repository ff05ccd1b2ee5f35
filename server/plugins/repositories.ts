import fp from 'fastify-plugin';
import type { Db } from '../../db/index.ts';
import { DocumentsRepository } from '../../db/repositories/documents.ts';
import { RunsRepository } from '../../db/repositories/runs.ts';
import type { Config } from '../config.ts';

export interface Repositories {
  documents: DocumentsRepository;
  runs: RunsRepository;
}

declare module 'fastify' {
  interface FastifyInstance {
    repos: Repositories;
    config: Config;
    db: Db;
  }
}

/** Decorates the app with the repositories: routes reach data only through them. */
export const repositoriesPlugin = fp<{ db: Db; config: Config }>(async (app, { db, config }) => {
  app.decorate('db', db);
  app.decorate('config', config);
  app.decorate('repos', {
    documents: new DocumentsRepository(db),
    runs: new RunsRepository(db),
  });
});
