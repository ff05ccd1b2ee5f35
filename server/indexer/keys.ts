/**
 * The key a file gets when another file of its locale keeps the key it claims (GitHub Docs:
 * `X.md` beside `X/index.md`): the claimed key with the file's path appended, so both stay
 * indexed and the duplicate-key parse error names them.
 */
export function duplicateKey(key: string, path: string): string {
  return `${key} (${path})`;
}

/** The key a file stored under `duplicateKey` claims, or null when `storedKey` is not one. */
export function claimedKey(storedKey: string, path: string): string | null {
  const suffix = ` (${path})`;
  return storedKey.endsWith(suffix) ? storedKey.slice(0, -suffix.length) : null;
}
