/** The dashboard's route table: which page a path is, and the title the tab and the announcement use. */
import { describe, expect, it } from 'vitest';
import { ROUTE_NAMES, match, routeTitle } from '../../web/src/lib/routes.ts';

describe('route table', () => {
  it.each([
    ['/', { name: 'overview' }, 'Overview'],
    ['/locales/ja-JP', { name: 'list', locale: 'ja-JP' }, 'ja-JP Japanese (Japan) articles'],
    ['/locales/zh-CN/articles/admin/a%20b/c', { name: 'article', locale: 'zh-CN', key: 'admin/a b/c' }, 'admin/a b/c (zh-CN)'],
    ['/claims', { name: 'claims', scope: 'mine' }, 'My claims'],
    ['/claims/all', { name: 'claims', scope: 'all' }, 'All claims'],
    ['/runs', { name: 'runs' }, 'Index runs'],
    ['/reports', { name: 'reports' }, 'Weekly report'],
    ['/findings', { name: 'findings' }, 'Findings'],
    ['/locales/ja-JP/progress', { name: 'progress', locale: 'ja-JP' }, 'ja-JP Japanese (Japan) progress by folder'],
    ['/signin', { name: 'signin' }, 'Sign in'],
    ['/claims/all/more', { name: 'notfound', path: '/claims/all/more' }, 'No page at /claims/all/more'],
    ['/locales/ja-JP/x', { name: 'notfound', path: '/locales/ja-JP/x' }, 'No page at /locales/ja-JP/x'],
  ])('%s', (path, route, title) => {
    expect(match(path)).toEqual(route);
    expect(routeTitle(match(path))).toBe(title);
  });

  it('a malformed escape stays as written instead of throwing', () => {
    expect(match('/locales/ja-JP/articles/a%E0%A4%A')).toEqual({ name: 'article', locale: 'ja-JP', key: 'a%E0%A4%A' });
  });

  it('lists every route name once', () => {
    expect(ROUTE_NAMES.toSorted()).toEqual(['article', 'claims', 'findings', 'list', 'notfound', 'overview', 'progress', 'reports', 'runs', 'signin']);
  });
});
