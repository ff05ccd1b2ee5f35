import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/index.ts';
import { ArticlesRepository } from '../../db/repositories/articles.ts';
import { DocumentsRepository, type DocumentRow } from '../../db/repositories/documents.ts';
import { FindingsRepository } from '../../db/repositories/findings.ts';
import type { Config } from '../config.ts';
import { frontmatterOf, hash } from '../indexer/parse.ts';
import { FIXERS } from './fixers/index.ts';
import { indexedDocument, mayReveal, memoryDocument, pairFindings, REVEALING_CHECKS } from './reveal.ts';
import { applyEdits, fileText, type TextEdit } from './text.ts';
import type { CheckDocument } from '../shared/documents.ts';
import type { EnglishText, FixAction, FixFinding, FixResult } from './types.ts';

export interface FixFilter {
  locales?: readonly string[];
  checks?: readonly string[];
  keys?: readonly string[];
  /** Of the mechanical findings selected so, only those this accepts (a subset of fixes, as tests pick). */
  only?: (finding: FixFinding) => boolean;
}

/** What fixing does to one translation file. */
export interface FilePlan {
  locale: string;
  key: string;
  /** The file's stored path (relative to `pathRoot`, posix). */
  path: string;
  /** The folder stored paths of the locale are relative to (the translations' repository). */
  pathRoot: string;
  before: string;
  after: string;
  /** Stored-form path the file moves to, or null. */
  moveTo: string | null;
  delete: boolean;
  /** The findings this file's changes fix. */
  fixed: FixFinding[];
  /**
   * Findings the other fixes revealed, fixed too (issue 21: a fixed point): the re-check of
   * the fixed text found them, so no run has stored them (their `id` is 0).
   */
  revealed: FixFinding[];
}

/** Rounds of re-checking a fixed file (each can reveal what the previous round's fixes made certain). */
const MAX_REVEAL_ROUNDS = 3;

export interface SkippedFix {
  finding: FixFinding;
  reason: string;
}

export interface FixPlan {
  files: FilePlan[];
  skipped: SkippedFix[];
  /** Open findings of the selection whose check and message have a mechanical fix. */
  mechanical: number;
  /** Open findings of the selection that need a person (no mechanical fix for their kind). */
  other: number;
}

/**
 * Works out, from the open findings of the latest check run and the files as they are on
 * disk, every mechanical fix of the selection: nothing is written. A file changed since the
 * index is skipped (its findings' lines may no longer hold); fixes whose edits overlap are
 * skipped after the first; a fix whose edited frontmatter does not read as the fix intends
 * is dropped.
 */
