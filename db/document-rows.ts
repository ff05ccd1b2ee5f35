/**
 * What a parsed document is stored as: the column values of its rows, made by the parser threads
 * (server/indexer/worker.ts) or the storing thread, and written by DocumentsRepository.store. Part
 * of the parse key (server/indexer/parser-version.ts, `rowSources`): a change here changes what
 * every stored document holds, so the next run parses every file again; the repository's queries
 * are not.
 */
import type { ParsedDocument, ParsedSection } from '../server/indexer/types.ts';
import { encodeSentences } from '../server/shared/sentences.ts';
import { encodeCheckInput } from './check-input.ts';

/** Sections as kept in document_versions: enough to compare and diff an old version. */
export type VersionSection = Pick<ParsedSection, 'ordinal' | 'level' | 'heading' | 'anchor' | 'textHash' | 'skeletonHash' | 'source'>;

export function versionSections(sections: ParsedSection[]): VersionSection[] {
  return sections.map(({ ordinal, level, heading, anchor, textHash, skeletonHash, source }) => ({
    ordinal,
    level,
    heading,
    anchor,
    textHash,
    skeletonHash,
    source,
  }));
}

/**
 * What `store` writes of a parsed document, as the column values of its rows: JSON strings and
 * flat arrays of primitives (sections 10 values a row, paragraphs 10, document id aside; links
 * and Liquid references are in the check input only). Parser threads make it, so the storing thread neither
 * encodes JSON nor receives the parsed object graph (sentences, skeletons: a structured clone
 * of every object) it would only flatten.
 */
export interface DocumentRows {
  frontmatterJson: string | null;
  frontmatterLinesJson: string;
  checkInput: string;
  /** Each Liquid reference's raw text by ordinal, as JSON (check_inputs.liquid_raw): what the check input leaves out. */
  liquidRaw: string;
  sections: (string | number)[];
  paragraphs: (string | number | null)[];
  /** English pages (`keepHistory`): the sections as document_versions keeps them. */
  versionSectionsJson: string | null;
}

/** The rows of a parsed document; `keepHistory` for the source locale (an English page). */
export function documentRows(parsed: ParsedDocument, keepHistory: boolean): DocumentRows {
  const steps = parsed.sections.map((x) => JSON.stringify(x.steps));
  // Sentences as offsets into their paragraph's text (server/shared/sentences.ts), not the text again.
  const sentences = parsed.paragraphs.map((x) => encodeSentences(x.text, x.sentences));
  const sections: (string | number)[] = [];
  parsed.sections.forEach((x, i) => {
    sections.push(x.ordinal, x.level, x.heading, x.anchor, x.line, x.endLine, x.textHash, x.skeletonHash, steps[i]!, x.source);
  });
  const paragraphs: (string | number | null)[] = [];
  parsed.paragraphs.forEach((x, i) => {
    paragraphs.push(x.ordinal, x.section, x.kind, x.line, x.endLine, x.text, x.textHash, x.lang, x.confidence, sentences[i]!);
  });
  return {
    frontmatterJson: parsed.frontmatter ? JSON.stringify(parsed.frontmatter) : null,
    frontmatterLinesJson: JSON.stringify(parsed.frontmatterLines),
    // keepHistory is set for the source locale: an English page carries all its paragraphs.
    checkInput: encodeCheckInput(parsed, steps, sentences, keepHistory),
    liquidRaw: parsed.liquid.length === 0 ? '[]' : JSON.stringify(parsed.liquid.map((x) => x.raw)),
    sections,
    paragraphs,
    versionSectionsJson: keepHistory ? JSON.stringify(versionSections(parsed.sections)) : null,
  };
}
