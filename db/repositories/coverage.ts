import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGLISH_CONFIDENCE } from '../../server/checks/english-fallback.ts';
import { parserSources } from '../../server/indexer/parser-version.ts';
import { loadEnglishRedirects } from './check-documents.ts';
import { pairFiles, redirectRanks } from '../../server/shared/pairing.ts';
import { countStates, fallbackTitle, translationState, type CoverageCounts, type CoverageState, type TranslationFacts } from '../../server/coverage/model.ts';
import { languageOfLocale } from '../../server/indexer/language.ts';
import { displayTitle, variableLookup, type DisplayTitleOptions } from '../../server/shared/display-title.ts';
import type { ArticleWords } from '../../server/coverage/words.ts';
import type { Db } from '../index.ts';
import { OPEN_SQL } from './findings.ts';

/** One article of a locale and its coverage state: the row every count and list is made of. */
export interface CoverageArticle {
  /** The key the article is listed under: the locale's file's key, or the English key when missing. */
  key: string;
  kind: 'page' | 'reusable' | 'variables';
  /** The English article it is paired with (null for orphans). */
  englishKey: string | null;
  englishTitle: string | null;
  /** The locale's title, or a readable one for files without (reusables, variables); null when missing. */
  title: string | null;
  /** The locale has a file for it (any state but missing). */
  hasFile: boolean;
  state: CoverageState;
  /** Words to translate (missing) or changed since the base (stale), from those findings' data; null when none says. */
  words: ArticleWords;
}

/**
 * Stale-translation messages that mean "English changed since the base": changed sections, a
 * changed title or intro (fields) alone, or changes that cannot be compared (behind).
 */
const STALE_MESSAGES = new Set(['stale', 'fields', 'behind']);

interface DocRow {
  key: string;
  kind: CoverageArticle['kind'];
  path: string;
  title: string | null;
}

// Alive now (atRun NULL) or right after run @run, as the weekly report rebuilds past runs.
const ALIVE = `(CASE WHEN @run IS NULL THEN d.deleted_run IS NULL
  ELSE d.first_seen_run <= @run AND (d.deleted_run IS NULL OR d.deleted_run > @run) END)`;

export interface CoverageOptions {
  memoize?: boolean;
  /** The layout's default version (Layout.defaultVersion): titles are shown as its readers see them. */
  titleVersion?: { name: string; aliases?: readonly string[] } | undefined;
}

/**
 * The coverage model's reads (server/coverage/model.ts): every article of a locale with its
 * state, now or right after a past run. For a past run, documents, findings and found bases
 * are as they were at that run; redirects and prose languages are today's (they are not
 * kept per run).
 */
export class CoverageRepository {
  private readonly stmts;

  /** Today's prose languages and redirects per locale, kept for the life of a one-off reader (a report build reads many past runs). */
  private memo: Map<string, unknown> | null;

  /** The site's default version, for the version conditions in titles. */
  private readonly titleVersion: CoverageOptions['titleVersion'];

