import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FindingsRepository, type FindingWithStatus } from '../../db/repositories/findings.ts';
import type { StaleBase } from '../../server/checks/define.ts';
import { getCheck } from '../../server/checks/registry.ts';
import { runChecksWithBases } from '../../server/check-with-bases.ts';
import type { Severity } from '../../server/checks/types.ts';
import { resolveBases, staleKey } from '../../server/history/bases.ts';
import type { SectionChange } from '../../server/history/compare.ts';
import { index, openTempDb, siteConfig, tempDir, write } from '../history/helpers.ts';
import { LICENSE_SYNC_HISTORY as HISTORY } from '../corpus.ts';
import { ARTICLE_FILE, edit, readSample } from './helpers.ts';

// Every English and translated version of the license-sync article, dated by versions.tsv.
const VERSIONS = fs
  .readFileSync(path.join(HISTORY, 'versions.tsv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [locale, date, , , file] = line.split('\t') as [string, string, string, string, string];
    return { locale, date, file };
  });
const corpus = (file: string) => fs.readFileSync(path.join(HISTORY, file), 'utf8');
const dateOf = (file: string) => VERSIONS.find((v) => v.file === file)!.date;
/** The English version current on `date` (the one a translation of that day was made from). */
const englishOn = (date: string) => VERSIONS.filter((v) => v.locale === 'en' && v.date <= date).at(-1)!.file;

// One path for every version: the article moved in May 2021, but moves are git-bases.test.ts's subject.
const KEY = 'admin/license-sync';
const FILE = `content/${KEY}.md`;

interface StaleCase {
  name: string;
  locale: string;
  /** The translation's corpus file; it is indexed with the English current on its date. */
  translation: string;
  /** Later English versions, each indexed in its own run: a corpus file, or [date, text] for a controlled edit. */
  english: (string | [string, string])[];
  /** Index runs with an English change since the translation (the base is found in both kinds of case). */
  behind: number;
  /** Each entry must equal one finding's `messageId message`; [] = not stale. */
  expect: string[];
  severity?: Severity;
  /** `heading:status:kinds` of each changed English section. */
  sections?: string[];
}

const LATEST = 'en-2021-06-24-cb1245564.md';
// The bundled sample's article: the same page as GitHub Docs has it years later (new prose, one step rewritten).
const SAMPLE_ENGLISH = readSample(ARTICLE_FILE);

const cases: StaleCase[] = [
  {
    name: 'valid: de-DE 2021-06-10 against English 2021-06-24 (### → ## headings, versions and shortTitle in frontmatter)',
    locale: 'de-DE',
    translation: 'de-DE-2021-06-10-fcc48bef6.md',
    english: ['en-2021-06-14-6f7e4f50d.md', 'en-2021-06-24-52cf583bd.md', LATEST],
    behind: 3,
    expect: [],
  },
  {
    name: 'valid: ja-JP 2021-05-19 made with the English of the same commit, nothing newer indexed',
    locale: 'ja-JP',
    translation: 'ja-JP-2021-05-19-f7e848e0c.md',
    english: [],
    behind: 0,
    expect: [],
  },
  {
    name: 'valid: zh-CN 2021-05-03 against English 2021-05-19 (topics, redirect_from, one blank line)',
    locale: 'zh-CN',
    translation: 'zh-CN-2021-05-03-918bd8a54.md',
    english: ['en-2021-05-12-a5d52dcef.md', 'en-2021-05-19-f7e848e0c.md'],
    behind: 2,
    expect: [],
  },
  {
    // The reusables render steps, but a Liquid change is info: the check does not expand reusables.
    name: 'invalid: es-XL 2020-09-29 missed the Nov 2020 steps (two reusables became access-enterprise)',
    locale: 'es-XL',
    translation: 'es-XL-2020-09-29-caaee7a12.md',
    english: [
      'en-2020-11-02-a3e1733aa.md',
      'en-2021-03-17-b1b8cb8e8.md',
      'en-2021-04-30-a926da8b0.md',
      'en-2021-05-12-a5d52dcef.md',
      'en-2021-05-19-f7e848e0c.md',
      'en-2021-06-14-6f7e4f50d.md',
      'en-2021-06-24-52cf583bd.md',
      LATEST,
    ],
    behind: 8,
    expect: [
      'stale English changed since this translation was made (index base 1): 1 section(s) to update (Enabling license synchronization), 8 commit(s) and 268 day(s) behind. Update these sections from the English diff.',
    ],
    severity: 'info',
    sections: ['Enabling license synchronization:changed:liquid'],
  },
  {
    name: 'invalid: ru-RU 2020-09-27 predates the {{ site.data }} → {% data %} Liquid change and the Nov 2020 steps',
    locale: 'ru-RU',
    translation: 'ru-RU-2020-09-27-3df90fc9b.md',
    english: ['en-2020-09-29-caaee7a12.md', 'en-2020-11-02-a3e1733aa.md'],
    behind: 2,
    expect: [
      'stale English changed since this translation was made (index base 1): 2 section(s) to update (About license synchronization, Enabling license synchronization), 2 commit(s) and 36 day(s) behind. Update these sections from the English diff.',
    ],
    severity: 'info',
    sections: ['About license synchronization:changed:liquid', 'Enabling license synchronization:changed:liquid'],
  },
  {
    name: "invalid: pt-BR 2021-06-10 against the sample's later English (prose rewritten, step rewritten and renumbered)",
    locale: 'pt-BR',
    translation: 'pt-BR-2021-06-10-fcc48bef6.md',
    english: [LATEST, ['2023-01-10', SAMPLE_ENGLISH]],
    behind: 2,
    expect: [
      'stale English changed since this translation was made (index base 1): 2 section(s) to update (About automatic license synchronization, Enabling license synchronization), 2 commit(s) and 579 day(s) behind. Update these sections from the English diff.',
    ],
    severity: 'error',
    sections: [
      'About automatic license synchronization:changed:text,heading,liquid,links',
      'Enabling license synchronization:changed:procedure,text,liquid,links',
    ],
  },
  {
    name: 'invalid: ko-KR 2021-06-10 when only the drop-down step of English 2021-06-24 changes',
    locale: 'ko-KR',
    translation: 'ko-KR-2021-06-10-fcc48bef6.md',
    english: [LATEST, ['2021-07-01', edit(corpus(LATEST), 'use the drop-down menu and select **Enabled**', 'click **Enable**')]],
    behind: 2,
    expect: [
      'stale English changed since this translation was made (index base 1): 1 section(s) to update (Enabling license synchronization), 2 commit(s) and 21 day(s) behind. Update these sections from the English diff.',
    ],
    severity: 'error',
    sections: ['Enabling license synchronization:changed:procedure,text'],
  },
];

