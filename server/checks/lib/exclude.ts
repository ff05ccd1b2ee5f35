/** One exclusion: page keys matching `glob` get no findings from `checks` (all when absent) in `locales` (all when absent). */
export interface ExcludeRule {
  glob: string;
  checks?: readonly string[];
  locales?: readonly string[];
  /** Why (layout presets always say; shown in docs and kept for the reader of the config). */
  reason?: string;
}

/**
 * A glob over page keys as a regular expression: `**` any run of characters (folders
 * included), `*` any run within one folder, `?` one character, `{a,b}` either. A
 * trailing `/**` also matches the folder's own page (`docs/x/**` excludes `docs/x`).
 */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      re += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) re += '\\{';
      else {
        re += `(?:${glob
          .slice(i + 1, end)
          .split(',')
          .map(escape)
          .join('|')})`;
        i = end;
      }
    } else re += escape(c);
  }
  re = re.replace(/\/\.\*$/, '(?:/.*)?');
  return new RegExp(`^${re}$`);
}

function escape(s: string): string {
  return s.replace(/[.+^${}()|[\]\\*?]/g, '\\$&');
}

/** Whether a check's finding on `key` in `locale` is excluded; compiled once per run. */
export function excluder(rules: readonly ExcludeRule[]): (check: string, locale: string, key: string) => boolean {
  if (rules.length === 0) return () => false;
  const compiled = rules.map((r) => ({
    re: globToRegExp(r.glob.replace(/^\/+/, '')),
    checks: r.checks ? new Set(r.checks) : null,
    locales: r.locales ? new Set(r.locales) : null,
  }));
  // Each key is asked once per check of its pair: test the globs once per key.
  const matching = new Map<string, typeof compiled>();
  const NONE: typeof compiled = [];
  return (check, locale, key) => {
    let rules = matching.get(key);
    if (rules === undefined) {
      rules = compiled.filter((r) => r.re.test(key));
      matching.set(key, rules.length === 0 ? NONE : rules);
    }
    return rules.length > 0 && rules.some((r) => (!r.checks || r.checks.has(check)) && (!r.locales || r.locales.has(locale)));
  };
}
