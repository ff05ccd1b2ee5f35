import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getCheck } from '../../server/checks/registry.ts';
import { memoryConfig, readTree, runInMemory, type SiteFiles, type TestFinding } from './tester.ts';

/**
 * False-alarm classes of the MDN hand checks (docs/precision-mdn.md), each on real MDN 2023-06
 * snippets (test/fixtures/mdn/NOTICE): the site as the index holds it (in memory, its
 * `_redirects.txt` files read by the layout's own reader: tester.ts memoryConfig), then one check's findings.
 */
const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/mdn');
const CHECKS = ['macro-mismatch', 'outdated-link', 'structure-mismatch', 'link-mismatch', 'broken-link', 'english-fallback'].map((id) => getCheck(id)!);
/** Where the in-memory site's files live (no folder on disk). */
const BASE = '/memory/mdn-false-alarms-2';

/** The fixture's files in memory, changed by a case's `edit` (paths relative to the fixture root). */
class FixtureFiles {
  constructor(readonly files: SiteFiles) {}
  read(rel: string): string {
    const text = this.files[rel];
    if (text === undefined) throw new Error(`no file ${rel} in the fixture`);
    return text;
  }
  write(rel: string, text: string): void {
    this.files[rel] = text;
  }
  rewrite(rel: string, change: (text: string) => string): void {
    this.write(rel, change(this.read(rel)));
  }
  /** Deletes a folder and everything in it. */
  remove(dir: string): void {
    const before = Object.keys(this.files).length;
    for (const rel of Object.keys(this.files)) if (rel.startsWith(`${dir}/`)) delete this.files[rel];
    if (Object.keys(this.files).length === before) throw new Error(`no folder ${dir} in the fixture`);
  }
}