  constructor(
    private readonly db: Db,
    options: CoverageOptions = {},
  ) {
    this.memo = options.memoize ? new Map() : null;
    this.titleVersion = options.titleVersion;
    this.stmts = {
      docs: db.prepare(`SELECT d.key, d.kind, d.path, d.title FROM documents d WHERE d.locale = @locale AND ${ALIVE} ORDER BY d.key`),
      // The counts read only what a state depends on (no path, title or words), as arrays: row
      // objects with four strings each cost ~3× as much (~70 → ~25 ms for the snapshot's 8 locales).
      docKinds: db.prepare(`SELECT d.key, d.kind FROM documents d WHERE d.locale = @locale AND ${ALIVE} ORDER BY d.key`).raw(),
      variables: db.prepare(`SELECT key, frontmatter_json FROM documents WHERE locale = ? AND kind = 'variables' AND deleted_run IS NULL`),
      // Now: the live documents' partial index (documents_locale_kind, ~3 ms on the snapshot); the
      // CASE of ALIVE made SQLite read every row of the table (~25 ms, in every summary).
      // The last run that wrote or deleted a document of a locale: two index seeks (migration 017).
      lastChange: db.prepare(`SELECT (SELECT MAX(changed_run) FROM documents WHERE locale = @locale) AS changed,
          (SELECT MAX(deleted_run) FROM documents WHERE locale = @locale AND deleted_run IS NOT NULL) AS deleted`),
      keptFacts: db.prepare('SELECT inputs, facts FROM coverage_facts WHERE locale = ?'),
      keptFiles: db.prepare('SELECT files FROM coverage_facts WHERE locale = ?').pluck(),
      keepFacts: db.prepare(`INSERT INTO coverage_facts (locale, inputs, facts, files) VALUES (?, ?, ?, ?)
        ON CONFLICT (locale) DO UPDATE SET inputs = excluded.inputs, facts = excluded.facts, files = excluded.files`),
      keepInputs: db.prepare('UPDATE coverage_facts SET inputs = ? WHERE locale = ?'),
      // The rows of a locale stored, come back or deleted after a run (their counters are in documents_states).
      rowsSince: db
        .prepare(
          `SELECT key, kind, first_seen_run, deleted_run FROM documents INDEXED BY documents_states
          WHERE locale = @locale AND (changed_run > @run OR first_seen_run > @run OR deleted_run > @run)`,
        )
        .raw(),
      // prose, for some keys of a locale: a file with no English paragraph counts 0 and 0, as there.
      proseOf: db.prepare(`SELECT d.key,
          (SELECT COUNT(*) FROM paragraphs p WHERE p.document_id = d.id AND p.lang = 'en' AND p.confidence >= @confidence) AS en,
          (SELECT COUNT(*) FROM paragraphs p WHERE p.document_id = d.id AND p.lang IS NOT NULL) AS judged
        FROM documents d WHERE d.locale = @locale AND d.key IN (SELECT value FROM json_each(@keys))
        AND EXISTS (SELECT 1 FROM paragraphs p WHERE p.document_id = d.id AND p.lang = 'en' AND p.confidence >= @confidence)`),
      localesNow: db.prepare('SELECT DISTINCT locale FROM documents WHERE deleted_run IS NULL ORDER BY locale').pluck(),
      locales: db.prepare(`SELECT DISTINCT d.locale FROM documents d WHERE ${ALIVE} ORDER BY d.locale`).pluck(),
      stale: findingsAt(db, `key, message_id, json_extract(data_json, '$.wordsChanged') AS words`, 'stale-translation'),
      staleStates: findingsAt(db, `key, message_id, NULL AS words`, 'stale-translation'),
      // Words to translate, counted by missing-translation at check time (server/shared/word-count.ts).
      missingWords: findingsAt(db, `key, json_extract(data_json, '$.words') AS words`, 'missing-translation'),
      // Known now (the open intervals), or right after run @run.
      bases: db
        .prepare(
          `SELECT key FROM translation_base_runs WHERE locale = @locale
        AND (CASE WHEN @run IS NULL THEN until_run IS NULL ELSE from_run <= @run AND (until_run IS NULL OR until_run > @run) END)`,
        )
        .pluck(),
      clearBases: db.prepare('DELETE FROM translation_bases'),
      insertBase: db.prepare('INSERT INTO translation_bases (locale, key, source, ref, run_id) VALUES (?, ?, ?, ?, ?)'),
      knownNow: db.prepare('SELECT 1 FROM translation_base_runs WHERE locale = ? AND key = ? AND until_run IS NULL').pluck(),
      forgetBase: db.prepare('DELETE FROM translation_bases WHERE locale = ? AND key = ?'),
      openBases: db.prepare('SELECT locale, key, from_run FROM translation_base_runs WHERE until_run IS NULL'),
      openBase: db.prepare(`INSERT INTO translation_base_runs (locale, key, from_run) VALUES (?, ?, ?)
        ON CONFLICT (locale, key, from_run) DO UPDATE SET until_run = NULL`),
      closeBase: db.prepare('UPDATE translation_base_runs SET until_run = @run WHERE locale = @locale AND key = @key AND until_run IS NULL'),
      // Opened and closed by the same run (checks run again on it): the interval is empty.
      dropEmpty: db.prepare('DELETE FROM translation_base_runs WHERE locale = @locale AND key = @key AND from_run = @run AND until_run = @run'),
      // Paragraphs are today's whatever the run (not kept per run), whatever run is asked for.
      // Judged paragraphs only, read from their index (migration 015): a file with none is never fallback.
      // Only files with an English paragraph can be mostly English (isMostlyEnglish): the others
      // are left out (en 0, as before) by one index seek each, and only these count their
      // judged paragraphs; summing every judged paragraph of the locale cost ~20–28 ms per
      // locale on the snapshot, this ~5 ms.
      prose: db.prepare(`SELECT d.key,
          (SELECT COUNT(*) FROM paragraphs p WHERE p.document_id = d.id AND p.lang = 'en' AND p.confidence >= @confidence) AS en,
          (SELECT COUNT(*) FROM paragraphs p WHERE p.document_id = d.id AND p.lang IS NOT NULL) AS judged
        FROM documents d WHERE d.locale = @locale
        AND EXISTS (SELECT 1 FROM paragraphs p WHERE p.document_id = d.id AND p.lang = 'en' AND p.confidence >= @confidence)`),
    };
  }

