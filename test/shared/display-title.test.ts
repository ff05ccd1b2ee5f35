import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { displayTitle } from '../../server/shared/display-title.ts';

// The sample's real variables file (GitHub Docs data/variables/product.yml).
const root = path.join(import.meta.dirname, '..', '..', 'content', 'license-sync');
const product = parse(fs.readFileSync(path.join(root, 'data', 'variables', 'product.yml'), 'utf8')) as Record<string, string>;
const variable = (name: string) => {
  const m = /^variables\.product\.(\w+)$/.exec(name);
  return m ? product[m[1]!] : undefined;
};

describe('displayTitle', () => {
  it('fills in data variables and decides version conditions for the default version', () => {
    // The snapshot's content/index.md title, with the sample's own product_name (itself an ifversion).
    const raw = '{% data variables.product.product_name %}{% ifversion fpt %}.com{% endif %} Help Documentation';
    expect(displayTitle(raw, { variable, version: 'fpt' })).toBe('GitHub.com Help Documentation');
    expect(displayTitle(raw, { variable, version: 'ghes' })).toBe('GitHub Enterprise Server Help Documentation');
  });

  it('reads old-style currentVersion conditions through the version aliases', () => {
    const raw = '{% data variables.product.product_name %}{% if currentVersion == "free-pro-team@latest" %}.com{% endif %} Documentación de Ayuda';
    expect(displayTitle(raw, { variable, version: 'fpt', versionAliases: ['free-pro-team@latest'] })).toBe('GitHub.com Documentación de Ayuda');
    expect(displayTitle(raw, { variable, version: 'ghes' })).toBe('GitHub Enterprise Server Documentación de Ayuda');
  });

  it('handles elsif, else, not, or and release ranges', () => {
    const t = '{% ifversion ghes > 3.0 %}A{% elsif not ghae %}B{% else %}C{% endif %}';
    expect(displayTitle(t, { version: 'fpt' })).toBe('B');
    expect(displayTitle(t, { version: 'ghae' })).toBe('C');
    expect(displayTitle('{% ifversion fpt or ghec %}X{% endif %}Y', { version: 'ghec' })).toBe('XY');
    expect(displayTitle('{% ifversion fpt and ghes %}X{% endif %}Y', { version: 'fpt' })).toBe('Y');
  });

  it('drops HTML comments and collapses spaces', () => {
    // The snapshot's content/README.md heading.
    expect(displayTitle('Content <!-- omit in toc -->')).toBe('Content');
    expect(displayTitle('  Managing   GitHub Connect ')).toBe('Managing GitHub Connect');
  });

  it('shows an unknown variable by its name, never the raw tag', () => {
    expect(displayTitle('Working with {% data variables.contact.github_support %}', { variable })).toBe('Working with [github_support]');
    expect(displayTitle('{{ site.data.variables.product.prodname_dotcom }} and {{ page.x }}', { variable })).toBe('GitHub and');
  });

  it('leaves plain titles of every layout as they are', () => {
    for (const t of [
      'About GitHub Connect',
      'Hello Minikube',
      'Array.prototype.map()',
      'kubectl config set-context',
      'GitHub Enterprise ServerとGitHub Enterprise Cloudの間で自動ユーザライセンス同期を有効化する',
    ])
      expect(displayTitle(t, { variable, version: 'fpt' })).toBe(t);
  });
});
