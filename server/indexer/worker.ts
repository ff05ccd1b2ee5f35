import { parentPort, workerData } from 'node:worker_threads';
import { loadLanguageModel } from './language.ts';
import { readAndParse, type ReadJob, type ReaderSettings } from './read.ts';

// A parser thread parses many pages of many locales: the language model is loaded first.
await loadLanguageModel();

/** Parser thread: reads and parses the batches of files the indexer sends. */
const settings = (workerData as { settings: ReaderSettings }).settings;
parentPort!.on('message', (batch: ReadJob[]) => {
  parentPort!.postMessage(batch.map((job) => readAndParse(job, settings)));
});