/** Runs the checks over the MDN fixture after `edit` changes it. */
async function checkFixture(edit: (site: FixtureFiles) => void = () => {}): Promise<TestFinding[]> {
  // es pages only these cases check (site-semantics.test.ts asserts every es finding of the fixture).
  const site = new FixtureFiles({ ...readTree(FIXTURE, ['extra']), ...readTree(path.join(FIXTURE, 'extra')) });
  edit(site);
  const config = memoryConfig({ layout: 'mdn', root: 'translated-content', sourceRoot: 'content' }, BASE, site.files);
  // The locales the indexer finds: the folders under translated-content/files.
  const locales = [...new Set(Object.keys(site.files).flatMap((f) => /^translated-content\/files\/([^/]+)\//.exec(f)?.[1] ?? []))].sort();
  return runInMemory(CHECKS, locales, site.files, { config, base: BASE });
}

function findings(found: TestFinding[], check: string, locale: string, key: string): string[] {
  return found
    .filter((f) => f.check_id === check && f.locale === locale && f.key === key)
    .map((f) => `${f.line} ${f.message_id} ${f.severity}: ${f.message}`)
    .sort();
}

const LABEL = 'web/html/element/label';
const MULTICOL = 'web/css/css_multicol_layout/using_multicol_layouts';
const DATETIMEFORMAT = 'web/javascript/reference/global_objects/intl/datetimeformat';
const FX53 = 'mozilla/firefox/releases/53';
const HISTORY = 'web/api/history';
const RUNTIMEERROR = 'webassembly/javascript_interface/runtimeerror';
const BOUNCE = 'games/tutorials/2d_breakout_game_pure_javascript/bounce_off_the_walls';
const FORM = 'web/html/element/form';
const SETTER = 'web/javascript/reference/functions/set';
const DEMOS = 'web/demos';
const FONTSIZE = 'web/javascript/reference/global_objects/string/fontsize';
const SVGPATH = 'web/svg/element/path';

interface Case {
  name: string;
  edit?: (site: FixtureFiles) => void;
  check: string;
  locale: string;
  key: string;
  /** Only findings whose message holds this text. */
  about?: string;
  expect: string[];
}

const cases: Case[] = [
  {
    // ko calls EmbedLiveSample('간단한_label_예제', …) on its heading "간단한 label 예제"; English calls
    // EmbedLiveSample('Simple_label_example', …): the same live sample, its heading id translated.
    // ko's htmlattrdef/htmlattrxref calls are real differences: English no longer has them.
    name: 'valid: EmbedLiveSample heading ids are compared as references to a heading, not as strings (ko label)',
    check: 'macro-mismatch',
    locale: 'ko',
    key: LABEL,
    expect: [
      '38 extra warning: Translation calls {{htmlattrdef("for")}} 1× and English 0×; check the text around it against English.',
      '40 extra info: Translation calls {{htmlattrxref("id")}} 1× and English 0×; check the text around it against English.',
      '44 extra warning: Translation calls {{htmlattrdef("form")}} 1× and English 0×; check the text around it against English.',
    ],
  },
  {
    // ru `{{EmbedLiveSample("")}}` (web/html/element/select): an empty id names the sample where the call stands.
    name: 'valid: EmbedLiveSample with an empty heading id is a live sample like any other',
    edit: (site) =>
      site.rewrite(`translated-content/files/ko/${LABEL}/index.md`, (t) =>
        t.replace("{{EmbedLiveSample('간단한_label_예제', '200', '50', '')}}", '{{EmbedLiveSample("")}}'),
      ),
    check: 'macro-mismatch',
    locale: 'ko',
    key: LABEL,
    expect: [
      '38 extra warning: Translation calls {{htmlattrdef("for")}} 1× and English 0×; check the text around it against English.',
      '40 extra info: Translation calls {{htmlattrxref("id")}} 1× and English 0×; check the text around it against English.',
      '44 extra warning: Translation calls {{htmlattrdef("form")}} 1× and English 0×; check the text around it against English.',
    ],
  },
  {
    name: 'invalid: a live sample English embeds and the translation lacks is still missing (ko label without its second sample)',
    edit: (site) =>
      site.rewrite(`translated-content/files/ko/${LABEL}/index.md`, (t) => t.replace("{{EmbedLiveSample('for_속성_예제', '200', '50', '')}}", '')),
    check: 'macro-mismatch',
    locale: 'ko',
    key: LABEL,
    expect: [
      '38 extra warning: Translation calls {{htmlattrdef("for")}} 1× and English 0×; check the text around it against English.',
      '40 extra info: Translation calls {{htmlattrxref("id")}} 1× and English 0×; check the text around it against English.',
      '44 extra warning: Translation calls {{htmlattrdef("form")}} 1× and English 0×; check the text around it against English.',
      '61 missing warning: English calls {{EmbedLiveSample(…)}} (on a heading of the page) 2× and the translation 1×; copy the call from English.',
    ],
  },
  {
    // ru `{{CSSRef("CSS Multi-columns")}}`, English `{{CSSRef}}`: CSSRef.ejs reads no argument; the same sidebar.
    name: 'valid: CSSRef with an old argument is the same sidebar (ru multicol)',
    check: 'macro-mismatch',
    locale: 'ru',
    key: MULTICOL,
    expect: [],
  },
  {
    // ru `{{JSRef("Global_Objects", "DateTimeFormat", "Intl,Collator,NumberFormat")}}`: "Parameters are OBSOLETE".
    // English's EmbedInteractiveExample (line 10) is beyond ru's first lines: a real difference.
    name: 'valid: JSRef with obsolete arguments is the same sidebar (ru Intl.DateTimeFormat)',
    check: 'macro-mismatch',
    locale: 'ru',
    key: DATETIMEFORMAT,
    expect: [],
  },
  {
    name: 'invalid: a sidebar macro the translation lacks is still missing',
    edit: (site) =>
      site.rewrite(`translated-content/files/ru/${DATETIMEFORMAT}/index.md`, (t) =>
        t.replace('{{JSRef("Global_Objects", "DateTimeFormat", "Intl,Collator,NumberFormat")}}', ''),
      ),
    check: 'macro-mismatch',
    locale: 'ru',
    key: DATETIMEFORMAT,
    expect: ['10 missing warning: English calls {{JSRef}} 1× and the translation 0×; copy the call from English.'],
  },
  {
    // ru `({{bug (1312103)}})`, English `([Firefox bug 1312103](https://bugzil.la/1312103))`: the same link.
    name: 'valid: {{bug(N)}} and a Markdown link to bugzil.la/N are the same link (ru Firefox 53)',
    check: 'macro-mismatch',
    locale: 'ru',
    key: FX53,
    expect: [],
  },
  {
    // Like ru Atomics `{{bug(1260910)}}`, in a note English dropped: English links no such bug.
    name: 'invalid: a bug English does not link is still reported (ru Firefox 53 with another bug)',
    edit: (site) => site.rewrite(`translated-content/files/ru/${FX53}/index.md`, (t) => t.replace('({{bug (1310681)}})', '({{bug(1260910)}})')),
    check: 'macro-mismatch',
    locale: 'ru',
    key: FX53,
    expect: ['16 extra info: Translation calls {{bug(1260910)}} 1× and English 0×; check the text around it against English.'],
  },
  {
    // ru `{{domxref ("DOMString")}}`: ru/_redirects.txt sends Web/API/DOMString to ru's leftover
    // conflicting/…/String_6fa58…, set aside for English's Global_Objects/String: suggest that page, never the leftover.
    name: "invalid: a link the locale's redirects send to a conflicting/ leftover suggests the English page it was set aside for (ru History)",
    check: 'outdated-link',
    locale: 'ru',
    key: HISTORY,
    expect: [
      '17 redirect warning: Link {{domxref ("DOMString")}} (/en-US/docs/Web/API/DOMString) goes to a moved page (through a redirect); use /en-US/docs/Web/JavaScript/Reference/Global_Objects/String.',
      '19 redirect warning: Link {{domxref ("DOMString")}} (/en-US/docs/Web/API/DOMString) goes to a moved page (through a redirect); use /en-US/docs/Web/JavaScript/Reference/Global_Objects/String.',
    ],
  },
  {
    name: 'invalid: without that English page the finding names the leftover and suggests no URL English lacks',
    edit: (site) => site.remove('content/files/en-us/web/javascript/reference/global_objects/string'),
    check: 'outdated-link',
    locale: 'ru',
    key: HISTORY,
    expect: [
      '17 redirectToLeftover warning: Link {{domxref ("DOMString")}} (/en-US/docs/Web/API/DOMString) goes, through this locale\'s redirects, to files/ru/conflicting/web/javascript/reference/global_objects/string_6fa58bba0570d663099f0ae7ae8883ab/index.md, a page English does not have (a leftover only this locale keeps); link what English links here, or drop the link where English has none.',
      '19 redirectToLeftover warning: Link {{domxref ("DOMString")}} (/en-US/docs/Web/API/DOMString) goes, through this locale\'s redirects, to files/ru/conflicting/web/javascript/reference/global_objects/string_6fa58bba0570d663099f0ae7ae8883ab/index.md, a page English does not have (a leftover only this locale keeps); link what English links here, or drop the link where English has none.',
    ],
  },
  {
    // ko keeps the old outline (Syntax / ### Parameters / Properties / Methods / Examples), English has
    // Constructor / Instance properties / Instance methods / Examples / ### Creating…: nine sections each.
    // Paired by position, "Examples" (##) would be told to become ### like "Creating a new RuntimeError instance".
    // The one alignment (server/align) is not sure of those pairs: no level advice.
    name: 'valid: same section count, unrelated sections: no level advice for a heading (ko RuntimeError)',
    check: 'structure-mismatch',
    locale: 'ko',
    key: RUNTIMEERROR,
    expect: [],
  },
  {
    name: 'invalid: a translated heading whose section shares code and links with English is told its level (RuntimeError, Instance properties as ###)',
    edit: (site) =>
      site.write(
        `translated-content/files/ko/${RUNTIMEERROR}/index.md`,
        site
          .read(`content/files/en-us/${RUNTIMEERROR}/index.md`)
          .replace('## Instance properties', '### 인스턴스 속성')
          .replace('## Instance methods', '## 인스턴스 메서드'),
      ),
    check: 'structure-mismatch',
    locale: 'ko',
    key: RUNTIMEERROR,
    expect: ['16 headingLevel warning: Heading "인스턴스 속성" is level 3 (###) but English "Instance properties" is level 2 (##); use ##.'],
  },
  {
    name: 'invalid: every heading one level deeper is one shift, whatever the sections hold',
    edit: (site) =>
      site.write(
        `translated-content/files/ko/${RUNTIMEERROR}/index.md`,
        site
          .read(`content/files/en-us/${RUNTIMEERROR}/index.md`)
          .replace(/^(#{2,3}) /gm, '#$1 번역 ')
          .replace(/\{\{[^}]*\}\}|`[^`]*`|\]\([^)]*\)/g, ''),
      ),
    check: 'structure-mismatch',
    locale: 'ko',
    key: RUNTIMEERROR,
    expect: [
      '11 headingShift warning: 8 headings are 1 level(s) deeper than in English ("번역 Constructor", "번역 Instance properties", "번역 Instance methods", …); shift each heading by 1 level(s), e.g. ### → ##.',
    ],
  },
  {
    // ru `{{PreviousNext("Games/Tutorials/…/Переместить_мяч", …)}}` (ru's redirects: …/Move_the_ball), English
    // `{{PreviousNext("Games/Workflows/…/Move_the_ball", …)}}` (English's redirects: Games/Tutorials/…): the same pages.
    name: "valid: PreviousNext's arguments are compared as the pages they lead to (ru Breakout, bounce off the walls)",
    check: 'macro-mismatch',
    locale: 'ru',
    key: BOUNCE,
    expect: [],
  },
  {
    name: 'invalid: PreviousNext to another page is reported',
    edit: (site) => site.rewrite(`translated-content/files/ru/${BOUNCE}/index.md`, (t) => t.replace('Переместить_мяч', 'Paddle_and_keyboard_controls')),
    check: 'macro-mismatch',
    locale: 'ru',
    key: BOUNCE,
    expect: [
      '14 missing warning: English calls {{PreviousNext("Games/Workflows/2D_Breakout_game_pure_JavaScript/Move_the_ball", "Games/Workflows/2D_Breakout_game_pure_JavaScript/Paddle_and_keyboard_controls")}} 1× and the translation 0×; copy the call from English.',
      '15 extra warning: Translation calls {{PreviousNext("Games/Tutorials/2D_Breakout_game_pure_JavaScript/Paddle_and_keyboard_controls", "Games/Tutorials/2D_Breakout_game_pure_JavaScript/Paddle_and_keyboard_controls")}} 1× and English 0×; check the text around it against English.',
    ],
  },
  {
    // ru `[\`:valid\`](/en-US/docs/CSS/%3Avalid)`: MDN reads `%3A` as `:`, and English redirects CSS/:valid.
    // (HTMLFormElement.elements is no page of the fixture: a real broken link there.)
    name: 'valid: a percent-encoded colon in a link is the page it names (ru form, CSS/%3Avalid): no broken link',
    check: 'broken-link',
    locale: 'ru',
    key: FORM,
    expect: [
      '11 broken error: Link {{domxref("HTMLFormElement.elements", "elements")}} (/en-US/docs/Web/API/HTMLFormElement/elements) goes to no page (no page, redirect or legacy rule matches); fix the path or link the page English links to.',
    ],
  },
  {
    name: 'invalid: …and that link goes through a redirect',
    check: 'outdated-link',
    locale: 'ru',
    key: FORM,
    expect: [
      '11 redirect warning: Link /en-US/docs/CSS/%3Ainvalid goes to a moved page (through a redirect); use /en-US/docs/Web/CSS/:invalid.',
      '11 redirect warning: Link /en-US/docs/CSS/%3Avalid goes to a moved page (through a redirect); use /en-US/docs/Web/CSS/:valid.',
    ],
  },
  {
    // es line 35: "Debe tener exactamente un parámentro (ver [Incompatible ES5 change: …](http://whereswalden.com/…) para más información)".
    name: 'valid: Spanish around the English title of an external article is no English fallback (es setter)',
    check: 'english-fallback',
    locale: 'es',
    key: SETTER,
    expect: [],
  },
  {
    name: 'invalid: the same item with its Spanish words in English is',
    edit: (site) =>
      site.rewrite(`translated-content/files/es/${SETTER}/index.md`, (t) =>
        t
          .replace('Debe tener exactamente un parámentro (ver', 'It must have exactly one parameter (see')
          .replace('para más información', 'for more information'),
      ),
    check: 'english-fallback',
    locale: 'es',
    key: SETTER,
    expect: [
      '35 paragraph warning: Paragraph is still English: "It must have exactly one parameter (see Incompatible ES5 change: literal getter and sette…"; translate it.',
    ],
  },
  {
    // es line 75: "[CSS floating logo " mozilla " developed by Rober Villar , from Software RVG.](http://codepen.io/…)(codigo fuente)".
    name: 'valid: a demo list item that is an English title and "(codigo fuente)" is no English fallback (es demos)',
    check: 'english-fallback',
    locale: 'es',
    key: DEMOS,
    expect: [],
  },
  {
    // ru and English have nine sections each, in another order (ru "Сводка" where English has "Syntax"): paired by
    // position, ru's {{HTMLElement("font")}} in "Сводка" was "no longer in English", which links it in its intro.
    name: 'valid: a link the other page has in another section is neither "no longer in English" nor missing (ru String.fontsize)',
    check: 'link-mismatch',
    locale: 'ru',
    key: FONTSIZE,
    // ru links Web/CSS in its "Сводка" note (line 21), not in the top section: not missing either. English's
    // link to String#html_wrapper_methods is nowhere in ru: real.
    expect: [
      '14 missing warning: English links to /en-US/docs/Web/JavaScript/Reference/Global_Objects/String in this section, the translation does not; add the link.',
    ],
  },
  {
    // ru `[Атрибуты глобальных событий](/docs/Web/SVG/Attribute/Events#…)`: no locale in the URL, MDN serves the reader's.
    name: 'valid: a /docs/… link without locale is a link to that page (ru SVG path, attribute Events)',
    check: 'link-mismatch',
    locale: 'ru',
    key: SVGPATH,
    about: '/Attribute/',
    expect: [],
  },
  {
    name: "invalid: without that link, English's is missing",
    edit: (site) =>
      site.rewrite(`translated-content/files/ru/${SVGPATH}/index.md`, (t) =>
        t.replace('- [Presentation Attributes](/docs/Web/SVG/Attribute/Presentation)', '- Presentation Attributes'),
      ),
    check: 'link-mismatch',
    locale: 'ru',
    key: SVGPATH,
    about: '/Attribute/',
    expect: [
      '36 missing warning: English links to /en-US/docs/Web/SVG/Attribute/Presentation in this section ("Global attributes"), the translation does not; add the link.',
    ],
  },
];

let unedited: Promise<TestFinding[]> | undefined;

describe('MDN false alarms (2): site-true macro-mismatch, outdated-link and structure-mismatch', () => {
  it.each(cases)(
    '$name',
    async (c) => {
      // Cases that change nothing share one run over the fixture.
      const found = await (c.edit ? checkFixture(c.edit) : (unedited ??= checkFixture()));
      expect(findings(found, c.check, c.locale, c.key).filter((f) => !c.about || f.includes(c.about))).toEqual(c.expect);
    },
    60_000,
  );
});
