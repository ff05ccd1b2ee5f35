import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexWith, tempDir, type IndexedSite } from '../layouts/helpers.ts';

// Real snippets of MDN 2023-06 and the Kubernetes website 2025 (test/fixtures/*/NOTICE), one site each.
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');

let mdn: IndexedSite;
let k8s: IndexedSite;
beforeAll(async () => {
  const mdnRoot = tempDir('l10n-mdn-fixture-');
  fs.cpSync(path.join(FIXTURES, 'mdn'), mdnRoot, { recursive: true });
  mdn = await indexWith({ layout: 'mdn', root: 'translated-content', sourceRoot: 'content' }, mdnRoot, [
    'frontmatter-mismatch',
    'untranslated-field',
    'link-mismatch',
    'broken-link',
    'outdated-link',
    'macro-mismatch',
    'orphaned-translation',
  ]);
  const k8sRoot = tempDir('l10n-k8s-fixture-');
  fs.cpSync(path.join(FIXTURES, 'kubernetes'), k8sRoot, { recursive: true });
  k8s = await indexWith({ layout: 'hugo', root: '.' }, k8sRoot, ['frontmatter-mismatch']);
}, 120_000);
afterAll(() => {
  mdn?.close();
  k8s?.close();
});

const summary = (site: IndexedSite, check: string, locale: string) =>
  site
    .findings(check, locale)
    .map((f) => `${f.key} ${f.message_id}: ${f.message}`)
    .sort();

interface Case {
  name: string;
  site: () => IndexedSite;
  check: string;
  locale: string;
  expect: string[];
}

const cases: Case[] = [
  {
    // es Element.classList has only title and slug; English has short-title, page-type, browser-compat.
    name: 'MDN frontmatter-mismatch: keys the build merges from English are never missing',
    site: () => mdn,
    check: 'frontmatter-mismatch',
    locale: 'es',
    expect: [],
  },
  {
    // es titles `Element.classList`, `Navigator.onLine` are API names, kept in every language (English-looking, not English text).
    name: 'MDN untranslated-field: API names in titles are code, not untranslated English',
    site: () => mdn,
    check: 'untranslated-field',
    locale: 'es',
    expect: [],
  },
  {
    // English `{{domxref("DOMTokenList")}}`, es `[`DOMTokenList`](/es/docs/Web/API/DOMTokenList)`; both `{{domxref("element.className")}}`.
    name: 'MDN link-mismatch: a domxref macro and a Markdown link to the same page are the same link',
    site: () => mdn,
    check: 'link-mismatch',
    locale: 'es',
    expect: [],
  },
  {
    name: "MDN broken-link: macro links to live pages, and links through the locale's own _redirects.txt, are not broken",
    site: () => mdn,
    check: 'broken-link',
    locale: 'es',
    expect: [],
  },
  {
    name: 'MDN macro-mismatch: link macros are links (link-mismatch), not macro calls to count',
    site: () => mdn,
    check: 'macro-mismatch',
    locale: 'es',
    // {{APIRef}} without the English argument ("DOM") is a real difference; the domxref calls are not reported.
    expect: [
      'web/api/element/classlist extra: Translation calls {{APIRef}} 1× and English 0×; check the text around it against English.',
      'web/api/element/classlist missing: English calls {{APIRef("DOM")}} 1× and the translation 0×; copy the call from English.',
    ],
  },
  {
    name: 'MDN orphaned-translation: original_slug followed through English _redirects.txt to a live page',
    site: () => mdn,
    check: 'orphaned-translation',
    locale: 'es',
    expect: [
      'conflicting/web/css formerKey: No English page /en-US/docs/conflicting/Web/CSS exists, but this translation was filed under /en-US/docs/Web/CSS/Tools, which English serves at /en-US/docs/Web/CSS; move the translation to files/es/web/css/index.md.',
      'orphaned/web/api/navigatoronline/online formerKey: No English page /en-US/docs/orphaned/Web/API/NavigatorOnLine/onLine exists, but this translation was filed under /en-US/docs/Web/API/NavigatorOnLine/onLine, which English serves at /en-US/docs/Web/API/Navigator/onLine; move the translation to files/es/web/api/navigator/online/index.md.',
    ],
  },
  {
    // zh-cn APIServerTracing still shows beta as the last stage; English added stable in 1.34. APIServerIdentity is equal.
    name: 'Kubernetes frontmatter-mismatch: feature-gate stages are page content compared with English',
    site: () => k8s,
    check: 'frontmatter-mismatch',
    locale: 'zh-cn',
    expect: [
      'docs/reference/command-line-tools-reference/feature-gates/apiservertracing contentDiffers: Frontmatter stages, which readers see on the page, differs from English: English has {"defaultValue":true,"fromVersion":"1.27","stage":"beta","toVersion":"1.33"}; {"defaultValue":true,"fromVersion":"1.34","stage":"stable"} where the translation has {"defaultValue":true,"fromVersion":"1.27","stage":"beta"}; update it from English.',
    ],
  },
];

describe('site semantics on real MDN and Kubernetes snippets', () => {
  it.each(cases)('$name', (c) => {
    expect(summary(c.site(), c.check, c.locale)).toEqual(c.expect);
  });

  it('MDN: a key English redirects off the site (/en-US/docs/Tools → Firefox source docs) is no broken page', () => {
    expect(mdn.config.layout.offSite?.('tools', 'es')).toBe(true);
    expect(mdn.config.layout.offSite?.('web/css', 'es')).toBe(false);
  });

  it('MDN outdated-link: a link to an old Spanish slug goes through es/_redirects.txt (not broken), and only that one', () => {
    expect(summary(mdn, 'outdated-link', 'es')).toEqual([
      'learn/css/first_steps/how_css_works redirect: Link /es/docs/Learn/CSS/First_steps/Qu%C3%A9_es_CSS#Soporte_del_navegador goes to a moved page (through a redirect); use /en-US/docs/Learn/CSS/First_steps/What_is_CSS#Soporte_del_navegador.',
    ]);
  });
});
