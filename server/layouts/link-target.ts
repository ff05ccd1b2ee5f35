/** A link target split into its path and its anchor; the query string is dropped. */
export function splitTarget(target: string): { pathPart: string; anchor: string } {
  const hashAt = target.indexOf('#');
  const anchor = hashAt >= 0 ? target.slice(hashAt + 1) : '';
  let pathPart = hashAt >= 0 ? target.slice(0, hashAt) : target;
  const q = pathPart.indexOf('?');
  if (q >= 0) pathPart = pathPart.slice(0, q);
  return { pathPart, anchor };
}
