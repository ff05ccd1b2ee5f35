import type { LiquidRefRow } from '../shared/documents.ts';
import { parseMacroCall } from '../layouts/mdn-macros.ts';
import type { MacroArg } from '../layouts/types.ts';
import { defineCheck, type SiteLookups, type CheckFinding } from './define.ts';
import { resolveLink } from './lib/resolve.ts';
import type { CheckDocument } from './types.ts';

/**
 * Macro calls are `{{ … }}` outputs of the parser: KumaScript on MDN (`{{jsxref("Array")}}`,
 * `{{Compat}}`) and Hugo shortcodes (`{{< glossary_tooltip term_id="pod" text="Pod" >}}`,
 * `{{% code_sample file="…" %}}`). liquid-mismatch compares Liquid references and
 * conditions; macros have their own identity (name + language-neutral arguments), so
 * they get their own check.
 */

// Cross-reference macros sit inside sentences: a rephrased translation may fairly drop or repeat one.
const INLINE =
  /^(?:\w*xref|glossary|glossary_tooltip|htmlelement|httpheader|httpstatus|httpmethod|svgelement|svgattr|cssxref|rfc|param|optional_inline|readonlyinline|deprecated_inline|experimental_inline|non-standard_inline|skew)$/i;
// Shortcode arguments people translate: what the reader sees, never what the build looks up.
const TRANSLATED_ARGS = new Set(['text', 'title', 'alt', 'caption', 'description', 'label', 'name', 'prepend', 'append', 'linktitle', 'tooltip']);

export interface Macro {
  /** Identity compared with English: `jsxref("Array.prototype.map()")`, `glossary_tooltip term_id=pod`, `embedlivesample(#)`. */
  id: string;
  inline: boolean;
  /** An argument names a heading of the page (`#` in the id): messages show the call without it. */
  headingRef?: boolean;
}

// A macro the layout does not describe: its first argument names what it shows, later ones are display text.
const DEFAULT_ARGS: readonly MacroArg[] = ['literal'];

/** A macro call's identity from an output expression, or null when the output is no macro call (Liquid, a closing shortcode). */
export function macroOf(
  expression: string,
  aliases?: Readonly<Record<string, string>>,
  argRoles?: Readonly<Record<string, readonly MacroArg[]>>,
  pageOf?: (path: string) => string | undefined,
  locale?: string,
): Macro | null {
  const e = expression.trim();
  const shortcode = /^(?:<|%)\s*(\/?)\s*([\w.-]+)([\s\S]*?)\s*(?:>|%)$/.exec(e);
  if (shortcode) {
    if (shortcode[1]) return null;
    const name = aliases?.[shortcode[2]!] ?? shortcode[2]!;
    const args: string[] = [];
    // The translation's own copy of a site file (`/zh-cn/docs/images/ingress.svg` for English's
    // `/docs/images/ingress.svg`: a diagram with translated labels) is the same argument.
    const own = locale ? `/${locale.toLowerCase()}/` : null;
    const value = (v: string) => (own && v.toLowerCase().startsWith(own) ? v.slice(own.length - 1) : v);
    for (const m of (shortcode[3] ?? '').matchAll(/([\w-]+)\s*=\s*("(?:[^"\\]|\\.)*"|'[^']*'|`[^`]*`|\S+)|("(?:[^"\\]|\\.)*"|\S+)/g)) {
      if (m[1]) {
        if (!TRANSLATED_ARGS.has(m[1].toLowerCase())) args.push(`${m[1]}=${value(unquote(m[2]!))}`);
      } else if (m[3]) args.push(value(unquote(m[3])));
    }
    return { id: [name, ...args.sort()].join(' '), inline: INLINE.test(name) };
  }
  // KumaScript: `Name`, `Name(args)`; what each argument is comes from the layout (default: the first names the target).
  const call = parseMacroCall(e);
  if (!call) return null;
  const roles = argRoles?.[call.name] ?? DEFAULT_ARGS;
  let headingRef = false;
  const parts = roles.map((role, i) => {
    const value = call.args[i]?.trim();
    // A heading id is translated with its heading: what counts is that the call names a heading, not which words.
    // An empty one (ru `EmbedLiveSample("")`) names the sample where the call stands (EmbedLiveSample.ejs): the same.
    if (role === 'heading') {
      headingRef = true;
      return '#';
    }
    if (!value || role === 'ignored') return null;
    const page = role === 'page' ? pageOf?.(value) : undefined;
    return page !== undefined ? `page:${page}` : JSON.stringify(value);
  });
  while (parts.length > 0 && parts[parts.length - 1] === null) parts.pop();
  const id = parts.length > 0 ? `${call.name}(${parts.map((p) => p ?? '_').join(',')})` : call.name;
  return { id, inline: INLINE.test(call.name), ...(headingRef ? { headingRef } : {}) };
}

