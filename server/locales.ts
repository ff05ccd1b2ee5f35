/**
 * Locale arguments (CLI flags, config `locales`, API parameters) are checked against the
 * locales that exist: an unknown one used to match nothing and read as "no findings".
 */
export class UnknownLocaleError extends Error {
  override name = 'UnknownLocaleError';
}

/** The known locale equal to `locale` but for case and `_`/`-`, if there is one. */
export function closeLocale(locale: string, known: readonly string[]): string | undefined {
  const fold = (l: string) => l.toLowerCase().replaceAll('_', '-');
  return known.find((k) => fold(k) === fold(locale));
}

/** "unknown locale "zh-cn"; did you mean "zh-CN"? Indexed locales: …" — one message for the CLI, the index and the API. */
export function unknownLocaleMessage(locale: string, known: readonly string[], what = 'locale', where = 'Indexed locales'): string {
  const close = closeLocale(locale, known);
  const shown = JSON.stringify(locale.length > 40 ? `${locale.slice(0, 40)}…` : locale);
  const list = known.length ? `${where}: ${known.join(', ')}` : 'No locale is indexed yet (run `l10n-drift index`)';
  return `unknown ${what} ${shown}${close ? `; did you mean "${close}"?` : ''}. ${list}`;
}

/** Throws UnknownLocaleError unless `locale` is one of `known` (exactly: keys and paths are case-sensitive). */
export function assertKnownLocale(locale: string, known: readonly string[], what?: string, where?: string): void {
  if (!known.includes(locale)) throw new UnknownLocaleError(unknownLocaleMessage(locale, known, what, where));
}
