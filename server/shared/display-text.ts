/**
 * A title (or any short field) as the site shows it, from the raw Markdown/Liquid source:
 * `{% data variables.product.product_name %}` becomes the variable's value when the index knows it,
 * `{% ifversion fpt %}.com{% else %}…{% endif %}` keeps its first branch (the site's default version),
 * other Liquid tags and `<!-- comments -->` are dropped, and whitespace is collapsed. HTML tags
 * stay as written (the dashboard shows them as text, never as markup); an unknown variable stays
 * as written too (never silently blank). The server renders titles with it
 * (article detail, lists) and the dashboard imports it for anything it renders itself.
 */
export type VariableLookup = (name: string) => string | undefined;

const DATA_TAG = /\{%-?\s*data\s+([\w.-]+)\s*-?%\}/g;
const OUTPUT = /\{\{-?\s*([\w.-]+)\s*-?\}\}/g;
const COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
const LIQUID_COMMENT = /\{%-?\s*comment\s*-?%\}[\s\S]*?\{%-?\s*endcomment\s*-?%\}/g;
const TAG = /\{%-?\s*(\w+)[^%]*?-?%\}/g;

/** Keeps the first branch of each if/ifversion/unless block, drops the else/elsif branches and every other tag. */
function firstBranches(text: string): string {
  let out = '';
  let last = 0;
  // depth of the blocks we are in, and from which depth on the text is an else branch (dropped)
  let depth = 0;
  let droppingFrom: number | null = null;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(text); m; m = TAG.exec(text)) {
    if (droppingFrom === null) out += text.slice(last, m.index);
    last = m.index + m[0].length;
    const name = m[1]!;
    // An unresolved variable stays as written.
    if (name === 'data' && droppingFrom === null) out += m[0];
    if (name === 'if' || name === 'ifversion' || name === 'unless' || name === 'case') depth++;
    else if (name === 'else' || name === 'elsif' || name === 'elsifversion' || name === 'when') {
      if (droppingFrom === null) droppingFrom = depth;
    } else if (name === 'endif' || name === 'endifversion' || name === 'endunless' || name === 'endcase') {
      if (droppingFrom === depth) droppingFrom = null;
      depth = Math.max(0, depth - 1);
    }
  }
  if (droppingFrom === null) out += text.slice(last);
  return out;
}

export function displayText(raw: string, variable: VariableLookup = () => undefined, depth = 0): string {
  const resolve = (whole: string, name: string): string => {
    const value = depth < 4 ? variable(name.startsWith('variables.') || name.startsWith('site.') ? name.replace(/^site\.data\./, '') : name) : undefined;
    return value === undefined ? whole : displayText(value, variable, depth + 1);
  };
  let text = raw.replace(COMMENT, '').replace(LIQUID_COMMENT, '');
  text = text.replace(DATA_TAG, resolve).replace(OUTPUT, (whole, name: string) => (name.includes('variables.') ? resolve(whole, name) : whole));
  // What is left of Liquid is control flow (and variables the index does not know).
  text = firstBranches(text);
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * A variable lookup over variables files: `variables.product.product_name` is the
 * `product_name` entry of the file keyed `variables.product` (nested maps follow the dots).
 */
export function variableLookup(files: (fileKey: string) => Record<string, unknown> | undefined): VariableLookup {
  return (name) => {
    const parts = name.split('.');
    for (let cut = parts.length - 1; cut >= 1; cut--) {
      const data = files(parts.slice(0, cut).join('.'));
      if (!data) continue;
      let value: unknown = data;
      for (const p of parts.slice(cut)) value = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[p] : undefined;
      if (typeof value === 'string' || typeof value === 'number') return String(value);
      return undefined;
    }
    return undefined;
  };
}
