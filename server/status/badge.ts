/**
 * A status badge (flat, like shields.io's) for a locale: the up-to-date share of the coverage
 * model, as /api/locales and the weekly report count it. No English article, or no run yet:
 * "unknown" in grey, never a percentage.
 */
const escape = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
// Verdana 11px averages about 7 px per character: enough room for the text, no font needed.
const width = (s: string) => Math.round(s.length * 7 + 10);

export function badgeColor(share: number | null): string {
  if (share === null) return '#9f9f9f';
  if (share >= 0.9) return '#4c1';
  if (share >= 0.6) return '#dfb317';
  return '#e05d44';
}

/** The text a badge shows for an up-to-date share: "42% up to date", or "unknown". */
export function badgeMessage(share: number | null): string {
  return share === null ? 'unknown' : `${Math.floor(share * 100)}% up to date`;
}

export function badgeSvg(locale: string, upToDate: number, englishArticles: number): string {
  const share = englishArticles > 0 ? upToDate / englishArticles : null;
  const label = escape(locale);
  const message = escape(badgeMessage(share));
  const lw = width(locale);
  const mw = width(badgeMessage(share));
  const total = lw + mw;
  const title = escape(`${locale}: ${badgeMessage(share)}${share === null ? '' : ` (${upToDate} of ${englishArticles} English articles)`}`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${total}" height="20" role="img" aria-label="${title}">
<title>${title}</title>
<rect width="${lw}" height="20" fill="#555"/>
<rect x="${lw}" width="${mw}" height="20" fill="${badgeColor(share)}"/>
<g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">
<text x="${lw / 2}" y="14">${label}</text>
<text x="${lw + mw / 2}" y="14" data-up-to-date="${upToDate}" data-english-articles="${englishArticles}">${message}</text>
</g>
</svg>
`;
}