  /**
   * Replaces the record of which translations have a usable base with what a check run's
   * stale detection found (call inside the run's transaction).
   */
  recordBases(runId: number, bases: Iterable<{ locale: string; key: string; source: string; ref: string | null }>): void {
    const s = this.stmts;
    s.clearBases.run();
    // Per run too, as intervals: what was known at a past run stays as it was then.
    const open = new Set((s.openBases.all() as { locale: string; key: string }[]).map((r) => `${r.locale}\0${r.key}`));
    for (const b of bases) {
      s.insertBase.run(b.locale, b.key, b.source, b.ref, runId);
      if (!open.delete(`${b.locale}\0${b.key}`)) s.openBase.run(b.locale, b.key, runId);
    }
    for (const id of open) {
      const [locale, key] = id.split('\0') as [string, string];
      s.closeBase.run({ run: runId, locale, key });
      s.dropEmpty.run({ run: runId, locale, key });
    }
  }

  /**
   * recordBases for some translations only (`pairs`): the others' records stay as they are
   * (their bases are the last run's). `bases`: those of `pairs` that have a usable base now.
   */
  recordBasesOf(
    runId: number,
    pairs: Iterable<readonly [locale: string, key: string]>,
    bases: Iterable<{ locale: string; key: string; source: string; ref: string | null }>,
  ): void {
    const s = this.stmts;
    const found = new Map<string, { source: string; ref: string | null }>();
    for (const b of bases) found.set(`${b.locale}\0${b.key}`, b);
    for (const [locale, key] of pairs) {
      s.forgetBase.run(locale, key);
      const b = found.get(`${locale}\0${key}`);
      const open = Boolean(s.knownNow.get(locale, key));
      if (b) {
        s.insertBase.run(locale, key, b.source, b.ref, runId);
        if (!open) s.openBase.run(locale, key, runId);
      } else if (open) {
        s.closeBase.run({ run: runId, locale, key });
        s.dropEmpty.run({ run: runId, locale, key });
      }
    }
  }

  /**
   * A completed claim gives its translation a base at once (the English it was completed
   * against), from the latest check run on; kept until a run's stale detection says otherwise.
   */
  recordClaimBase(runId: number, locale: string, key: string, claimId: number | null): boolean {
    const s = this.stmts;
    if (s.knownNow.get(locale, key)) return false;
    s.forgetBase.run(locale, key);
    s.insertBase.run(locale, key, 'claim', claimId === null ? null : String(claimId), runId);
    s.openBase.run(locale, key, runId);
    return true;
  }

  /** Whether a translation has a usable base now (the record the coverage model counts by). */
  baseKnown(locale: string, key: string): boolean {
    return Boolean(this.stmts.knownNow.get(locale, key));
  }

  /** Locales with documents (now, or right after a past run), the source included. */
  locales(atRun: number | null = null): string[] {
    return (atRun === null ? this.stmts.localesNow.all() : this.stmts.locales.all({ run: atRun })) as string[];
  }

  /**
   * Every article of a locale: its files, each in its state, and the English articles it has no
   * file for (missing). A file is paired with English by the checks' rule (pairFiles): its
   * own key, or the key English redirects it to when the locale has no file there (when several
   * old files lead there, the merged page's predecessor: server/shared/pairing.ts; the
   * others, and old copies beside a new one, are leftovers).
   */
  articles(sourceLocale: string, locale: string, atRun: number | null = null): CoverageArticle[] {
    return this.rows(sourceLocale, locale, atRun, true);
  }

