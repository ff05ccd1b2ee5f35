import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Static } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { CHECKS } from '../checks/registry.ts';
import { checkSeverityIn } from '../checks/run.ts';
import { checkName, docSummary } from '../shared/check-names.ts';
import { ChecksResponse, errorResponses, type CheckInfo } from './schemas.ts';

const DOCS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'checks', 'docs');

const checksRoutes: FastifyPluginAsync = async (app) => {
  // Doc pages come from our own source tree, read once at start-up (never from request input).
  const checks = CHECKS.map((c) => {
    const setting = app.config.checks[c.id];
    // Off everywhere by the config, or by the layout (macro-mismatch on GitHub Docs) unless the config names it.
    const layoutOff = setting === undefined ? (app.config.layout.checksOff?.[c.id] ?? null) : null;
    const enabled = layoutOff === null && !(setting === 'off' || (typeof setting === 'object' && setting.enabled === false));
    const severity =
      typeof setting === 'string' && setting !== 'off' ? setting : typeof setting === 'object' && setting.severity ? setting.severity : c.severity;
    let page: string;
    try {
      page = fs.readFileSync(path.join(DOCS_DIR, `${c.id}.md`), 'utf8');
    } catch {
      page = '';
    }
    return { id: c.id, name: checkName(c.id), summary: docSummary(page) ?? c.docs, severity, docs: c.docs, page, enabled, offReason: layoutOff };
  });

  app.get(
    '/checks',
    {
      schema: {
        summary: 'The checks: ids, names, one-line docs, severities, doc pages, and the locales each is off in',
        tags: ['checks'],
        response: { 200: ChecksResponse, ...errorResponses },
      },
    },
    async (): Promise<{ checks: Static<typeof CheckInfo>[] }> => {
      const locales = app.repos.documents.locales();
      return {
        checks: checks.map((c) => ({
          ...c,
          offIn: c.enabled ? locales.filter((l) => l !== app.config.layout.sourceLocale && checkSeverityIn(app.config, c.id, l) === null) : [],
        })),
      };
    },
  );
};

export default checksRoutes;
