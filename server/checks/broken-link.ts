import { defineCheck, type CheckFinding } from './define.ts';
import { pageLinks } from './lib/links.ts';
import { englishLinks, resolveLink } from './lib/resolve.ts';

export default defineCheck({
  id: 'broken-link',
  severity: 'error',
  docs: 'Internal links (link macros included: MDN jsxref, domxref, …) that resolve to no page, not even through a redirect or a legacy URL rule.',
  messages: {
    broken: 'Link {{from}} goes to no page (no page, redirect or legacy rule matches); fix the path or link the page English links to.',
    brokenInEnglish: 'Link {{from}} goes to no page; English has the same broken link, so fix it there first.',
  },
  run({ english, translation, site }) {
    if (!translation || translation.row.kind === 'variables') return [];
    const inEnglishPage = englishLinks(english && { links: pageLinks(site, english) }, site);
    const out: CheckFinding<'broken-link'>[] = [];
    for (const link of pageLinks(site, translation)) {
      if (link.kind !== 'internal') continue;
      if (resolveLink(site, link.target, translation.row.locale).status !== 'unresolved') continue;
      const inEnglish = inEnglishPage.has(link.target);
      out.push({
        messageId: inEnglish ? 'brokenInEnglish' : 'broken',
        data: { from: link.macro ? `${link.macro} (${link.target})` : link.target, text: link.text, inEnglish },
        line: link.line,
        section: link.section,
        stable: link.target,
        ...(inEnglish ? { severity: 'info' as const } : {}),
      });
    }
    return out;
  },
});