export function planFixes(db: Db, config: Config, filter: FixFilter = {}): FixPlan {
  const documents = new DocumentsRepository(db);
  const articles = new ArticlesRepository(db);
  const source = config.layout.sourceLocale;
  const findingsRepo = new FindingsRepository(db);
  const keys = filter.keys ? new Set(filter.keys) : null;
  const checks = filter.checks ?? [...FIXERS.keys()];
  const groups = new Map<string, FixFinding[]>();
  // Fingerprints of every open finding of a file (of any check): a finding the re-check of the
  // fixed text reports with one of these is not new.
  const known = new Map<string, Set<string>>();
  let mechanical = 0;
  let other = 0;
  // Every open finding of the selection, counted as fixable by kind or not.
  for (const locale of filter.locales ?? [undefined]) {
    for (const key of keys ?? [undefined]) {
      for (let offset = 0; ;) {
        const page = findingsRepo.list({ status: 'open', limit: 100_000, offset, ...(locale ? { locale } : {}), ...(key ? { key } : {}) });
        for (const f of page.items) {
          if (f.locale === source) continue;
          const group = `${f.locale}\0${f.key}`;
          let fingerprints = known.get(group);
          if (!fingerprints) known.set(group, (fingerprints = new Set()));
          fingerprints.add(f.fingerprint);
          const fixer = FIXERS.get(f.check_id);
          if (!fixer?.fixable.includes(f.message_id)) {
            if (!filter.checks || filter.checks.includes(f.check_id)) other++;
            continue;
          }
          if (!checks.includes(f.check_id)) continue;
          const finding: FixFinding = { ...f, data: JSON.parse(f.data_json) as Record<string, unknown> };
          if (filter.only && !filter.only(finding)) continue;
          mechanical++;
          const list = groups.get(group) ?? [];
          list.push(finding);
          groups.set(group, list);
        }
        offset += page.items.length;
        if (page.items.length === 0 || offset >= page.total) break;
      }
    }
  }

  const files: FilePlan[] = [];
  const skipped: SkippedFix[] = [];
  const skip = (list: FixFinding[], reason: string) => list.forEach((finding) => skipped.push({ finding, reason }));
  const englishCache = new Map<string, EnglishText | null>();
  const englishDocs = new Map<string, CheckDocument>();
  const pathRootOf = (locale: string) => config.layout.pathRoot?.(config.root, locale) ?? config.root;
  // Paths files move to in this plan: a second move there is a conflict.
  const targets = new Set<string>();
  // Two translations left at old paths of one page both want its new path: which to keep is a
  // translator's call (moving one would make the other a leftover copy), so neither moves.
  const claims = new Map<string, number>();
  for (const list of groups.values()) {
    for (const f of list) {
      if (f.check_id !== 'orphaned-translation' || typeof f.data.suggestionPath !== 'string') continue;
      if (f.message_id !== 'moved' && f.message_id !== 'formerKey') continue;
      const abs = path.join(pathRootOf(f.locale), f.data.suggestionPath);
      claims.set(abs, (claims.get(abs) ?? 0) + 1);
    }
  }

  for (const list of groups.values()) {
    const { locale, key } = list[0]!;
    const doc = live(documents.get(locale, key));
    if (!doc) {
      skip(list, 'the translation is no longer indexed');
      continue;
    }
    const pathRoot = pathRootOf(locale);
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(path.join(pathRoot, doc.path));
    } catch {
      skip(list, `${doc.path} cannot be read`);
      continue;
    }
    if (hash(bytes) !== doc.content_hash) {
      skip(list, `${doc.path} changed since the last index run; run \`l10n-drift index\` first`);
      continue;
    }
    const before = bytes.toString('utf8');
    if (!Buffer.from(before, 'utf8').equals(bytes)) {
      skip(list, `${doc.path} is not valid UTF-8`);
      continue;
    }
    const file = fileText(before);
    const frontmatter = doc.frontmatter_json ? (JSON.parse(doc.frontmatter_json) as Record<string, unknown>) : null;
    const englishKey = articles.englishKeyFor(source, key, doc.kind);
    const english = englishKey === undefined ? null : englishText(live(documents.get(source, englishKey)), pathRootOf(source), englishCache);

    // Each fixer sees its check's findings of this file.
    const results: { finding: FixFinding; action: FixAction }[] = [];
    for (const [check, ofCheck] of groupByCheck(list)) {
      const fixer = FIXERS.get(check)!;
      fixer.fix({ findings: ofCheck, file, frontmatter, english, layout: config.layout }).forEach((r, i) => {
        if (r.kind === 'skip') skipped.push({ finding: ofCheck[i]!, reason: r.reason });
        else results.push({ finding: ofCheck[i]!, action: r });
      });
    }
    if (results.length === 0) continue;

    const deletions = results.filter((r) => r.action.kind === 'delete');
    if (deletions.length > 0) {
      // A leftover copy goes whole: other fixes of it would change a file that is deleted.
      for (const r of results) if (r.action.kind !== 'delete') skipped.push({ finding: r.finding, reason: 'the file is deleted as a leftover copy' });
      files.push({
        locale,
        key,
        path: doc.path,
        pathRoot,
        before,
        after: '',
        moveTo: null,
        delete: true,
        fixed: deletions.map((r) => r.finding),
        revealed: [],
      });
      continue;
    }
    let moveTo: string | null = null;
    const fixed: FixFinding[] = [];
    for (const r of results) {
      if (r.action.kind !== 'move') continue;
      const to = r.action.to;
      const abs = path.join(pathRoot, to);
      if (moveTo !== null) skipped.push({ finding: r.finding, reason: `the file already moves to ${moveTo}` });
      else if ((claims.get(abs) ?? 0) > 1)
        skipped.push({ finding: r.finding, reason: `${claims.get(abs)} translations left at old paths of this page would move to ${to}: keep one by hand` });
      else if (targets.has(abs) || fs.existsSync(abs)) skipped.push({ finding: r.finding, reason: `a translation already exists at ${to}` });
      else {
        moveTo = to;
        targets.add(abs);
        fixed.push(r.finding);
      }
    }
    const edits = results.filter((r): r is { finding: FixFinding; action: Extract<FixAction, { kind: 'edit' }> } => r.action.kind === 'edit');
    const combined = combineEdits(before, edits, skipped);
    fixed.push(...combined.applied);
    let after = combined.after;
    const revealed: FixFinding[] = [];
    const englishRow = englishKey === undefined ? undefined : live(documents.get(source, englishKey));
    let englishDoc: CheckDocument | undefined;
    if (after !== before && english && englishRow && checks.some((c) => (REVEALING_CHECKS as readonly string[]).includes(c))) {
      englishDoc = englishDocs.get(englishRow.key) ?? indexedDocument(documents, englishRow);
      englishDocs.set(englishRow.key, englishDoc);
    }
    if (englishDoc && english && mayReveal(englishDoc, indexedDocument(documents, doc))) {
      // Fix to a fixed point: check the fixed text again (parsed in memory) and fix what it reveals.
      const seen = new Set(known.get(`${locale}\0${key}`));
      for (let round = 0; round < MAX_REVEAL_ROUNDS; round++) {
        const translation = memoryDocument(config, locale, englishDoc.row.key, doc.kind, path.join(pathRoot, doc.path), doc.path, after, 2);
        const found: FixFinding[] = [];
        for (const f of pairFindings(config, englishDoc, translation, checks)) {
          if (seen.has(f.fingerprint) || !FIXERS.get(f.check_id)?.fixable.includes(f.message_id)) continue;
          seen.add(f.fingerprint);
          const finding: FixFinding = {
            ...f,
            id: 0,
            run_id: 0,
            first_run: 0,
            last_run: 0,
            resolved_run: null,
            data: JSON.parse(f.data_json) as Record<string, unknown>,
          };
          if (!filter.only || filter.only(finding)) found.push(finding);
        }
        if (found.length === 0) break;
        const file = fileText(after);
        const frontmatterAfter = frontmatterOf(lf(after));
        const roundEdits: EditResult[] = [];
        for (const [check, ofCheck] of groupByCheck(found)) {
          FIXERS.get(check)!
            .fix({ findings: ofCheck, file, frontmatter: frontmatterAfter, english, layout: config.layout })
            .forEach((r: FixResult, i) => {
              if (r.kind === 'edit') roundEdits.push({ finding: ofCheck[i]!, action: r });
              else skipped.push({ finding: ofCheck[i]!, reason: r.kind === 'skip' ? r.reason : 'a revealed finding is fixed by edits only' });
            });
        }
        const next = combineEdits(after, roundEdits, skipped);
        revealed.push(...next.applied);
        if (next.after === after) break;
        after = next.after;
      }
    }
    if (after === before && moveTo === null) continue;
    files.push({ locale, key, path: doc.path, pathRoot, before, after, moveTo, delete: false, fixed, revealed });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, skipped, mechanical, other };
}

