import type { CoverageState } from './model.ts';

/**
 * The effort an article stands for, counted once at check time (server/shared/word-count.ts):
 * a missing page's English words (missing-translation's data), a stale translation's English
 * words changed since its base (stale-translation's data). Null where no finding gives the
 * figure (another state, a reusable, an excluded or dismissed finding): unknown, never 0.
 */
export interface ArticleWords {
  toTranslate: number | null;
  changed: number | null;
}

/** A locale's words to translate and to update, summed over its articles, and how many articles have no figure. */
export interface LocaleWords {
  toTranslate: number;
  changed: number;
  /** Missing or stale articles whose words are not known. */
  unknown: number;
}

export function sumWords(rows: Iterable<{ state: CoverageState; words: ArticleWords }>): LocaleWords {
  const out: LocaleWords = { toTranslate: 0, changed: 0, unknown: 0 };
  for (const r of rows) {
    if (r.state === 'missing') {
      if (r.words.toTranslate === null) out.unknown++;
      else out.toTranslate += r.words.toTranslate;
    } else if (r.state === 'stale') {
      if (r.words.changed === null) out.unknown++;
      else out.changed += r.words.changed;
    }
  }
  return out;
}