  /**
   * articles() itself; without titles and words (null), for the counts: a title is rendered for
   * people (display titles expand Liquid variables) and words are shown beside a state, but a
   * state never depends on either, so the counts read neither (nor paths).
   */
  private rows(sourceLocale: string, locale: string, atRun: number | null, titles: boolean): CoverageArticle[] {
    const { english, englishByKey, files, uncovered } = this.filesOf(sourceLocale, locale, atRun, titles);
    const englishTitles = titles ? this.titleOptions(sourceLocale, sourceLocale) : null;
    const englishTitle = (d: DocRow) => (englishTitles ? showTitle(d, englishTitles) : null);
    if (locale === sourceLocale) {
      return english.map((d) => ({
        key: d.key,
        kind: d.kind,
        englishKey: d.key,
        englishTitle: englishTitle(d),
        title: englishTitle(d),
        hasFile: true,
        state: 'up-to-date',
        words: { toTranslate: null, changed: null },
      }));
    }
    const localeTitles = titles ? this.titleOptions(sourceLocale, locale) : null;
    const title = (d: DocRow) => (localeTitles ? showTitle(d, localeTitles) : null);
    const { stale, changedWords, bases } = this.findingsOf(locale, atRun, titles);
    const missingWords = new Map<string, number>();
    for (const r of titles ? (this.stmts.missingWords(atRun).all({ locale, run: atRun }) as { key: string; words: number | null }[]) : []) {
      if (typeof r.words === 'number') missingWords.set(r.key, r.words);
    }
    const out: CoverageArticle[] = [];
    for (const f of files) {
      const d = f.doc;
      const state = translationState(factsOf(f.pairing, f.en, f.judged, stale.get(d.key) ?? false, bases.has(d.key)));
      const e = f.englishKey === null ? undefined : englishByKey.get(f.englishKey);
      const words = { toTranslate: null, changed: state === 'stale' ? (changedWords.get(d.key) ?? null) : null };
      out.push({ key: d.key, kind: d.kind, englishKey: f.englishKey, englishTitle: e ? englishTitle(e) : null, title: title(d), hasFile: true, state, words });
    }
    for (const e of uncovered) {
      const words = { toTranslate: missingWords.get(e.key) ?? null, changed: null };
      out.push({ key: e.key, kind: e.kind, englishKey: e.key, englishTitle: englishTitle(e), title: null, hasFile: false, state: 'missing', words });
    }
    return out;
  }

  /**
   * What a locale's states take from the documents: each of its files paired with English
   * (pairFiles) with its prose counts, and the English articles it has no file for. The findings
   * and bases come on top (findingsOf). For the source locale, only English's rows.
   */
  private filesOf(
    sourceLocale: string,
    locale: string,
    atRun: number | null,
    titles: boolean,
  ): { english: DocRow[]; englishByKey: Map<string, DocRow>; files: PairedDoc[]; uncovered: DocRow[] } {
    const docsOf = (l: string): DocRow[] => {
      if (titles) return this.stmts.docs.all({ locale: l, run: atRun }) as DocRow[];
      const rows = this.stmts.docKinds.all({ locale: l, run: atRun }) as [string, DocRow['kind']][];
      return rows.map(([key, kind]) => ({ key, kind, path: '', title: null }));
    };
    const lean = titles ? '' : 'lean\0';
    const english = this.remember(`${lean}english\0${sourceLocale}\0${atRun}`, () => docsOf(sourceLocale));
    const englishByKey = this.remember(`${lean}englishByKey\0${sourceLocale}\0${atRun}`, () => new Map(english.map((d) => [d.key, d])));
    if (locale === sourceLocale) return { english, englishByKey, files: [], uncovered: [] };
    const redirects = this.redirectsOf(sourceLocale);
    const docs = docsOf(locale);
    const sameLanguage = languageOfLocale(locale) === languageOfLocale(sourceLocale);
    const prose = this.remember(`prose\0${locale}`, () => {
      const out = new Map<string, { en: number; judged: number }>();
      if (sameLanguage) return out;
      for (const r of this.stmts.prose.all({ locale, confidence: ENGLISH_CONFIDENCE }) as { key: string; en: number; judged: number }[]) out.set(r.key, r);
      return out;
    });
    const covered = new Set<string>();
    const paired = pairFiles(
      docs,
      (k) => englishByKey.get(k)?.kind,
      (k) => redirects.get(k),
      this.remember(`redirectRanks\0${sourceLocale}`, () => redirectRanks(redirects)),
    );
    const files = docs.map((doc): PairedDoc => {
      const { englishKey, pairing } = paired.get(doc.key)!;
      if (pairing === 'own' || pairing === 'moved') covered.add(englishKey!);
      const p = prose.get(doc.key);
      return { doc, englishKey, pairing, en: p?.en ?? 0, judged: p?.judged ?? 0 };
    });
    return { english, englishByKey, files, uncovered: english.filter((e) => !covered.has(e.key)) };
  }

