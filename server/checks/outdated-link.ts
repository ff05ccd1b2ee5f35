import { defineCheck, type CheckFinding } from './define.ts';
import { pageLinks } from './lib/links.ts';
import { currentUrl, englishLinks, resolveLink } from './lib/resolve.ts';

export default defineCheck({
  id: 'outdated-link',
  severity: 'warning',
  docs: 'Internal links (link macros included: MDN jsxref, domxref, …) that reach their page only through a redirect or a legacy URL rule; suggests the current path.',
  messages: {
    redirect: 'Link {{from}} goes to a moved page (through a redirect); use {{suggestion}}.',
    legacy: 'Link {{from}} uses an old URL form that only legacy rules resolve; use {{suggestion}}.',
    redirectInEnglish:
      'Link {{from}} goes to a moved page (through a redirect), as the same link in English does; use {{suggestion}}, and tell the English writers.',
    redirectToLeftover:
      "Link {{from}} goes, through this locale's redirects, to {{leftover}}, a page English does not have (a leftover only this locale keeps); link what English links here, or drop the link where English has none.",
    legacyInEnglish:
      'Link {{from}} uses an old URL form that only legacy rules resolve, as the same link in English does; use {{suggestion}}, and tell the English writers.',
  },
  run({ english, translation, site }) {
    if (!translation || translation.row.kind === 'variables') return [];
    // Most outdated links of a snapshot are English's own, copied faithfully: not drift, so info.
    const inEnglishPage = englishLinks(english && { links: pageLinks(site, english) }, site);
    const out: CheckFinding<'outdated-link'>[] = [];
    for (const link of pageLinks(site, translation)) {
      if (link.kind !== 'internal') continue;
      const r = resolveLink(site, link.target, translation.row.locale);
      if (r.status !== 'redirect' && r.status !== 'legacy') continue;
      const inEnglish = inEnglishPage.has(link.target);
      // A suggestion is an English page: a locale-only leftover is no page to send a translator to.
      if (site.entry(site.sourceLocale, r.key)?.kind !== 'page') {
        out.push({
          messageId: 'redirectToLeftover' as const,
          data: {
            from: link.macro ? `${link.macro} (${link.target})` : link.target,
            leftover: site.entry(translation.row.locale, r.key)?.path ?? r.key,
            text: link.text,
            inEnglish,
          },
          line: link.line,
          section: link.section,
          stable: `${link.target}`,
        });
        continue;
      }
      const suggestion = currentUrl(site, r.key, r.anchor, translation.row.locale);
      out.push({
        messageId: inEnglish ? (`${r.status}InEnglish` as const) : r.status,
        data: { from: link.macro ? `${link.macro} (${link.target})` : link.target, suggestion, text: link.text, inEnglish },
        line: link.line,
        section: link.section,
        stable: `${link.target}`,
        ...(inEnglish ? { severity: 'info' as const } : {}),
      });
    }
    return out;
  },
});
