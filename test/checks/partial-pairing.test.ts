/**
 * An incremental check run pairs a locale looked at in part (a few units) from the files
 * `partialFiles` picks, not the whole locale (server/checks/run.ts). Property: for any locale,
 * English redirects (chains, merges of several old pages into one, kinds that differ) and
 * wanted units, each wanted file gets the pairing pairFiles gives it over the whole locale, each
 * wanted English page the same file moved to it, and every English-page unit among the wanted
 * ones is in the part's English keys.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { partialFiles } from '../../server/checks/run.ts';
import type { CheckDocument } from '../../server/checks/types.ts';
import { pairedEnglishKey } from '../../server/shared/documents.ts';
import { pairFiles, redirectRanks } from '../../server/shared/pairing.ts';

// Few keys, so that files, pages and redirects meet often; two of them share a last segment.
const KEYS = ['a', 'b', 'c', 'd', 'x/e', 'y/e', 'f', 'g'];
const kind = fc.constantFrom('page', 'reusable');

const locale = fc.record({
  english: fc.dictionary(fc.constantFrom(...KEYS), kind, { maxKeys: 6 }),
  redirects: fc.array(fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom(...KEYS)), { maxLength: 8 }),
  files: fc.dictionary(fc.constantFrom(...KEYS), kind, { maxKeys: 8 }),
  wanted: fc.subarray(KEYS, { minLength: 1 }),
});

function doc(key: string, kind: string): CheckDocument {
  return { row: { id: 0, locale: 'ja', key, kind, path: `${key}.md`, parse_error: null } } as unknown as CheckDocument;
}

describe('partial pairing', () => {
  it('pairs the wanted units of a locale as the whole locale does', () => {
    fc.assert(
      fc.property(locale, ({ english, redirects, files, wanted }) => {
        const englishKindOf = (k: string) => english[k];
        // The first entry for an old key wins, as the index's redirect map reads them.
        const map = new Map<string, string>();
        for (const [from, to] of redirects) if (!map.has(from)) map.set(from, to);
        const englishRedirect = (k: string) => map.get(k);
        const to = (key: string) => [...map].filter(([, t]) => t === key).map(([f]) => f);
        const docs = new Map(Object.entries(files).map(([k, kd]) => [k, doc(k, kd)]));
        const want = new Set(wanted);
        const whole = pairFiles(
          [...docs.values()].map((d) => d.row),
          englishKindOf,
          englishRedirect,
          redirectRanks(map),
        );
        const part = partialFiles(want, docs, englishKindOf, englishRedirect, to);
        const paired = pairFiles(
          part.files.map((d) => d.row),
          englishKindOf,
          englishRedirect,
          redirectRanks(map),
        );
        const movedTo = (m: typeof whole) => new Map([...m].filter(([, p]) => p.pairing === 'moved').map(([k, p]) => [p.englishKey!, k]));
        for (const key of want) {
          if (docs.has(key)) expect(paired.get(key)).toEqual(whole.get(key));
          if (englishKindOf(key) !== undefined) expect(movedTo(paired).get(key)).toEqual(movedTo(whole).get(key));
        }
        // The English-page units of the whole locale that are wanted: the part walks their English pages.
        const movedWhole = movedTo(whole);
        for (const key of Object.keys(english)) {
          const unit = docs.get(key)?.row.key ?? movedWhole.get(key) ?? key;
          if (want.has(unit)) expect(part.englishKeys).toContain(key);
        }
        // And the English page each wanted file leads to.
        for (const key of want) {
          const d = docs.get(key);
          const e = d ? pairedEnglishKey(key, d.row.kind, englishKindOf, englishRedirect) : undefined;
          if (e !== undefined) expect(part.englishKeys).toContain(e);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
