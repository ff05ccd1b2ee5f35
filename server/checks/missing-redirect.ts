import { defineCheck, type CheckFinding } from './define.ts';

export default defineCheck({
  id: 'missing-redirect',
  severity: 'warning',
  docs: 'Old URLs that English redirects (frontmatter redirect_from) but the translation does not, and redirects English no longer has.',
  messages: {
    missing: 'Missing redirect_from {{from}} (English has it{{note}}); readers following that old URL in this locale get a 404.',
    extra: 'redirect_from {{from}} is not in English any more; remove it (English dropped it or moved it to another page).',
  },
  run({ english, translation, site }) {
    if (!english || !translation || english.row.kind !== 'page' || translation.row.kind !== 'page') return [];
    const theirs = new Set(site.layout.redirectsOf(english.frontmatter));
    const ours = new Set(site.layout.redirectsOf(translation.frontmatter));
    const line = translation.frontmatterLines.redirect_from ?? translation.frontmatterLines.title ?? 1;
    const out: CheckFinding<'missing-redirect'>[] = [];
    for (const from of theirs) {
      if (ours.has(from)) continue;
      // A translation still filed under this old URL (an orphan) needs the entry once it moves to the English key.
      const note = from === translation.row.key ? '; this file sits at that old URL, so add it when you move the file' : '';
      out.push({ messageId: 'missing', data: { from: site.urlOf(from, translation.row.locale), note }, line, stable: `missing:${from}` });
    }
    for (const from of ours) {
      if (!theirs.has(from))
        out.push({ messageId: 'extra', data: { from: site.urlOf(from, translation.row.locale) }, line, stable: `extra:${from}`, severity: 'info' as const });
    }
    return out;
  },
});
