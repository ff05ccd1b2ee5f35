/** A tiny History API router: the URL is the state of every view. */

import { match } from './routes';

export { match, routeTitle, type Route } from './routes';

class Router {
  path = $state(location.pathname);
  search = $state(location.search);
  route = $derived(match(this.path));
  params = $derived(new URLSearchParams(this.search));

  constructor() {
    window.addEventListener('popstate', () => this.#sync());
  }

  #sync(): void {
    this.path = location.pathname;
    this.search = location.search;
  }

  /** Pushes (or replaces) a URL within the app and updates every view reading the router. */
  navigate(url: string, options: { replace?: boolean } = {}): void {
    const target = new URL(url, location.href);
    const samePath = target.pathname === location.pathname;
    if (options.replace) history.replaceState(null, '', target);
    else history.pushState(null, '', target);
    this.#sync();
    if (!samePath) window.scrollTo(0, 0);
  }

  /** Updates query parameters of the current path (null/empty removes one). */
  setParams(changes: Record<string, string | null>, options: { replace?: boolean } = {}): void {
    const next = new URLSearchParams(this.search);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === '') next.delete(k);
      else next.set(k, v);
    }
    const s = next.toString();
    this.navigate(this.path + (s ? `?${s}` : ''), options);
  }
}

export const router = new Router();

/** Click handler for the whole app: same-origin <a href> clicks become History API navigations. */
export function interceptLinks(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const anchor = (event.target as Element | null)?.closest?.('a');
  if (!anchor || anchor.target || anchor.hasAttribute('download')) return;
  const href = anchor.getAttribute('href');
  if (!href || href.startsWith('#')) return;
  const url = new URL(anchor.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
  event.preventDefault();
  router.navigate(url.pathname + url.search + url.hash);
}

export function localeHref(locale: string, params: Record<string, string> = {}): string {
  const s = new URLSearchParams(params).toString();
  return `/locales/${encodeURIComponent(locale)}${s ? `?${s}` : ''}`;
}

export function progressHref(locale: string): string {
  return `/locales/${encodeURIComponent(locale)}/progress`;
}

export function articleHref(locale: string, key: string): string {
  return `/locales/${encodeURIComponent(locale)}/articles/${key.split('/').map(encodeURIComponent).join('/')}`;
}
