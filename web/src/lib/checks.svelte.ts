/** The check catalogue (ids, severities, doc pages), loaded once and shared by every view. */
import { getChecks } from './api';
import type { CheckInfo } from './types';

class CheckCatalogue {
  byId = $state<Record<string, CheckInfo>>({});
  error = $state<string | null>(null);
  #loading: Promise<void> | null = null;

  ensure(): Promise<void> {
    this.#loading ??= getChecks().then(
      (list) => {
        this.byId = Object.fromEntries(list.map((c) => [c.id, c]));
        this.error = null;
      },
      (e: unknown) => {
        this.error = (e as Error).message;
        this.#loading = null;
      },
    );
    return this.#loading;
  }
}

export const catalogue = new CheckCatalogue();
