import { untrack } from 'svelte';
import { live } from './live.svelte';

/**
 * Loading state for one API call: data, error, loading, and a retry that repeats the last call.
 * When the server announces a finished index run, the last call is repeated keeping the shown
 * data (no skeleton, so scroll position and the view's filters stay).
 */
export class Resource<T> {
  data = $state<T | null>(null);
  error = $state<string | null>(null);
  /** The error itself (an ApiError carries the answer's body), for views that explain some errors better. */
  failure = $state<unknown>(null);
  loading = $state(false);
  #seq = 0;
  #last: (() => Promise<T>) | null = null;

  /** `claims`: also reload when anyone's claim changes (lists that show who holds what). */
  constructor(options: { claims?: boolean } = {}) {
    const seen = { runs: live.runs, claims: live.claims };
    try {
      // Views make their resources as they mount, so the effect ends with the view.
      $effect(() => {
        const runs = live.runs;
        const claims = options.claims ? live.claims : seen.claims;
        if (runs === seen.runs && claims === seen.claims) return;
        seen.runs = runs;
        seen.claims = claims;
        untrack(() => this.refresh());
      });
    } catch {
      /* made outside a component (a module or a test): no refresh on runs */
    }
  }

  /** Repeats the last call, keeping the data shown until the answer arrives. */
  refresh(): void {
    if (this.#last) void this.load(this.#last, { keepData: true });
  }

  /** Runs `fn`; answers of older calls that finish late are dropped. */
  async load(fn: () => Promise<T>, options: { keepData?: boolean } = {}): Promise<void> {
    const seq = ++this.#seq;
    this.#last = fn;
    this.loading = true;
    this.error = null;
    this.failure = null;
    if (!options.keepData) this.data = null;
    try {
      const value = await fn();
      if (seq === this.#seq) this.data = value;
    } catch (e) {
      if (seq === this.#seq) {
        this.error = (e as Error).message;
        this.failure = e;
      }
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }

  retry = (): void => {
    if (this.#last) void this.load(this.#last);
  };
}

/**
 * A Resource that loads `fetch(args())` as the component mounts and again whenever what `args`
 * reads changes (its props): the load-and-show pattern of the article's side panels. Call it
 * while the component is created (it makes an effect).
 */
export function autoload<A, T>(args: () => A, fetch: (args: A) => Promise<T>): Resource<T> {
  const resource = new Resource<T>();
  $effect(() => {
    const current = args();
    void resource.load(() => fetch(current));
  });
  return resource;
}
