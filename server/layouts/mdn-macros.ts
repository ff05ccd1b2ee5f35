import path from 'node:path';
import type { MacroLink } from './types.ts';

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

/** The English URLs a link macro renders as (`/en-US/docs/…`), or null for any other macro. */
export function mdnMacroLink(expression: string): MacroLink | null {
  const call = parseMacroCall(expression);
  if (!call) return null;
  const rule = RULES[call.name];
  const target = rule?.(call.args.map((a) => a.trim()));
  if (!target) return null;
  // `jsxref("../Guide/Funciones")` renders `…/Reference/../Guide/Funciones`, which browsers resolve to `…/Guide/Funciones`.
  return { urls: target.slugs.map((s) => path.posix.normalize(`/en-US/docs/${s}`)), anchor: target.anchor };
}
