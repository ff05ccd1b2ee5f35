import { parentPort, workerData } from 'node:worker_threads';
import { readAndParse, type ReadJob, type ReaderSettings } from './read.ts';

/** Parser thread: reads and parses the batches of files the indexer sends. */
const settings = (workerData as { settings: ReaderSettings }).settings;
parentPort!.on('message', (batch: ReadJob[]) => {
  parentPort!.postMessage(batch.map((job) => readAndParse(job, settings)));
});
