import { parentPort, workerData } from 'node:worker_threads';
import { loadLanguageModel } from './language.ts';
import { readAndParse, type ReadJob, type ReaderSettings, type ReadResult } from './read.ts';
import { getLayout } from '../layouts/index.ts';
import { documentRows } from '../../db/document-rows.ts';

// A parser thread parses many pages of many locales: the language model is loaded first.
await loadLanguageModel();

/** Parser thread: reads and parses the batches of files the indexer sends. */
const settings = (workerData as { settings: ReaderSettings }).settings;
const sourceLocale = getLayout(settings.layout).sourceLocale;
parentPort!.on('message', (batch: ReadJob[] | null) => {
  // Nothing more to parse: the port closes and the thread ends on its own, its output written out
  // (a terminated thread could lose what it had printed, NODE_DEBUG's lines among it).
  if (batch === null) return parentPort!.close();
  parentPort!.postMessage(batch.map((job) => forStore(readAndParse(job, settings), job.locale === sourceLocale)));
});

/**
 * A result as the storing thread needs it: the rows ready to bind, and the parsed document
 * without the arrays they were made from. Copying those object graphs to the main thread cost
 * more than copying the rows, and encoding them there kept the one thread that stores busy.
 */
function forStore(result: ReadResult, english: boolean): ReadResult {
  if (result.unchanged) return result;
  const { sections: _s, links: _l, liquid: _q, paragraphs: _p, fieldLanguages: _f, ...rest } = result.parsed;
  return {
    seq: result.seq,
    unchanged: false,
    parsed: { ...rest, sections: [], links: [], liquid: [], paragraphs: [] },
    rows: documentRows(result.parsed, english),
  };
}
