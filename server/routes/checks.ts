import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Static } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { CHECKS } from '../checks/registry.ts';
import { ChecksResponse, errorResponses, type CheckInfo } from './schemas.ts';

const DOCS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'checks', 'docs');

const checksRoutes: FastifyPluginAsync = async (app) => {
  // Doc pages come from our own source tree, read once at start-up (never from request input).
  const checks: Static<typeof CheckInfo>[] = CHECKS.map((c) => {
    const setting = app.config.checks[c.id];
    const enabled = !(setting === 'off' || (typeof setting === 'object' && setting.enabled === false));
    const severity =
      typeof setting === 'string' && setting !== 'off' ? setting : typeof setting === 'object' && setting.severity ? setting.severity : c.severity;
    let page: string;
    try {
      page = fs.readFileSync(path.join(DOCS_DIR, `${c.id}.md`), 'utf8');
    } catch {
      page = '';
    }
    return { id: c.id, severity, docs: c.docs, page, enabled };
  });

  app.get(
    '/checks',
    { schema: { summary: 'The checks: ids, one-line docs, severities and doc pages', tags: ['checks'], response: { 200: ChecksResponse, ...errorResponses } } },
    async () => ({ checks }),
  );
};

export default checksRoutes;