function unquote(v: string): string {
  return /^(["'`]).*\1$/s.test(v) ? v.slice(1, -1) : v;
}

interface Occurrences {
  macro: Macro;
  refs: LiquidRefRow[];
  /** Off-site link macros (MDN `{{bug(N)}}`): the URLs it renders as; a Markdown link to one is the same link. */
  urls?: readonly string[];
}

function macrosOf(doc: CheckDocument, site: SiteLookups): Map<string, Occurrences> {
  const layout = site.layout;
  const out = new Map<string, Occurrences>();
  const locale = doc.row.locale === site.sourceLocale ? undefined : doc.row.locale;
  // A page argument is the page it leads to, as a link to it from this document would.
  const pageOf = (value: string) => {
    const r = resolveLink(site, layout.urlOf(value.replace(/^\/+/, '')), locale);
    return r.status === 'direct' || r.status === 'redirect' || r.status === 'legacy' ? r.key : undefined;
  };
  // On Hugo only `{{< … >}}` and `{{% … %}}` are calls; `{{end}}` is Go template text in an example.
  const shortcodesOnly = layout.macros === 'shortcodes';
  for (const r of doc.liquid) {
    if (r.kind !== 'output' || r.section < 0) continue;
    if (shortcodesOnly && !/^\s*[<%]/.test(r.name)) continue;
    const link = layout.macroLink?.(r.name);
    let entry: { macro: Macro; urls?: readonly string[] } | null;
    if (link?.external) entry = { macro: { id: `link:${link.urls[0]}`, inline: true }, urls: link.urls.map(sameUrl) };
    // Link macros are links (link-mismatch compares them with Markdown links to the same page).
    else if (link) continue;
    else {
      const macro = macroOf(r.name, layout.macroAliases, layout.macroArgs, pageOf, locale);
      entry = macro && { macro };
    }
    if (!entry) continue;
    const o = out.get(entry.macro.id);
    if (o) o.refs.push(r);
    else out.set(entry.macro.id, { ...entry, refs: [r] });
  }
  return out;
}

/** `http://bugzil.la/1/` and `https://bugzil.la/1` are one link. */
function sameUrl(url: string): string {
  return url
    .trim()
    .replace(/^http:/i, 'https:')
    .replace(/\/+$/, '');
}

/** Whether a document links in Markdown to one of an off-site link macro's URLs. */
function linksToAny(links: CheckDocument['links'], urls: readonly string[] | undefined): boolean {
  if (!urls) return false;
  return links.some((l) => l.kind === 'external' && urls.includes(sameUrl(l.target)));
}

/** How a message shows a call: as written, or without the heading id it names (that id is translated). */
function shown(o: Occurrences, ref: LiquidRefRow): string {
  if (!o.macro.headingRef) return ref.raw;
  const name = /^\{\{\s*([A-Za-z][\w-]*)/.exec(ref.raw)?.[1];
  return name ? `{{${name}(…)}} (on a heading of the page)` : ref.raw;
}

export default defineCheck({
  id: 'macro-mismatch',
  severity: 'warning',
  docs: 'Macro calls (MDN KumaScript, Hugo shortcodes) that English makes and the translation does not, or the reverse; cross-reference macros by presence, others by count. Link macros the layout maps to a page (MDN jsxref, domxref, …) are links: link-mismatch compares them; an off-site link macro (MDN {{bug(N)}}) and a Markdown link to the same URL are the same link. The layout says what each argument is (`macroArgs`): heading ids (MDN EmbedLiveSample, translated with the heading) are compared as references to a heading of the page, and arguments a macro ignores (MDN JSRef, CSSRef) are not compared. Only on layouts with macros (not GitHub Docs, whose {{ … }} are Liquid).',
  messages: {
    missing: 'English calls {{macro}} {{expected}}× and the translation {{actual}}×; copy the call from English.',
    extra: 'Translation calls {{macro}} {{actual}}× and English {{expected}}×; check the text around it against English.',
  },
  run({ english, translation, site }) {
    // On a Liquid site (GitHub Docs) `{{ currentVersion }}` is no macro call: liquid-mismatch and outdated-link cover it.
    if (!site.layout.macros) return [];
    if (!english || !translation || english.row.kind !== 'page' || translation.row.kind !== 'page') return [];
    const theirs = macrosOf(english, site);
    const ours = macrosOf(translation, site);
    const out: CheckFinding<'macro-mismatch'>[] = [];
    const lineOfSection = (ordinal: number) => translation.sections.find((s) => s.ordinal === ordinal)?.line ?? translation.sections[0]?.line ?? 1;
    for (const [id, e] of theirs) {
      const t = ours.get(id);
      const actual = t?.refs.length ?? 0;
      const expected = e.refs.length;
      const differs = e.macro.inline ? actual === 0 && !linksToAny(translation.links, e.urls) : actual < expected;
      if (!differs) continue;
      out.push({
        messageId: 'missing',
        data: { macro: shown(e, e.refs[0]!), expected, actual },
        line: lineOfSection(e.refs[actual]?.section ?? e.refs[0]!.section),
        section: null,
        stable: `missing:${id}`,
        ...(e.macro.inline ? { severity: 'info' as const } : {}),
      });
    }
    for (const [id, t] of ours) {
      const e = theirs.get(id);
      const expected = e?.refs.length ?? 0;
      const actual = t.refs.length;
      const differs = t.macro.inline ? expected === 0 && !linksToAny(english.links, t.urls) : actual > expected;
      if (!differs) continue;
      const ref = t.refs[expected] ?? t.refs[0]!;
      out.push({
        messageId: 'extra',
        data: { macro: shown(t, ref), expected, actual },
        line: ref.line,
        section: ref.section,
        stable: `extra:${id}`,
        ...(t.macro.inline ? { severity: 'info' as const } : {}),
      });
    }
    return out;
  },
});
