/**
 * Top navigation. A page gets one entry here and one route in router.svelte.ts.
 * The weekly Reports page (issue 8) goes between Runs and Sign-in: add
 * `{ href: '/reports', label: 'Reports', match: (p) => p.startsWith('/reports') }`.
 */
export interface NavItem {
  href: string;
  label: string;
  match: (path: string) => boolean;
  /** Shown only to signed-in users with this role. */
  role?: 'manager';
  /** Shown only to signed-in users. */
  signedIn?: boolean;
}

export const NAV: NavItem[] = [
  { href: '/', label: 'Overview', match: (p) => p === '/' || p.startsWith('/locales/') },
  { href: '/claims', label: 'My claims', match: (p) => p === '/claims', signedIn: true },
  { href: '/claims/all', label: 'All claims', match: (p) => p === '/claims/all', role: 'manager' },
  { href: '/runs', label: 'Runs', match: (p) => p === '/runs' },
  { href: '/reports', label: 'Reports', match: (p) => p.startsWith('/reports') },
];
