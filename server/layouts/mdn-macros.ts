import path from 'node:path';
import type { MacroArg, MacroLink } from './types.ts';

/**
 * MDN's link macros, as yari's KumaScript renders them (kumascript/macros/<name>.ejs): the
 * macro name (case-insensitive, as KumaScript looks macros up) and its arguments give the
 * English page the link goes to. Only macros whose target rule is known exactly are here;
 * any other macro is no link for the checks (macro-mismatch still compares it).
 */
const REF = 'Web/JavaScript/Reference/';

type Rule = (args: readonly string[]) => { slugs: string[]; anchor: string } | null;

const anchorOf = (a: string | undefined) => (a ?? '').replace(/^#/, '');

const RULES: Record<string, Rule> = {
  // jsxref.ejs: `Array.prototype.map()` → Global_Objects/Array/map; `Statements/for...of` stays under Reference;
  // a bare name is Reference/<name> when that page exists, else Global_Objects/<name>.
  jsxref([api, , anchor]) {
    if (!api) return null;
    const name = api.replace('()', '').replace('.prototype.', '.');
    const slugs =
      !name.includes('..') && name.includes('.') ? [`${REF}Global_Objects/${name.replace('.', '/')}`] : [`${REF}${api}`, `${REF}Global_Objects/${api}`];
    return { slugs, anchor: anchorOf(anchor) };
  },
  // DOMxRef.ejs: spaces → `_`, no `()`, `.prototype.` → `.`, every `.` → `/`, first letter upper case.
  domxref([api, , anchor]) {
    if (!api) return null;
    const name = api
      .replace(/ /g, '_')
      .replace(/\(\)/g, '')
      .replace(/\.prototype\./g, '.')
      .replace(/\./g, '/');
    return { slugs: [`Web/API/${name.charAt(0).toUpperCase()}${name.slice(1)}`], anchor: anchorOf(anchor) };
  },
  htmlelement: ([element, , anchor]) => (element ? { slugs: [`Web/HTML/Element/${element.toLowerCase()}`], anchor: anchorOf(anchor) } : null),
  glossary: ([term]) => (term ? { slugs: [`Glossary/${term.replace(/\s+/g, '_')}`], anchor: '' } : null),
  // cssxref.ejs: `&lt;length&gt;` → length; <color>, <flex>, <position> have `_value` pages.
  cssxref([api, , anchor]) {
    if (!api) return null;
    const special: Record<string, string> = { '&lt;color&gt;': 'color_value', '&lt;flex&gt;': 'flex_value', '&lt;position&gt;': 'position_value' };
    return { slugs: [`Web/CSS/${special[api] ?? api.replace(/&lt;(.*)&gt;/g, '$1')}`], anchor: anchorOf(anchor) };
  },
  svgelement: ([element]) => (element ? { slugs: [`Web/SVG/Element/${element}`], anchor: '' } : null),
  svgattr: ([attribute]) => (attribute ? { slugs: [`Web/SVG/Attribute/${attribute}`], anchor: '' } : null),
  httpstatus: ([status, , anchor]) => (status ? { slugs: [`Web/HTTP/Status/${status}`], anchor: anchorOf(anchor) } : null),
  httpmethod: ([method, , anchor]) => (method ? { slugs: [`Web/HTTP/Methods/${method.toUpperCase()}`], anchor: anchorOf(anchor) } : null),
};

/**
 * Link macros that leave the site. bug.ejs: `{{bug(N)}}` renders a link to Bugzilla bug N; English
 * now writes the same link in Markdown (`[Firefox bug 1304044](https://bugzil.la/1304044)`).
 */
const EXTERNAL: Record<string, (args: readonly string[]) => string[] | null> = {
  bug: ([n]) => (n && /^\d+$/.test(n) ? [`https://bugzil.la/${n}`, `https://bugzilla.mozilla.org/show_bug.cgi?id=${n}`] : null),
};

/**
 * What the arguments of MDN's non-link macros are (yari kumascript/macros/<name>.ejs), where
 * the default (first argument compared as written, the rest display text) is wrong.
 */
export const MDN_MACRO_ARGS: Readonly<Record<string, readonly MacroArg[]>> = {
  // EmbedLiveSample.ejs: $0 is "the ID of the header block containing the sample" (a heading of
  // this page, translated with it: ko `'간단한_label_예제'` for English `'Simple_label_example'`),
  // $1–$3 the frame's size and a screenshot, $4 (deprecated) another page to take the sample from.
  embedlivesample: ['heading', 'ignored', 'ignored', 'ignored', 'literal'],
  // LiveSampleLink.ejs: $0 the sample's heading id, $1 the link text.
  livesamplelink: ['heading', 'ignored'],
  // Sidebars built from the page's slug alone. JSRef.ejs: "Parameters are OBSOLETE. DO NOT USE
  // ANYMORE." (ru keeps `{{JSRef("Global_Objects", "DateTimeFormat", …)}}`); CSSRef.ejs reads none
  // (ru `{{CSSRef("CSS Multi-columns")}}`). Readers get the same sidebar either way.
  jsref: [],
  cssref: [],
  // PreviousNext.ejs, PreviousMenuNext.ejs, PreviousMenu.ejs, Previous.ejs, Next.ejs: slugs of the pages the
  // navigation links to (ru `PreviousNext("…/Переместить_мяч", …)`, which ru's redirects send to `…/Move_the_ball`).
  previousnext: ['page', 'page'],
  previousmenunext: ['page', 'page', 'page'],
  previousmenu: ['page', 'page'],
  previous: ['page'],
  next: ['page'],
};

/** `jsxref("Array.map", "map()")` → name `jsxref`, args `["Array.map", "map()"]`; null when it is no macro call. */
export function parseMacroCall(expression: string): { name: string; args: string[] } | null {
  const m = /^\s*([A-Za-z][\w-]*)\s*(?:\(([\s\S]*)\))?\s*$/.exec(expression);
  if (!m) return null;
  const args: string[] = [];
  const text = m[2] ?? '';
  let i = 0;
  while (i < text.length) {
    while (text[i] === ' ' || text[i] === '\t' || text[i] === '\n') i++;
    if (i >= text.length) break;
    const quote = text[i];
    if (quote === '"' || quote === "'") {
      let value = '';
      i++;
      while (i < text.length && text[i] !== quote) {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        value += text[i++];
      }
      i++;
      args.push(value);
      while (i < text.length && text[i] !== ',') i++;
    } else {
      const end = text.indexOf(',', i);
      args.push(text.slice(i, end < 0 ? text.length : end).trim());
      i = end < 0 ? text.length : end;
    }
    i++; // the comma
  }
  return { name: m[1]!.toLowerCase(), args };
}

/** The English URLs a link macro renders as (`/en-US/docs/…`, or off-site URLs marked `external`), or null for any other macro. */
export function mdnMacroLink(expression: string): MacroLink | null {
  const call = parseMacroCall(expression);
  if (!call) return null;
  const external = EXTERNAL[call.name]?.(call.args.map((a) => a.trim()));
  if (external) return { urls: external, anchor: '', external: true };
  const rule = RULES[call.name];
  const target = rule?.(call.args.map((a) => a.trim()));
  if (!target) return null;
  // `jsxref("../Guide/Funciones")` renders `…/Reference/../Guide/Funciones`, which browsers resolve to `…/Guide/Funciones`.
  return { urls: target.slugs.map((s) => path.posix.normalize(`/en-US/docs/${s}`)), anchor: target.anchor };
}
