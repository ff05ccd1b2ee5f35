import fs from 'node:fs';
import { getLayout } from '../layouts/index.ts';
import { emptyDocument, hash, parseDocument, type ParseOptions } from './parse.ts';
import type { DocumentKind, ParsedDocument } from './types.ts';
import type { DocumentRows } from '../../db/document-rows.ts';
import { languageOfLocale } from './language.ts';
import { openRegularFile, readUpTo } from './read-file.ts';
import type { ParseSettings } from './parser-version.ts';

/** One file to read and, unless its bytes are unchanged, parse. */
export interface ReadJob {
  seq: number;
  absPath: string;
  kind: DocumentKind;
  locale: string;
  size: number;
  /** Content hash stored by the previous run, if any. */
  knownHash: string | null;
}

export type ReadResult =
  | { seq: number; unchanged: true; contentHash: string }
  // `rows`: made by parser threads (worker.ts), which then send `parsed` without its child arrays.
  | { seq: number; unchanged: false; parsed: ParsedDocument; rows?: DocumentRows };

/** What a reader parses with besides its code: the layout and the limits (`parseKey` hashes them). */
export type ReaderSettings = ParseSettings;

/** Reads and parses one file. Runs in a worker thread or, for small batches, on the main thread. */
export function readAndParse(job: ReadJob, settings: ReaderSettings): ReadResult {
  const layout = getLayout(settings.layout);
  const opened = openRegularFile(job.absPath);
  if ('problem' in opened) {
    return {
      seq: job.seq,
      unchanged: false,
      parsed: emptyDocument(new Uint8Array(0), { code: 'unreadable', message: opened.problem }, `unreadable:${opened.code}`, job.size),
    };
  }
  let bytes: Buffer;
  try {
    // The size of what is read now, not of what the walk saw.
    const size = opened.size;
    if (size > settings.maxFileBytes) {
      // Too big to read whole: identify it by size and its first 64 KiB.
      const contentHash = hash(`${size}:`) + hash(readUpTo(opened.fd, 65536));
      if (contentHash === job.knownHash) return { seq: job.seq, unchanged: true, contentHash };
      const error = { code: 'size' as const, message: `File is ${size} bytes, over the ${settings.maxFileBytes}-byte limit (limits.maxFileBytes)` };
      return { seq: job.seq, unchanged: false, parsed: emptyDocument(new Uint8Array(0), error, contentHash, size) };
    }
    bytes = readUpTo(opened.fd, size);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    return {
      seq: job.seq,
      unchanged: false,
      parsed: emptyDocument(new Uint8Array(0), { code: 'unreadable', message: `Cannot read file: ${code}` }, `unreadable:${code}`, job.size),
    };
  } finally {
    fs.closeSync(opened.fd);
  }
  const contentHash = hash(bytes);
  if (contentHash === job.knownHash) return { seq: job.seq, unchanged: true, contentHash };
  return {
    seq: job.seq,
    unchanged: false,
    parsed: parseDocument(job.absPath, bytes, parseOptions(job, layout.sourceLocale, settings, layout.neutralTerms, layout.yamlDuplicateKeys), contentHash),
  };
}

/** What the parser is told for one file (exported for the in-memory check test harness). */
export function parseOptions(
  job: ReadJob,
  sourceLocale: string,
  settings: ReaderSettings,
  neutralTerms: RegExp | undefined,
  yamlDuplicateKeys: 'error' | 'last-wins' | undefined,
): ParseOptions {
  return {
    kind: job.kind,
    language: languageOfLocale(job.locale),
    detectLanguages: job.locale !== sourceLocale,
    maxFileBytes: settings.maxFileBytes,
    maxSections: settings.maxSections,
    maxLineLength: settings.maxLineLength,
    maxFrontmatterBytes: settings.maxFrontmatterBytes,
    ...(neutralTerms ? { neutralTerms } : {}),
    ...(yamlDuplicateKeys ? { yamlDuplicateKeys } : {}),
  };
}
