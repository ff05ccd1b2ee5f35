/** Loading state for one API call: data, error, loading, and a retry that repeats the last call. */
export class Resource<T> {
  data = $state<T | null>(null);
  error = $state<string | null>(null);
  /** The error itself (an ApiError carries the answer's body), for views that explain some errors better. */
  failure = $state<unknown>(null);
  loading = $state(false);
  #seq = 0;
  #last: (() => Promise<T>) | null = null;

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