  /** English's redirects, first entry of each old key by row order (loadEnglishRedirects: the checks' reading). */
  private redirectsOf(sourceLocale: string): Map<string, string> {
    return this.remember(`redirects\0${sourceLocale}`, () => loadEnglishRedirects(this.db, sourceLocale));
  }

  /** A locale's open stale findings (does English change since the base, and by how many words) and the translations with a known base. */
  private findingsOf(locale: string, atRun: number | null, words: boolean) {
    const stale = new Map<string, boolean>();
    const changedWords = new Map<string, number>();
    for (const r of (words ? this.stmts.stale : this.stmts.staleStates)(atRun).all({ locale, run: atRun }) as {
      key: string;
      message_id: string;
      words: number | null;
    }[]) {
      stale.set(r.key, (stale.get(r.key) ?? false) || STALE_MESSAGES.has(r.message_id));
      if (typeof r.words === 'number') changedWords.set(r.key, r.words);
    }
    const bases = new Set(this.stmts.bases.all({ locale, run: atRun }) as string[]);
    return { stale, changedWords, bases };
  }

  /**
   * How titles of a locale are shown: its data variables (the locale's own file, else
   * English's, as the site falls back) and the layout's default version.
   */
  private titleOptions(sourceLocale: string, locale: string): DisplayTitleOptions {
    // Read once per call at least (every title that names a variable asks again).
    const loaded = new Map<string, Map<string, Record<string, unknown>>>();
    const load = (l: string) => {
      let files = loaded.get(l);
      if (!files) loaded.set(l, (files = this.variableFiles(l)));
      return files;
    };
    const own = variableLookup((k) => load(locale).get(k));
    const source = locale === sourceLocale ? own : variableLookup((k) => load(sourceLocale).get(k));
    return {
      variable: (name) => own(name) ?? source(name),
      version: this.titleVersion?.name,
      versionAliases: this.titleVersion?.aliases,
    };
  }

  /** A locale's data variables files by key (frontmatter_json holds a variables file's values). */
  private variableFiles(l: string): Map<string, Record<string, unknown>> {
    return this.remember(`variables\0${l}`, () => {
      const files = new Map<string, Record<string, unknown>>();
      for (const r of this.stmts.variables.all(l) as { key: string; frontmatter_json: string | null }[]) {
        if (!r.frontmatter_json) continue;
        try {
          files.set(r.key, JSON.parse(r.frontmatter_json) as Record<string, unknown>);
        } catch {
          // A file the index could not store as JSON has no values to show.
        }
      }
      return files;
    });
  }

  private remember<T>(name: string, compute: () => T): T {
    if (!this.memo) return compute();
    if (!this.memo.has(name)) this.memo.set(name, compute());
    return this.memo.get(name) as T;
  }

  /**
   * Counts per translation locale (the source excluded), by the same rule as articles(): what
   * the documents decide (countFacts; kept in the index between runs for today's counts, see
   * cachedFacts) and, on top, the locale's stale findings and bases, read every time.
   */
  summary(sourceLocale: string, atRun: number | null = null): Map<string, CoverageCounts> {
    const out = new Map<string, CoverageCounts>();
    // English's rows and redirects are read once for all the locales (not kept past this call unless memoizing).
    const memo = this.memo;
    this.memo ??= new Map();
    try {
      for (const locale of this.locales(atRun)) {
        if (locale === sourceLocale) continue;
        const facts = atRun === null ? this.cachedFacts(sourceLocale, locale) : this.countFacts(sourceLocale, locale, atRun);
        const { stale, bases } = this.findingsOf(locale, atRun, false);
        out.set(locale, countStates(statesOf(facts, stale, bases)));
      }
    } finally {
      this.memo = memo;
    }
    return out;
  }

