import path from 'node:path';
import type { Layout } from '../../layouts/types.ts';

/**
 * Where the translation of an English file belongs, as a path stored for `locale` (relative to
 * its path root): the English file's path inside the English locale folder, put inside the
 * locale's folder. GitHub Docs: `content/a.md` → `translations/de-DE/content/a.md`; Hugo:
 * `content/en/a.md` → `content/ja/a.md`; MDN: `files/en-us/web/x/index.md` → `files/es/web/x/index.md`
 * (English may live in another repository: its paths are relative to its own root).
 * Computed against a stand-in site root `/`, since layouts only join paths.
 */
export function translationPathFor(layout: Layout, sourceLocale: string, englishPath: string, locale: string): string {
  const abs = (p: string) => p.split(path.sep).join('/');
  const sourcePathRoot = abs(layout.pathRoot?.('/', sourceLocale) ?? '/');
  const inSource = path.posix.relative(abs(layout.localeRoot('/', sourceLocale)), path.posix.join(sourcePathRoot, englishPath));
  // An English file outside its locale folder has no counterpart to derive: keep its path as it is.
  const rel = inSource.startsWith('..') || path.posix.isAbsolute(inSource) ? englishPath : inSource;
  const target = path.posix.join(abs(layout.localeRoot('/', locale)), rel);
  return path.posix.relative(abs(layout.pathRoot?.('/', locale) ?? '/'), target);
}
