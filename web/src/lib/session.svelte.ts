/** Who is signed in: the pasted token (kept in localStorage) and what /api/me says about it. */
import { getMe, setAuthToken, ApiError } from './api';
import type { Me } from './types';

const STORAGE_KEY = 'l10n-drift.token';

function readStoredToken(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

class Session {
  token = $state<string | null>(readStoredToken());
  me = $state<Me | null>(null);
  /** True while the stored token is being checked against /api/me. */
  checking = $state(false);
  error = $state<string | null>(null);
  isManager = $derived(this.me?.role === 'manager');

  constructor() {
    setAuthToken(this.token);
    if (this.token) void this.refresh();
  }

  /** True when the signed-in user may claim articles of this locale. */
  canClaim(locale: string): boolean {
    return this.me !== null && (this.me.role === 'manager' || this.me.locales.includes(locale));
  }

  async refresh(): Promise<void> {
    if (!this.token) return;
    this.checking = true;
    this.error = null;
    try {
      this.me = await getMe();
    } catch (e) {
      this.me = null;
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) this.signOut();
      this.error = (e as Error).message;
    } finally {
      this.checking = false;
    }
  }

  /** Verifies the token with the server before keeping it. */
  async signIn(token: string): Promise<void> {
    const trimmed = token.trim();
    setAuthToken(trimmed);
    try {
      const me = await getMe();
      this.token = trimmed;
      this.me = me;
      this.error = null;
      try {
        localStorage.setItem(STORAGE_KEY, trimmed);
      } catch {
        // Private mode: the session lasts until the tab closes.
      }
    } catch (e) {
      setAuthToken(this.token);
      throw e;
    }
  }

  signOut(): void {
    this.token = null;
    this.me = null;
    setAuthToken(null);
    try {
      localStorage.removeItem(STORAGE_KEY);
    } catch {
      // Nothing stored.
    }
  }
}

export const session = new Session();