  /**
   * What the documents alone say of a locale's counts: the articles whose state no finding or
   * base can change (orphaned, leftover, English fallback, missing: a count per state) and the
   * files whose state they decide (paired, not fallback), with what translationState needs.
   */
  countFacts(sourceLocale: string, locale: string, atRun: number | null = null): CountFacts {
    return factsOfFiles(this.fileFacts(sourceLocale, locale, atRun));
  }

  /** What countFacts groups: each file of the locale (key order) with its kind, pairing and prose counts, and the English articles it has no file for. */
  private fileFacts(sourceLocale: string, locale: string, atRun: number | null): FileFacts {
    const { files, uncovered } = this.filesOf(sourceLocale, locale, atRun, false);
    return { files: files.map((f) => [f.doc.key, f.doc.kind, f.pairing, f.en, f.judged]), uncovered: uncovered.length };
  }

  /**
   * The kept file facts of a locale brought up to date, when only some of its files were written
   * again since they were kept (after run `since`) and English's rows are as they were: the same
   * keys and kinds pair the same (pairFiles reads only keys and kinds, of the locale and English),
   * so only the written files' prose counts are read again. Null when a file came, came back or
   * went, changed kind, or the kept facts have no files (then countFacts).
   */
  factsSince(sourceLocale: string, locale: string, kept: string | null, since: number): FileFacts | null {
    if (kept === null) return null;
    const facts = JSON.parse(kept) as FileFacts;
    const at = new Map<string, number>();
    for (const [i, f] of facts.files.entries()) at.set(f[0], i);
    const written: string[] = [];
    for (const [key, kind, firstSeen, deleted] of this.stmts.rowsSince.all({ locale, run: since }) as [string, DocRow['kind'], number, number | null][]) {
      const i = at.get(key);
      if (deleted !== null || firstSeen > since || i === undefined || facts.files[i]![1] !== kind) return null;
      written.push(key);
    }
    if (written.length === 0) return facts;
    const prose = new Map<string, { en: number; judged: number }>();
    if (languageOfLocale(locale) !== languageOfLocale(sourceLocale)) {
      const rows = this.stmts.proseOf.all({ locale, confidence: ENGLISH_CONFIDENCE, keys: JSON.stringify(written) }) as {
        key: string;
        en: number;
        judged: number;
      }[];
      for (const r of rows) prose.set(r.key, r);
    }
    for (const key of written) {
      const f = facts.files[at.get(key)!]!;
      f[3] = prose.get(key)?.en ?? 0;
      f[4] = prose.get(key)?.judged ?? 0;
    }
    return facts;
  }

  /**
   * countFacts now, kept in the index (coverage_facts) under the key of everything they are
   * computed from: the code that computes them, the last run that wrote or deleted a document of
   * the locale (a document's rows and paragraphs are written with it: its changed_run, or its
   * deleted_run, is the run's id, above every earlier one) and what they read of English: its
   * articles and its redirects in order (englishDigest), compared only when a run wrote or deleted
   * an English document since (an English body edit changes neither). A read-only or busy index
   * computes them without keeping them.
   */
  private cachedFacts(sourceLocale: string, locale: string): CountFacts {
    const code = factsCode();
    if (code === null) return this.countFacts(sourceLocale, locale);
    const s = this.stmts;
    // Read before the facts: a run that commits in between makes the kept key older than the facts, never newer.
    const localeChange = JSON.stringify(s.lastChange.get({ locale }));
    const englishChange = JSON.stringify(s.lastChange.get({ locale: sourceLocale }));
    const kept = s.keptFacts.get(locale) as { inputs: string; facts: string } | undefined;
    const was = kept ? (JSON.parse(kept.inputs) as KeptInputs) : null;
    if (kept && was && was.code === code && was.source === sourceLocale) {
      // English as the kept facts read it: the same rows, or the same articles and redirects.
      const sameEnglish = was.englishChange === englishChange || was.english === this.englishDigest(sourceLocale);
      if (was.locale === localeChange) {
        if (was.englishChange === englishChange) return JSON.parse(kept.facts) as CountFacts;
        if (sameEnglish) {
          this.keepInputs(locale, { ...was, englishChange });
          return JSON.parse(kept.facts) as CountFacts;
        }
      } else if (sameEnglish) {
        // Some of the locale's files were written since: those files' facts only (factsSince).
        const last = JSON.parse(was.locale) as { changed: number | null; deleted: number | null } | null;
        const since = Math.max(last?.changed ?? 0, last?.deleted ?? 0);
        const files = this.factsSince(sourceLocale, locale, (s.keptFiles.get(locale) as string | null) ?? null, since);
        if (files) {
          const facts = factsOfFiles(files);
          this.keep(locale, { ...was, locale: localeChange, englishChange }, JSON.stringify(facts), JSON.stringify(files));
          return facts;
        }
      }
    }
    const files = this.fileFacts(sourceLocale, locale, null);
    const facts = factsOfFiles(files);
    const inputs: KeptInputs = { code, source: sourceLocale, locale: localeChange, englishChange, english: this.englishDigest(sourceLocale) };
    this.keep(locale, inputs, JSON.stringify(facts), JSON.stringify(files));
    return facts;
  }

