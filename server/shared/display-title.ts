/**
 * A page title as the site shows it to readers, from the raw frontmatter or heading text:
 * `{% data variables.product.product_name %}{% ifversion fpt %}.com{% endif %} Help Documentation`
 * → `GitHub.com Help Documentation`, `Content <!-- omit in toc -->` → `Content`.
 *
 * One function for every surface that shows a title (article lists, the article view, the
 * weekly report, the CLI): what it resolves comes from the caller (the site's variables, the
 * version the site shows by default), so it holds no site's names itself.
 */

export interface DisplayTitleOptions {
  /**
   * The value of a data variable (`variables.product.product_name`), or undefined when the
   * site has none by that name: the title then shows the name's last part in brackets.
   */
  variable?: (name: string) => string | undefined;
  /**
   * The version the site shows by default (GitHub Docs: `fpt`): version conditions show the
   * branch that version's readers see. Without one, a condition shows its first branch.
   */
  version?: string;
  /** Other names of the default version in old-style conditions (`free-pro-team@latest`). */
  versionAliases?: readonly string[];
}

const COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
const LIQUID_COMMENT = /\{%-?\s*comment\s*-?%\}[\s\S]*?\{%-?\s*endcomment\s*-?%\}/g;
const TAG = /\{%-?\s*([\s\S]*?)\s*-?%\}/g;
const OUTPUT = /\{\{-?\s*([\s\S]*?)\s*-?\}\}/g;

/** A title as readers see it: comments dropped, variables filled in, version conditions decided, spaces collapsed. */
export function displayTitle(raw: string, options: DisplayTitleOptions = {}): string {
  return render(raw, options, 0);
}

function render(raw: string, options: DisplayTitleOptions, depth: number): string {
  const withoutComments = raw.replace(COMMENT, '').replace(LIQUID_COMMENT, '');
  const out = renderLiquid(withoutComments, options, depth).replace(OUTPUT, (_m, expr: string) => outputValue(expr, options, depth));
  return out.replace(/\s+/g, ' ').trim();
}

/** Variables name other variables; a cycle stops here. */
const MAX_DEPTH = 4;

function variableText(name: string, options: DisplayTitleOptions, depth = 0): string {
  const value = depth < MAX_DEPTH ? options.variable?.(name) : undefined;
  if (value !== undefined) return render(value, options, depth + 1);
  return `[${name.split('.').at(-1) ?? name}]`;
}

/** `{{ site.data.variables.product.product_name }}` (GitHub Docs before 2021): the variable; anything else is left out. */
function outputValue(expr: string, options: DisplayTitleOptions, depth: number): string {
  const m = /^(?:site\.data\.)?(variables\.[\w.-]+)$/.exec(expr.trim());
  return m ? variableText(m[1]!, options, depth) : '';
}

/** Walks the tags: `data` tags become their value, `if`/`ifversion` blocks their chosen branch, other tags nothing. */
function renderLiquid(text: string, options: DisplayTitleOptions, depth: number): string {
  let out = '';
  // Each open block: its branches, and whether a branch was already taken.
  const stack: { taken: boolean; showing: boolean; parentShowing: boolean }[] = [];
  const showing = () => stack.length === 0 || stack.at(-1)!.showing;
  let last = 0;
  for (const m of text.matchAll(TAG)) {
    if (showing()) out += text.slice(last, m.index);
    last = m.index + m[0].length;
    const body = m[1]!;
    const [, name = '', rest = ''] = /^(\w+)\s*([\s\S]*)$/.exec(body) ?? [];
    if (name === 'if' || name === 'ifversion' || name === 'unless') {
      const parentShowing = showing();
      let yes = evaluate(rest, options);
      if (name === 'unless') yes = !yes;
      stack.push({ taken: yes, showing: parentShowing && yes, parentShowing });
    } else if ((name === 'elsif' || name === 'elsifversion') && stack.length) {
      const top = stack.at(-1)!;
      const yes = !top.taken && evaluate(rest, options);
      top.showing = top.parentShowing && yes;
      top.taken ||= yes;
    } else if (name === 'else' && stack.length) {
      const top = stack.at(-1)!;
      top.showing = top.parentShowing && !top.taken;
      top.taken = true;
    } else if ((name === 'endif' || name === 'endunless') && stack.length) {
      stack.pop();
    } else if (name === 'data' && showing()) {
      out += variableText(rest.trim(), options, depth);
    }
  }
  if (showing()) out += text.slice(last);
  return out;
}

/**
 * Whether the default version's readers see a condition's branch. `fpt`, `fpt or ghec`,
 * `not ghes`, `ghes > 3.0` (a release range: never the default version unless it names it),
 * `currentVersion == "free-pro-team@latest"`. Without a known version: the first branch.
 */
function evaluate(condition: string, options: DisplayTitleOptions): boolean {
  const version = options.version;
  if (version === undefined) return true;
  const names = new Set([version, ...(options.versionAliases ?? [])]);
  const term = (t: string): boolean => {
    t = t.trim();
    if (t.startsWith('not ')) return !term(t.slice(4));
    const cmp = /^(\S+)\s*(==|!=|<>|contains|>=|<=|>|<)\s*(\S+)$/.exec(t);
    if (cmp) {
      const [, left, op, right] = cmp as unknown as [string, string, string, string];
      const unquote = (s: string) => s.replace(/^["']|["']$/g, '');
      if (left === 'currentVersion') {
        const same = names.has(unquote(right));
        return op === '==' ? same : op === '!=' || op === '<>' ? !same : false;
      }
      // `ghes > 3.0`, `enterpriseServerVersions contains currentVersion`: release ranges, never the default version.
      return false;
    }
    return names.has(t);
  };
  return condition.split(/\s+or\s+/).some((alt) => alt.split(/\s+and\s+/).every(term));
}

/**
 * A variable lookup over variables files: `variables.product.product_name` is the
 * `product_name` entry of the file keyed `variables.product` (the longest key that prefixes the
 * name; nested maps follow the dots).
 */
export function variableLookup(files: (fileKey: string) => Record<string, unknown> | undefined): NonNullable<DisplayTitleOptions['variable']> {
  return (name) => {
    const parts = name.split('.');
    for (let cut = parts.length - 1; cut >= 1; cut--) {
      const data = files(parts.slice(0, cut).join('.'));
      if (!data) continue;
      let value: unknown = data;
      for (const p of parts.slice(cut)) value = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[p] : undefined;
      return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
    }
    return undefined;
  };
}
