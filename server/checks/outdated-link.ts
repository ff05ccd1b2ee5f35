import { defineCheck } from './define.ts';
import { currentUrl, resolveLink } from './lib/resolve.ts';

export default defineCheck({
  id: 'outdated-link',
  severity: 'warning',
  docs: 'Internal links that reach their page only through a redirect or a legacy URL rule; suggests the current path.',
  messages: {
    redirect: 'Link {{from}} goes to a moved page (through a redirect); use {{suggestion}}.',
    legacy: 'Link {{from}} uses an old URL form that only legacy rules resolve; use {{suggestion}}.',
  },
  run({ translation, site }) {
    if (!translation || translation.row.kind === 'variables') return [];
    const out = [];
    for (const link of translation.links) {
      if (link.kind !== 'internal') continue;
      const r = resolveLink(site, link.target);
      if (r.status !== 'redirect' && r.status !== 'legacy') continue;
      const suggestion = currentUrl(site, r.key, r.anchor);
      out.push({ messageId: r.status, data: { from: link.target, suggestion, text: link.text }, line: link.line, section: link.section, stable: `${link.target}` });
    }
    return out;
  },
});