  /**
   * What the counts read of English (filesOf), as a digest: its live articles and its redirects as
   * pairFiles sees them: where each old key leads, and the order of the old keys leading to one
   * page (redirectRanks: it compares only those). The order across pages is left out: storing a
   * page again moves its redirect rows after every other page's, and changes nothing pairFiles reads.
   */
  private englishDigest(sourceLocale: string): string {
    return this.remember(`englishDigest\0${sourceLocale}`, () => {
      const { english } = this.filesOf(sourceLocale, sourceLocale, null, false);
      const byTarget = new Map<string, string[]>();
      for (const [from, to] of this.redirectsOf(sourceLocale)) {
        const froms = byTarget.get(to);
        if (froms) froms.push(from);
        else byTarget.set(to, [from]);
      }
      const targets = [...byTarget.keys()].sort();
      const text = [...english.map((d) => `${d.key}\0${d.kind}`), '', ...targets.map((to) => `${to}\0${byTarget.get(to)!.join('\0')}`)].join('\n');
      return crypto.createHash('sha1').update(text).digest('base64');
    });
  }

  private keep(locale: string, inputs: KeptInputs, facts: string, files: string): void {
    this.write(() => this.stmts.keepFacts.run(locale, JSON.stringify(inputs), facts, files));
  }

  /** The kept facts under another key that gives the same facts (English written again, read alike). */
  private keepInputs(locale: string, inputs: KeptInputs): void {
    this.write(() => this.stmts.keepInputs.run(JSON.stringify(inputs), locale));
  }

  private write(run: () => unknown): void {
    const timeout = this.db.pragma('busy_timeout', { simple: true }) as number;
    try {
      // Another process writing the index: no waiting for it, the next summary keeps them.
      this.db.pragma('busy_timeout = 0');
      run();
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (typeof code !== 'string' || !/^SQLITE_(READONLY|BUSY|LOCKED)/.test(code)) throw err;
    } finally {
      this.db.pragma(`busy_timeout = ${timeout}`);
    }
  }
}

/** The key kept count facts were computed under (CoverageRepository.cachedFacts). */
interface KeptInputs {
  code: string;
  source: string;
  /** The last runs that wrote and deleted a document of the locale, and of English. */
  locale: string;
  englishChange: string;
  /** englishDigest. */
  english: string;
}

/** The documents' side of a locale's counts (CoverageRepository.countFacts). */
export interface CountFacts {
  /** Articles per state that no finding or base can change. */
  fixed: Partial<Record<CoverageState, number>>;
  /**
   * Files whose state the findings and bases decide, grouped by what translationState is told of
   * them besides (pairing, English and judged prose paragraphs): how many, and their keys as a
   * JSON array in a string, parsed only when the locale has a stale finding or a base (one string
   * parses in a fraction of the time of thousands).
   */
  open: [pairing: PairedDoc['pairing'], en: number, judged: number, count: number, keys: string][];
}

/** Each file of a locale, as count facts are made of: [key, kind, pairing, English paragraphs, judged paragraphs]; and how many English articles it has no file for. */
export interface FileFacts {
  files: [key: string, kind: DocRow['kind'], pairing: PairedDoc['pairing'], en: number, judged: number][];
  uncovered: number;
}

