import type { LiquidRefRow } from '../shared/documents.ts';
import { defineCheck } from './define.ts';
import type { Finding } from './types.ts';

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
  /** Identity compared with English: `jsxref("Array.prototype.map()")`, `glossary_tooltip term_id=pod`. */
  id: string;
  inline: boolean;
}

/** A macro call's identity from an output expression, or null when the output is no macro call (Liquid, a closing shortcode). */
export function macroOf(expression: string, aliases?: Readonly<Record<string, string>>): Macro | null {
  const e = expression.trim();
  const shortcode = /^(?:<|%)\s*(\/?)\s*([\w.-]+)([\s\S]*?)\s*(?:>|%)$/.exec(e);
  if (shortcode) {
    if (shortcode[1]) return null;
    const name = aliases?.[shortcode[2]!] ?? shortcode[2]!;
    const args: string[] = [];
    for (const m of (shortcode[3] ?? '').matchAll(/([\w-]+)\s*=\s*("(?:[^"\\]|\\.)*"|'[^']*'|`[^`]*`|\S+)|("(?:[^"\\]|\\.)*"|\S+)/g)) {
      if (m[1]) {
        if (!TRANSLATED_ARGS.has(m[1].toLowerCase())) args.push(`${m[1]}=${unquote(m[2]!)}`);
      } else if (m[3]) args.push(unquote(m[3]));
    }
    return { id: [name, ...args.sort()].join(' '), inline: INLINE.test(name) };
  }
  // KumaScript: `Name`, `Name(args)`; the first argument names the target, later ones are display text.
  const call = /^([A-Za-z][\w-]*)\s*(?:\(([\s\S]*)\))?$/.exec(e);
  if (!call) return null;
  const name = call[1]!.toLowerCase();
  const first = call[2] ? /^\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^,]+)/.exec(call[2])?.[1] : undefined;
  return { id: first ? `${name}(${JSON.stringify(unquote(first.trim()))})` : name, inline: INLINE.test(name) };
}

function unquote(v: string): string {
  return /^(["'`]).*\1$/s.test(v) ? v.slice(1, -1) : v;
}

interface Occurrences {
  macro: Macro;
  refs: LiquidRefRow[];
}

function macrosOf(
  refs: LiquidRefRow[],
  isLink: (r: LiquidRefRow) => boolean,
  aliases?: Readonly<Record<string, string>>,
  shortcodesOnly = false,
): Map<string, Occurrences> {
  const out = new Map<string, Occurrences>();
  for (const r of refs) {
    if (r.kind !== 'output' || r.section < 0 || isLink(r)) continue;
    // On Hugo only `{{< … >}}` and `{{% … %}}` are calls; `{{end}}` is Go template text in an example.
    if (shortcodesOnly && !/^\s*[<%]/.test(r.name)) continue;
    const macro = macroOf(r.name, aliases);
    if (!macro) continue;
    const o = out.get(macro.id);
    if (o) o.refs.push(r);
    else out.set(macro.id, { macro, refs: [r] });
  }
  return out;
}

export default defineCheck({
  id: 'macro-mismatch',
  severity: 'warning',
  docs: 'Macro calls (MDN KumaScript, Hugo shortcodes) that English makes and the translation does not, or the reverse; cross-reference macros by presence, others by count. Link macros the layout maps to a page (MDN jsxref, domxref, …) are links: link-mismatch compares them. Only on layouts with macros (not GitHub Docs, whose {{ … }} are Liquid).',
  messages: {
    missing: 'English calls {{macro}} {{expected}}× and the translation {{actual}}×; copy the call from English.',
    extra: 'Translation calls {{macro}} {{actual}}× and English {{expected}}×; check the text around it against English.',
  },
  run({ english, translation, site }) {
    // On a Liquid site (GitHub Docs) `{{ currentVersion }}` is no macro call: liquid-mismatch and outdated-link cover it.
    if (!site.layout.macros) return [];
    if (!english || !translation || english.row.kind !== 'page' || translation.row.kind !== 'page') return [];
    // Link macros are links (link-mismatch compares them with Markdown links to the same page).
    const isLink = (r: LiquidRefRow) => site.layout.macroLink?.(r.name) != null;
    const shortcodesOnly = site.layout.macros === 'shortcodes';
    const theirs = macrosOf(english.liquid, isLink, site.layout.macroAliases, shortcodesOnly);
    const ours = macrosOf(translation.liquid, isLink, site.layout.macroAliases, shortcodesOnly);
    const out: Finding[] = [];
    const lineOfSection = (ordinal: number) => translation.sections.find((s) => s.ordinal === ordinal)?.line ?? translation.sections[0]?.line ?? 1;
    for (const [id, e] of theirs) {
      const t = ours.get(id);
      const actual = t?.refs.length ?? 0;
      const expected = e.refs.length;
      const differs = e.macro.inline ? actual === 0 : actual < expected;
      if (!differs) continue;
      out.push({
        messageId: 'missing',
        data: { macro: e.refs[0]!.raw, expected, actual },
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
      const differs = t.macro.inline ? expected === 0 : actual > expected;
      if (!differs) continue;
      const ref = t.refs[expected] ?? t.refs[0]!;
      out.push({
        messageId: 'extra',
        data: { macro: ref.raw, expected, actual },
        line: ref.line,
        section: ref.section,
        stable: `extra:${id}`,
        ...(t.macro.inline ? { severity: 'info' as const } : {}),
      });
    }
    return out;
  },
});
