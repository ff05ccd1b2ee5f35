import { describe, expect, it } from 'vitest';
import { corpus, noteSkipped } from '../corpus.ts';
import { snapshotRoot } from '../stress/corpus.ts';
import { indexRoot } from './helpers.ts';

// Opt-in: the false-alarm classes of docs/precision-github-docs.md, on the whole 2021-07-03 snapshot (minutes).
noteSkipped('test/checks/github-docs-corpus-2.test.ts', 'GitHub Docs false-alarm classes on the whole snapshot', true);
describe.runIf(corpus.full)('GitHub Docs snapshot: the false-alarm classes of hand check 1 are gone', () => {
  it(
    'no legacy-name versions, no drift findings in gone orphans or merged copies, no links the site resolves reported broken',
    { timeout: 1_800_000 },
    async () => {
      const site = await indexRoot(snapshotRoot());
      try {
        const all = [];
        for (let offset = 0; ; offset += 5000) {
          const page = site.findings.list({ status: 'open', limit: 5000, offset }).items;
          all.push(...page);
          if (page.length < 5000) break;
        }
        // Legacy version names with English's ranges: the site reads them as the same versions.
        expect(
          all.filter((f) => f.check_id === 'frontmatter-mismatch' && /is \{"enterprise-server":"\*"\} but English has \{"ghes":"\*"\}/.test(f.message)),
        ).toEqual([]);
        // GitHub Enterprise Server 2.23 never shipped (it became 3.0): `>=2.23` reaches the readers English's `>=3.0` does.
        expect(
          all
            .filter((f) => f.check_id === 'frontmatter-mismatch' && /"enterprise-server":">=2\.23".* but English has .*"ghes":">=3\.0"/.test(f.message))
            .map((f) => f.path),
        ).toEqual([]);
        // Files no reader gets: only orphaned-translation (and parse-error) looks at them.
        const unserved = new Set(
          all
            .filter((f) => f.check_id === 'orphaned-translation' && ['gone', 'leftover', 'merged'].includes(f.message_id) && !f.key.startsWith('reusables.'))
            .map((f) => `${f.locale}\0${f.key}`),
        );
        expect(unserved.size).toBeGreaterThan(1000);
        const onUnserved = all.filter((f) => unserved.has(`${f.locale}\0${f.key}`) && f.check_id !== 'orphaned-translation' && f.check_id !== 'parse-error');
        expect(onUnserved.map((f) => `${f.check_id} ${f.path}`)).toEqual([]);
        // Links the site serves.
        const broken = all.filter((f) => f.check_id === 'broken-link');
        expect(broken.filter((f) => /Link \/(?:desktop\/guides\/|public\/|enterprise-server\/)/.test(f.message)).map((f) => f.message)).toEqual([]);
        // The {% else %} of `fpt or ghae or ghes > 2.20` (zh-CN about-team-discussions:34) reaches no reader.
        expect(
          broken.filter((f) => f.locale === 'zh-CN' && f.key === 'organizations/collaborating-with-your-team/about-team-discussions' && f.line === 34),
        ).toEqual([]);
        // Real broken links stay: the typo in de-DE github-registered-developer-agreement.
        expect(broken.some((f) => f.locale === 'de-DE' && f.message.includes('/articles/github-trademark-plicy'))).toBe(true);
      } finally {
        site.close();
      }
    },
  );
});