function groupByCheck(list: FixFinding[]): Map<string, FixFinding[]> {
  const byCheck = new Map<string, FixFinding[]>();
  for (const f of list) byCheck.set(f.check_id, [...(byCheck.get(f.check_id) ?? []), f]);
  return byCheck;
}

type EditResult = { finding: FixFinding; action: Extract<FixAction, { kind: 'edit' }> };

/**
 * The file with every fix's edits that overlap no earlier fix's (two fixes of the same bytes
 * conflict: the later is skipped; the same edit twice, as two uses of one reference link, is
 * made once), then without the fixes whose frontmatter test fails on the result.
 */
function combineEdits(before: string, results: EditResult[], skipped: SkippedFix[]): { after: string; applied: FixFinding[] } {
  let candidates = results;
  for (;;) {
    const accepted: { edit: TextEdit; seq: number; finding: FixFinding }[] = [];
    const applied: EditResult[] = [];
    let seq = 0;
    for (const r of candidates) {
      const clash = r.action.edits.map((e) => accepted.find((a) => overlaps(a.edit, e) && !same(a.edit, e))).find((a) => a !== undefined);
      if (clash) {
        skipped.push({ finding: r.finding, reason: `conflicts with the fix of ${clash.finding.check_id} on line ${clash.finding.line ?? '?'}` });
        continue;
      }
      for (const e of r.action.edits) if (!accepted.some((a) => same(a.edit, e))) accepted.push({ edit: e, seq: seq++, finding: r.finding });
      applied.push(r);
    }
    // At one offset, insertions go before a replacement that starts there (a line added after a
    // key's block comes before the next key, which another fix may replace).
    accepted.sort((a, b) => a.edit.start - b.edit.start || a.edit.end - b.edit.end || a.seq - b.seq);
    const after = applyEdits(
      before,
      accepted.map((a) => a.edit),
    );
    const verified = applied.filter((r) => r.action.verify);
    if (verified.length > 0) {
      const frontmatter = frontmatterOf(lf(after));
      const failed = verified.filter((r) => !r.action.verify!(frontmatter));
      if (failed.length > 0) {
        for (const r of failed) skipped.push({ finding: r.finding, reason: 'the edited frontmatter would not read as English has it; edit it by hand' });
        candidates = candidates.filter((r) => !failed.includes(r));
        continue;
      }
    }
    return { after, applied: applied.map((r) => r.finding) };
  }
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.start === a.end && b.start === b.end) return false; // two insertions: both go in, in order
  if (a.start === a.end) return b.start < a.start && a.start < b.end;
  if (b.start === b.end) return a.start < b.start && b.start < a.end;
  return a.start < b.end && b.start < a.end;
}

function same(a: TextEdit, b: TextEdit): boolean {
  return a.start === b.start && a.end === b.end && a.text === b.text;
}

function live(d: DocumentRow | undefined): DocumentRow | undefined {
  return d && d.deleted_run === null ? d : undefined;
}

function englishText(doc: DocumentRow | undefined, pathRoot: string, cache: Map<string, EnglishText | null>): EnglishText | null {
  if (!doc) return null;
  const abs = path.join(pathRoot, doc.path);
  let out = cache.get(abs);
  if (out !== undefined) return out;
  try {
    const text = fs.readFileSync(abs, 'utf8');
    out = { path: doc.path, file: fileText(text), frontmatter: frontmatterOf(lf(text)) };
  } catch {
    out = null;
  }
  cache.set(abs, out);
  return out;
}

/** Text as the parser reads it (server/indexer/parse.ts turns CRLF and CR into LF first). */
function lf(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}
