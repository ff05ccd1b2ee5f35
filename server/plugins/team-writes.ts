import { setTimeout as sleep } from 'node:timers/promises';
import { HttpError } from './errors.ts';

/** The team file stayed busy through every retry: 503 with Retry-After, never a 500. */
export class WriteBusyError extends HttpError {
  constructor(readonly retryAfterSeconds: number) {
    super(503, `Another write to users and claims is in progress; retry in ${retryAfterSeconds} s`);
  }
}

// ~1.6 s in all. The team file's writes take milliseconds (a claim, a user added by the CLI),
// so a write that is still refused after this is not going to get through soon.
const RETRY_MS = [5, 10, 20, 40, 80, 150, 300, 400, 600];

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/**
 * Runs a users-and-claims write (synchronous, on the team file's connection, whose busy
 * timeout the server sets to 0). When another process holds the team file's lock it
 * retries after a timer instead of SQLite's busy wait, which would hold the event loop
 * and stall every other request; the write is one transaction, so a retry starts afresh.
 */
export async function teamWrite<T>(write: () => T): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return write();
    } catch (err) {
      if (!isBusy(err)) throw err;
      const wait = RETRY_MS[attempt];
      if (wait === undefined) throw new WriteBusyError(1);
      await sleep(wait);
    }
  }
}
