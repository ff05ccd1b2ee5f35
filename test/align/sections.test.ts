/**
 * The one section alignment (server/align) on real snippets: the license-sync article in
 * English and its ja-JP translation of 2021-06-10 (translated headings, every heading one
 * level deeper), and MDN's Array page in English and es. Each case edits the real text the
 * way sites change: English reorders, adds or drops a section; a translation merges two.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { alignDocuments, alignOutlines, neutralReference, neutralTarget, type AlignableDocument } from '../../server/align/sections.ts';
import { parseDocument } from '../../server/indexer/parse.ts';
import { LICENSE_SYNC_HISTORY, MDN_SAMPLE } from '../corpus.ts';

function doc(text: string): AlignableDocument & { headings: string[] } {
  const parsed = parseDocument('x.md', Buffer.from(text), { kind: 'page', language: 'en', detectLanguages: false, maxFileBytes: 1e6, maxSections: 500 });
  return {
    sections: parsed.sections.map((s) => ({ ordinal: s.ordinal, level: s.level, anchor: s.anchor, skeleton_hash: s.skeletonHash })),
    links: parsed.links,
    liquid: parsed.liquid,
    headings: parsed.sections.map((s) => s.heading),
  };
}

const read = (file: string) => fs.readFileSync(path.join(LICENSE_SYNC_HISTORY, file), 'utf8');
// English as the ja-JP translation of 2021-06-10 was made from it, and that translation.
const EN = read('en-2021-05-19-f7e848e0c.md');
const JA = read('ja-JP-2021-06-10-fcc48bef6.md');

/** Splits a page at its `#` headings: [frontmatter and intro, section, section, …]. */
function parts(text: string): string[] {
  return text.split(/\n(?=#{2,3} )/);
}
const join = (p: string[]) => p.join('\n');

const FURTHER =
  '## Further reading\n\n- "[About GitHub Connect](/admin/configuration/about-github-connect)"\n- "[Viewing your license usage](/billing/managing-your-license-for-github-enterprise/viewing-license-usage-for-github-enterprise)"\n';

/** `englishHeading>translationHeading` per row, `-` for a side without the section, `?` after an uncertain pair. */
function rows(english: ReturnType<typeof doc>, translation: ReturnType<typeof doc>): string[] {
  return alignDocuments(english, translation).map((p) => {
    const e = p.english === null ? '-' : english.headings[p.english] || '(intro)';
    const t = p.translation === null ? '-' : translation.headings[p.translation] || '(intro)';
    return `${e}>${t}${p.english !== null && p.translation !== null && !p.certain ? ' ?' : ''}`;
  });
}

const ABOUT = 'About license synchronization';
const ENABLING = 'Enabling license synchronization';
const JA_ABOUT = 'ライセンスの同期について';
const JA_ENABLING = 'ライセンス同期の有効化';

describe('section alignment on real pages', () => {
  it('the real files have the sections the cases edit', () => {
    expect(doc(EN).headings).toEqual(['', ABOUT, ENABLING]);
    expect(doc(JA).headings).toEqual(['', JA_ABOUT, JA_ENABLING]);
  });

  const [enHead, enAbout, enEnabling] = parts(EN) as [string, string, string];
  const [jaHead, jaAbout, jaEnabling] = parts(JA) as [string, string, string];

  const cases: { name: string; english: string; translation: string; expected: string[] }[] = [
    {
      name: 'translated headings, every one a level deeper (### for ##): paired in order, all certain',
      english: EN,
      translation: JA,
      expected: ['(intro)>(intro)', `${ABOUT}>${JA_ABOUT}`, `${ENABLING}>${JA_ENABLING}`],
    },
    {
      name: 'English reordered its two sections: one pairs with its translation by content, the moved one has no counterpart',
      english: join([enHead, enEnabling, enAbout]),
      translation: JA,
      expected: ['(intro)>(intro)', `${ENABLING}>-`, `${ABOUT}>${JA_ABOUT}`, `->${JA_ENABLING}`],
    },
    {
      name: 'English added a section at the end',
      english: join([EN, FURTHER]),
      translation: JA,
      expected: ['(intro)>(intro)', `${ABOUT}>${JA_ABOUT}`, `${ENABLING}>${JA_ENABLING}`, 'Further reading>-'],
    },
    {
      name: 'English added a section in the middle: the sections after it still pair with theirs',
      english: join([enHead, enAbout, FURTHER, enEnabling]),
      translation: JA,
      expected: ['(intro)>(intro)', `${ABOUT}>${JA_ABOUT}`, 'Further reading>-', `${ENABLING}>${JA_ENABLING}`],
    },
    {
      name: 'English dropped a section the translation still has',
      english: join([enHead, enEnabling]),
      translation: JA,
      expected: ['(intro)>(intro)', `->${JA_ABOUT}`, `${ENABLING}>${JA_ENABLING}`],
    },
    {
      name: 'the translation dropped a section',
      english: EN,
      translation: join([jaHead, jaEnabling]),
      expected: ['(intro)>(intro)', `${ABOUT}>-`, `${ENABLING}>${JA_ENABLING}`],
    },
    {
      name: 'the translation merged two sections into one: the pair is uncertain (it holds the other section too)',
      english: EN,
      translation: join([jaHead, jaAbout, jaEnabling.replace(/^### .*\n/, '')]),
      expected: ['(intro)>(intro)', `${ABOUT}>-`, `${ENABLING}>${JA_ABOUT} ?`],
    },
    {
      name: 'English split a section in two: the translation pairs with the half holding the steps, uncertain (the other half holds the rest)',
      english: join([
        enHead,
        enAbout,
        enEnabling.replace(
          /\n\{% data reusables.enterprise-accounts.access-enterprise %\}/,
          '\n## Steps\n\n{% data reusables.enterprise-accounts.access-enterprise %}',
        ),
      ]),
      translation: JA,
      expected: ['(intro)>(intro)', `${ABOUT}>${JA_ABOUT}`, `${ENABLING}>-`, `Steps>${JA_ENABLING} ?`],
    },
  ];
  it.each(cases)('$name', ({ english, translation, expected }) => {
    expect(rows(doc(english), doc(translation))).toEqual(expected);
  });

  it('MDN Array page: English restructured it since es and ko were translated; only pairs its content backs are certain', () => {
    const mdn = (locale: string) =>
      doc(fs.readFileSync(path.join(MDN_SAMPLE, 'files', locale, 'web/javascript/reference/global_objects/array/index.md'), 'utf8'));
    const en = mdn('en-us');
    const certain = (locale: string) => {
      const t = mdn(locale);
      return alignDocuments(en, t)
        .filter((p) => p.certain)
        .map((p) => `${en.headings[p.english!] || '(intro)'}>${t.headings[p.translation!] || '(intro)'}`);
    };
    expect(en.headings).toHaveLength(42);
    // Checked by hand: each is the translation of the English section (same macros and links).
    expect(certain('es')).toEqual([
      '(intro)>(intro)',
      'Constructor>Constructor',
      'Specifications>Especificaciones',
      'Browser compatibility>Compatibilidad con navegadores',
      'See also>Ver también',
    ]);
    expect(certain('ko')).toEqual([
      '(intro)>(intro)',
      // ko's "Description" is the older text English later put under "Array indices": the same five links.
      'Array indices>설명',
      'Static methods>정적 메서드',
      'Instance properties>인스턴스 속성',
      'Instance methods>인스턴스 메서드',
      'Specifications>명세',
      'Browser compatibility>브라우저 호환성',
      'See also>같이 보기',
    ]);
  });

  it('macro and link tokens are what every locale writes', () => {
    expect(neutralReference('jsxref("Array/join", "join()")')).toBe('jsxref("array/join")');
    expect(neutralReference("domxref('Window')")).toBe('domxref("window")');
    expect(neutralReference('variables.product.prodname_ghe_server')).toBe('variables.product.prodname_ghe_server');
    expect(neutralTarget('/es/docs/Web/API/Window#methods')).toBe('/docs/web/api/window');
    expect(neutralTarget('/en-US/docs/Web/API/Window/')).toBe('/docs/web/api/window');
    expect(neutralTarget('/enterprise/admin/installation')).toBe('/enterprise/admin/installation');
  });

  it('history: a section English moved pairs with itself between two versions of English', () => {
    const outline = (text: string) =>
      doc(text).sections.map((s, i) => ({
        ordinal: s.ordinal,
        level: s.level,
        keys: s.level ? [s.anchor, `text:${i}`] : [],
        tokens: new Set<string>(),
        skeleton: s.skeleton_hash,
      }));
    const before = outline(EN);
    const after = outline(join([enHead, enEnabling, enAbout]));
    expect(alignOutlines(before, after, { versions: true }).map((p) => `${p.english}>${p.translation}`)).toEqual(['0>0', '2>1', '1>2']);
    // Without moves the alignment keeps order: one of the two is unpaired on each side.
    expect(alignOutlines(before, after).map((p) => `${p.english}>${p.translation}`)).toEqual(['0>0', '1>null', '2>1', 'null>2']);
  });

  it('a page too large to align cell by cell pairs by position, uncertain when the counts differ', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => ({ ordinal: i, level: i ? 2 : 0, keys: [], tokens: new Set<string>(), skeleton: '' }));
    const pairs = alignOutlines(many(700), many(701));
    expect(pairs).toHaveLength(701);
    expect(pairs.filter((p) => p.certain)).toHaveLength(0);
    expect(alignOutlines(many(600), many(600)).every((p) => p.certain)).toBe(true);
  });
});
