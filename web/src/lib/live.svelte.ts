import { subscribeRunFinished } from './api';
import type { Run } from './types';

/** The latest index run the server announced while this page was open (GET /api/events). */
class Live {
  lastRun = $state<Run | null>(null);
  /** Counts announced runs: resources reload when it changes. */
  runs = $state(0);
  #stop: (() => void) | null = null;

  /** Starts listening (once for the whole app); returns the stop. */
  connect(): () => void {
    this.#stop ??= subscribeRunFinished((run) => {
      this.lastRun = run;
      this.runs++;
    });
    return () => {
      this.#stop?.();
      this.#stop = null;
    };
  }
}

export const live = new Live();
