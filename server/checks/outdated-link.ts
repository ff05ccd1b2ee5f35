import { defineCheck } from './define.ts';
import { currentUrl, englishLinks, resolveLink } from './lib/resolve.ts';

export default defineCheck({
  id: 'outdated-link',
  severity: 'warning',
  docs: 'Internal links that reach their page only through a redirect or a legacy URL rule; suggests the current path.',
  messages: {
    redirect: 'Link {{from}} goes to a moved page (through a redirect); use {{suggestion}}.',
    legacy: 'Link {{from}} uses an old URL form that only legacy rules resolve; use {{suggestion}}.',
    redirectInEnglish: 'Link {{from}} goes to a moved page (through a redirect), as the same link in English does; use {{suggestion}}, and tell the English writers.',
    legacyInEnglish: 'Link {{from}} uses an old URL form that only legacy rules resolve, as the same link in English does; use {{suggestion}}, and tell the English writers.',
  },
  run({ english, translation, site }) {
    if (!translation || translation.row.kind === 'variables') return [];
    // Most outdated links of a snapshot are English's own, copied faithfully: not drift, so info.
    const inEnglishPage = englishLinks(english, site);
    const out = [];
    for (const link of translation.links) {
      if (link.kind !== 'internal') continue;
      const r = resolveLink(site, link.target);
      if (r.status !== 'redirect' && r.status !== 'legacy') continue;
      const suggestion = currentUrl(site, r.key, r.anchor);
      const inEnglish = inEnglishPage.has(link.target);
      out.push({
        messageId: inEnglish ? (`${r.status}InEnglish` as const) : r.status,
        data: { from: link.target, suggestion, text: link.text, inEnglish },
        line: link.line,
        section: link.section,
        stable: `${link.target}`,
        ...(inEnglish ? { severity: 'info' as const } : {}),
      });
    }
    return out;
  },
});
