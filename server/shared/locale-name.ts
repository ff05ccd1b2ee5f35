/**
 * The language name of a locale code, in English (`ja-JP` → "Japanese (Japan)", `zh-cn` →
 * "Chinese (China)", `pt-br` → "Portuguese (Brazil)"), from the runtime's CLDR data
 * (Intl.DisplayNames), for every place a locale is shown beside its code. Null for a code
 * that names no language (the caller shows the code alone).
 */
let names: Intl.DisplayNames | null = null;
const memo = new Map<string, string | null>();

export function localeName(code: string): string | null {
  let name = memo.get(code);
  if (name !== undefined) return name;
  names ??= new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });
  try {
    const canonical = Intl.getCanonicalLocales(code.replaceAll('_', '-'))[0];
    name = (canonical && names.of(canonical)) ?? null;
  } catch {
    name = null;
  }
  memo.set(code, name);
  return name;
}

/** `ja-JP` → "ja-JP Japanese (Japan)": the code, then the name when there is one. */
export function localeLabel(code: string): string {
  const name = localeName(code);
  return name ? `${code} ${name}` : code;
}