/** The count facts of a locale's files: each file's state where no finding or base can change it, else its group. */
function factsOfFiles({ files, uncovered }: FileFacts): CountFacts {
  const fixed: Partial<Record<CoverageState, number>> = {};
  const open = new Map<string, { facts: [PairedDoc['pairing'], number, number]; keys: string[] }>();
  // The state every answer gives, or null when the answers differ: once per (pairing, en, judged), not per file.
  const fixedStates = new Map<string, CoverageState | null>();
  for (const [key, , pairing, en, judged] of files) {
    const id = `${pairing}\0${en}\0${judged}`;
    let state = fixedStates.get(id);
    if (state === undefined) {
      // Fixed when every answer the findings and bases can give leads to the same state.
      const states = new Set(
        [false, true].flatMap((stale) => [false, true].map((baseKnown) => translationState(factsOf(pairing, en, judged, stale, baseKnown)))),
      );
      state = states.size === 1 ? [...states][0]! : null;
      fixedStates.set(id, state);
    }
    if (state !== null) fixed[state] = (fixed[state] ?? 0) + 1;
    else {
      const group = open.get(id);
      if (group) group.keys.push(key);
      else open.set(id, { facts: [pairing, en, judged], keys: [key] });
    }
  }
  if (uncovered > 0) fixed.missing = (fixed.missing ?? 0) + uncovered;
  return { fixed, open: [...open.values()].map((g) => [...g.facts, g.keys.length, JSON.stringify(g.keys)]) };
}

/** A locale's file paired with English, with its prose counts. */
interface PairedDoc {
  doc: DocRow;
  englishKey: string | null;
  pairing: TranslationFacts['pairing'];
  en: number;
  judged: number;
}

/** What translationState is told of a file. */
function factsOf(pairing: PairedDoc['pairing'], en: number, judged: number, stale: boolean, baseKnown: boolean): TranslationFacts {
  return { pairing, stale, baseKnown, englishParagraphs: en, judgedParagraphs: judged };
}

/** How many articles of a locale are in each state, from its count facts and its findings and bases. */
function statesOf(facts: CountFacts, stale: Map<string, boolean>, bases: Set<string>): Partial<Record<CoverageState, number>> {
  const totals = { ...facts.fixed };
  const add = (state: CoverageState, n: number) => (totals[state] = (totals[state] ?? 0) + n);
  for (const [pairing, en, judged, count, keys] of facts.open) {
    // No stale finding and no base in the locale: every key is told the same.
    if (stale.size === 0 && bases.size === 0) add(translationState(factsOf(pairing, en, judged, false, false)), count);
    else for (const key of JSON.parse(keys) as string[]) add(translationState(factsOf(pairing, en, judged, stale.get(key) ?? false, bases.has(key))), 1);
  }
  return totals;
}

let factsCodeMemo: string | null | undefined;
/**
 * The code count facts are computed by: this file and every module it imports from server/
 * and db/, transitively (parserSources), hashed by name and bytes; null when the sources cannot
 * be read (then nothing is kept).
 */
function factsCode(): string | null {
  if (factsCodeMemo !== undefined) return factsCodeMemo;
  try {
    const here = fileURLToPath(import.meta.url);
    const repo = path.resolve(path.dirname(here), '..', '..');
    const files = parserSources(
      here,
      ['server', 'db'].map((f) => path.join(repo, f) + path.sep),
    );
    const hash = crypto.createHash('sha1');
    for (const f of files) hash.update(path.relative(repo, f)).update('\0').update(fs.readFileSync(f)).update('\0');
    factsCodeMemo = hash.digest('base64');
  } catch {
    factsCodeMemo = null;
  }
  return factsCodeMemo;
}

/**
 * A locale's findings of one check, open now (atRun null) or right after a past run. One query
 * for both, prepared twice: "now" alone can use the open findings' partial index on (locale,
 * check_id) (findings_open_locale, 0.1 ms), where the CASE of both read every finding of the
 * locale (~20 ms per locale on the snapshot, twice per locale in every summary).
 */
function findingsAt(db: Db, columns: string, checkId: 'stale-translation' | 'missing-translation') {
  const select = (when: string) => db.prepare(`SELECT ${columns} FROM findings WHERE locale = @locale AND check_id = '${checkId}' AND ${when}`);
  const now = select(OPEN_SQL);
  const past = select('first_run <= @run AND (resolved_run IS NULL OR resolved_run > @run)');
  return (atRun: number | null) => (atRun === null ? now : past);
}

/** A document's title as readers see it (displayTitle), or a readable one from its path. */
function showTitle(d: DocRow, options: DisplayTitleOptions): string {
  if (d.title === null) return fallbackTitle(d.path);
  return /[{<]/.test(d.title) ? displayTitle(d.title, options) : d.title;
}
