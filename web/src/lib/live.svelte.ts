import { subscribeEvents } from './api';
import type { ClaimChanged, Run } from './types';

/** What the server announced while this page was open (GET /api/events): index runs and claim changes. */
class Live {
  lastRun = $state<Run | null>(null);
  /** Counts announced runs: resources reload when it changes. */
  runs = $state(0);
  lastClaim = $state<ClaimChanged | null>(null);
  /** Counts announced claim changes (anyone's): claim lists and article lists reload when it changes. */
  claims = $state(0);
  #stop: (() => void) | null = null;
  /** Changes this page is making itself (locale, key, change → when): its own views already show them, so their event reloads nothing. */
  #own = new Map<string, number>();

  /** Called before this page changes a claim: the matching claim-changed event (within 30 s) is its own echo. */
  expectOwn(locale: string, key: string, change: ClaimChanged['change']): void {
    const now = Date.now();
    for (const [k, t] of this.#own) if (now - t > 30_000) this.#own.delete(k);
    this.#own.set(`${change}\n${locale}\n${key}`, now);
  }

  /** Starts listening (once for the whole app); returns the stop. */
  connect(): () => void {
    this.#stop ??= subscribeEvents({
      runFinished: (run) => {
        this.lastRun = run;
        this.runs++;
      },
      claimChanged: (change) => {
        this.lastClaim = change;
        const own = `${change.change}\n${change.claim.locale}\n${change.claim.key}`;
        if (this.#own.delete(own)) return;
        this.claims++;
      },
    });
    return () => {
      this.#stop?.();
      this.#stop = null;
    };
  }
}

export const live = new Live();
