import { decodeCheckInput, encodeCheckInput, parseCheckInput, type ChildRows } from '../../db/check-input.ts';
import type { DocumentsRepository } from '../../db/repositories/documents.ts';
import { alignDocuments } from '../align/sections.ts';
import type { Config } from '../config.ts';
import { buildSite } from '../checks/lib/site.ts';
import { getCheck } from '../checks/registry.ts';
import { evaluateChecks } from '../checks/run.ts';
import { parseDocument } from '../indexer/parse.ts';
import { parseOptions } from '../indexer/read.ts';
import type { DocumentKind, ParsedDocument } from '../indexer/types.ts';
import type { CheckDocument, DocumentRow } from '../shared/documents.ts';
import type { CheckedFinding } from '../shared/findings.ts';

/**
 * The checks whose findings on a fixed file are worked out again before anything is written
 * (issue 21: fix to a fixed point). A fix can make the section alignment certain of a pair
 * it was unsure of (a link now English's, a heading at English's level), and that pair's own
 * heading-level difference then shows: the next index would report it as new. Only checks
 * that read nothing but the (English, translation) pair can be re-run on one file in memory;
 * structure-mismatch is one, and the only one whose findings a fix reveals (the snapshot's
 * ja-JP: 3 of 6,428).
 */
export const REVEALING_CHECKS = ['structure-mismatch'] as const;

/**
 * An indexed document as a pair check reads it (sections, links, Liquid references), from the
 * index's rows: English does not change when its translation is fixed, and the translation
 * before its fix is what the last check run compared.
 */
export function indexedDocument(documents: DocumentsRepository, row: DocumentRow): CheckDocument {
  return {
    row: { id: row.id, locale: row.locale, key: row.key, kind: row.kind, path: row.path, parse_error: row.parse_error },
    frontmatter: null,
    frontmatterLines: {},
    sections: documents.sections(row.id),
    links: documents.links(row.id),
    liquid: documents.liquidRefs(row.id),
    paragraphs: [],
  };
}

/**
 * Whether fixing the translation can reveal a finding of the revealing checks: only when the
 * section alignment the last run made left a section unpaired or a pair uncertain (a certain
 * pair's level difference was already reported). Most fixed files are skipped so, unparsed.
 */
export function mayReveal(english: CheckDocument, translation: CheckDocument): boolean {
  if (english.row.parse_error) return false;
  return alignDocuments(english, translation).some((p) => !p.certain);
}

/** A document parsed in memory as the index would read it for a pair check (sections, links, Liquid references; no paragraphs). */
export function memoryDocument(
  config: Config,
  locale: string,
  key: string,
  kind: DocumentKind,
  absPath: string,
  sitePath: string,
  text: string,
  id: number,
): CheckDocument {
  const layout = config.layout;
  const source = layout.sourceLocale;
  const job = { seq: 0, absPath, kind, locale, size: text.length, knownHash: null };
  const settings = { layout: layout.name, ...config.limits };
  // No paragraphs and no language identification: no pair check that fixes can reveal reads them.
  const options = { ...parseOptions(job, source, settings, layout.neutralTerms, layout.yamlDuplicateKeys), paragraphs: false, detectLanguages: false };
  const parsed = parseDocument(absPath, Buffer.from(text, 'utf8'), options);
  const doc: CheckDocument = {
    row: { id, locale, key, kind, path: sitePath, parse_error: parsed.error ? JSON.stringify(parsed.error) : null },
    frontmatter: parsed.frontmatter,
    frontmatterLines: parsed.frontmatterLines,
    sections: [],
    links: [],
    liquid: [],
    paragraphs: [],
  };
  // Through the index's own encoding, so the checks get exactly the rows an index run gives them.
  const input = parseCheckInput(
    encodeCheckInput(
      parsed,
      parsed.sections.map((s) => JSON.stringify(s.steps)),
      [],
      locale === source,
    ),
  );
  decodeCheckInput(doc, input, locale === source, new Set(), childRows(parsed));
  return doc;
}

/** The rows a check input leaves out, from the parsed document itself. */
function childRows(parsed: ParsedDocument): ChildRows {
  return {
    sectionSource: (_id, ordinal) => parsed.sections.find((x) => x.ordinal === ordinal)!.source,
    paragraphRest: () => ['', '[]'],
    liquidRaw: (_id, ordinal) => parsed.liquid.find((x) => x.ordinal === ordinal)?.raw,
    paragraph: () => undefined,
  };
}

/**
 * The findings of the revealing checks on one (English, translation) pair, fingerprinted as a
 * run over the index fingerprints them: the translation is filed under English's key (a
 * translation a fix moves there keeps English's key in its findings' fingerprints too).
 */
export function pairFindings(config: Config, english: CheckDocument, translation: CheckDocument, checks: readonly string[]): CheckedFinding[] {
  const source = config.layout.sourceLocale;
  const definitions = REVEALING_CHECKS.filter((c) => checks.includes(c)).map((c) => getCheck(c)!);
  if (definitions.length === 0) return [];
  const site = buildSite(
    {
      sourceLocale: source,
      documents: new Map([
        [source, new Map([[english.row.key, english]])],
        [translation.row.locale, new Map([[english.row.key, translation]])],
      ]),
      redirects: () => new Map(),
    },
    config.layout,
  );
  const out: CheckedFinding[] = [];
  // `now` is read by no revealing check (stale detection is not one of them).
  evaluateChecks(site, config, new Date(0), definitions, (f) => {
    if (f.locale === translation.row.locale) out.push(f);
  });
  return out;
}