/** Indexes the translation with its English, then each later English version on its date; runs the check. */
async function staleFindings(c: StaleCase): Promise<{ items: FindingWithStatus[]; base: StaleBase | undefined }> {
  const dir = tempDir('l10n-stale-');
  const { db, file } = openTempDb(dir);
  const config = siteConfig(path.join(dir, 'site'), file);
  try {
    const made = dateOf(c.translation);
    write(config.root, FILE, corpus(englishOn(made)));
    write(config.root, `translations/${c.locale}/${FILE}`, corpus(c.translation));
    let runId = await index(config, db, new Date(`${made}T12:00:00Z`));
    for (const version of c.english) {
      const [date, text] = typeof version === 'string' ? [dateOf(version), corpus(version)] : version;
      write(config.root, FILE, text);
      runId = await index(config, db, new Date(`${date}T12:00:00Z`));
    }
    await runChecksWithBases(db, config, runId, new Date(), { checks: [getCheck('stale-translation')!] });
    const items = new FindingsRepository(db).list({ locale: c.locale, check: 'stale-translation', status: 'open', limit: 100 }).items;
    return { items, base: (await resolveBases(db, config)).get(staleKey(c.locale, KEY)) };
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('stale-translation', () => {
  it.each(cases)('$name', async (c) => {
    const { items, base } = await staleFindings(c);
    // A valid case only means something when the base was found and English did move on.
    expect(base).toMatchObject({ source: 'index', commitsBehind: c.behind });
    expect(items.map((f) => `${f.message_id} ${f.message}`)).toEqual(c.expect);
    if (c.severity) expect(items[0]?.severity).toBe(c.severity);
    if (c.sections) {
      const sections = (JSON.parse(items[0]!.data_json) as { sections: SectionChange[] }).sections;
      expect(sections.map((s) => `${s.heading}:${s.status}:${s.kinds.join(',')}`)).toEqual(c.sections);
    }
  });

  it('an English version indexed again unchanged is not another run behind', async () => {
    const { items, base } = await staleFindings({
      name: 'same English twice',
      locale: 'de-DE',
      translation: 'de-DE-2021-06-10-fcc48bef6.md',
      english: [LATEST, [dateOf(LATEST), corpus(LATEST)]],
      behind: 1,
      expect: [],
    });
    expect(base?.commitsBehind).toBe(1);
    expect(items).toEqual([]);
  });
});
