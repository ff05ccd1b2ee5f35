/**
 * Titles as the site shows them (server/shared/display-title.ts), on titles of the GitHub Docs
 * sample and the snapshot's kinds of raw source: variables by value, the first branch of a
 * version condition (no default version given), comments dropped, HTML kept as written, an
 * unknown variable shown by its last name part in brackets.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../db/index.ts';
import { ArticlesRepository } from '../../db/repositories/articles.ts';
import { resolveConfig } from '../../server/config.ts';
import { indexWithChecks } from '../../server/plugins/reindex.ts';
import { displayTitle, variableLookup } from '../../server/shared/display-title.ts';
import { SAMPLE } from '../api/helpers.ts';

const files: Record<string, Record<string, unknown>> = {
  'variables.product': {
    product_name: 'GitHub',
    prodname_ghe_server: 'GitHub Enterprise Server',
    nested: { deep: '{% data variables.product.product_name %} Deep' },
  },
};
const lookup = variableLookup((k) => files[k]);

describe('displayTitle with variables from the index', () => {
  it.each([
    ['{% data variables.product.product_name %}{% ifversion fpt %}.com{% endif %} Help Documentation', 'GitHub.com Help Documentation'],
    ['Content <!-- omit in toc -->', 'Content'],
    ['About {% data variables.product.prodname_ghe_server %}', 'About GitHub Enterprise Server'],
    ['{% data variables.product.nested.deep %}', 'GitHub Deep'],
    ['{% ifversion fpt %}A{% elsif ghes %}B{% else %}C{% endif %} and {% if x %}D{% endif %}', 'A and D'],
    ['{% ifversion ghes %}{% ifversion ghes > 3.0 %}new{% else %}old{% endif %}{% else %}none{% endif %} x', 'new x'],
    ['Unknown {% data variables.product.nope %}', 'Unknown [nope]'],
    ['<script>alert(1)</script> <code>x</code>', '<script>alert(1)</script> <code>x</code>'],
    ['  spaced\n  out  ', 'spaced out'],
    ['{% comment %}hidden{% endcomment %}Shown {{ site.data.variables.product.product_name }}', 'Shown GitHub'],
  ])('%j → %j', (raw, shown) => {
    expect(displayTitle(raw, { variable: lookup })).toBe(shown);
  });

  it('a variable that names itself does not loop', () => {
    const self = variableLookup(() => ({ me: 'x {% data variables.loop.me %}' }));
    expect(displayTitle('{% data variables.loop.me %}', { variable: self })).toMatch(/^x x x x/);
  });

  it('reads variables from the index: the sample’s variables files give the product name', async () => {
    const dir = (await import('node:fs')).mkdtempSync(path.join((await import('node:os')).tmpdir(), 'l10n-display-'));
    const config = resolveConfig({ workers: 0 }, SAMPLE, null, { root: SAMPLE, db: path.join(dir, 'drift.db') });
    const db = openDb(config.db);
    try {
      await indexWithChecks(config, db);
      const articles = new ArticlesRepository(db);
      const english = variableLookup((k) => articles.variablesFiles('en').get(k));
      const names = [...articles.variablesFiles('en').keys()];
      expect(names.length).toBeGreaterThan(0);
      const product = articles.variablesFiles('en').get('variables.product');
      expect(product).toBeDefined();
      const [leaf, value] = Object.entries(product!).find(([, v]) => typeof v === 'string' && !v.includes('{%')) as [string, string];
      expect(displayTitle(`{% data variables.product.${leaf} %} Docs`, { variable: english })).toBe(`${value} Docs`);
    } finally {
      db.close();
    }
  });
});
