/**
 * The app's route table: every page the router knows, how a path becomes one, and its title
 * (document.title and what the live region announces after a navigation). Plain TypeScript, no
 * runes, so tests can import it: the accessibility test visits every name in ROUTE_NAMES.
 */
import { localeLabel } from '../../../server/shared/locale-name';

export type Route =
  | { name: 'overview' }
  | { name: 'list'; locale: string }
  | { name: 'article'; locale: string; key: string }
  | { name: 'claims'; scope: 'mine' | 'all' }
  | { name: 'runs' }
  | { name: 'findings' }
  | { name: 'progress'; locale: string }
  | { name: 'reports' }
  | { name: 'signin' }
  | { name: 'notfound'; path: string };

export type RouteName = Route['name'];

/** One title per route name: a route added to `Route` without a title here does not compile. */
const TITLES: { [N in RouteName]: (route: Extract<Route, { name: N }>) => string } = {
  overview: () => 'Overview',
  list: (r) => `${localeLabel(r.locale)} articles`,
  article: (r) => `${r.key} (${r.locale})`,
  claims: (r) => (r.scope === 'mine' ? 'My claims' : 'All claims'),
  runs: () => 'Index runs',
  findings: () => 'Findings',
  progress: (r) => `${localeLabel(r.locale)} progress by folder`,
  reports: () => 'Weekly report',
  signin: () => 'Sign in',
  notfound: (r) => `No page at ${r.path}`,
};

/** Every route name, in table order. */
export const ROUTE_NAMES = Object.keys(TITLES) as RouteName[];

export function routeTitle(route: Route): string {
  return (TITLES[route.name] as (r: Route) => string)(route);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function match(pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean);
  if (parts.length === 0) return { name: 'overview' };
  const [first, second, third] = parts;
  if (first === 'locales' && second) {
    const locale = safeDecode(second);
    if (parts.length === 2) return { name: 'list', locale };
    if (third === 'progress' && parts.length === 3) return { name: 'progress', locale };
    if (third === 'articles' && parts.length > 3) return { name: 'article', locale, key: parts.slice(3).map(safeDecode).join('/') };
  }
  if (first === 'claims' && parts.length === 1) return { name: 'claims', scope: 'mine' };
  if (first === 'claims' && second === 'all' && parts.length === 2) return { name: 'claims', scope: 'all' };
  if (first === 'runs' && parts.length === 1) return { name: 'runs' };
  if (first === 'findings' && parts.length === 1) return { name: 'findings' };
  if (first === 'reports' && parts.length === 1) return { name: 'reports' };
  if (first === 'signin' && parts.length === 1) return { name: 'signin' };
  return { name: 'notfound', path: pathname };
}
