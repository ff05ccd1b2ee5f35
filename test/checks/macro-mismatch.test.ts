import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { macroOf } from '../../server/checks/macro-mismatch.ts';
import { getCheck } from '../../server/checks/registry.ts';
import { createHugo } from '../../server/layouts/hugo.ts';
import { MDN_SAMPLE } from '../layouts/helpers.ts';
import { ARTICLE_FILE, readSample, seed } from './helpers.ts';
import { runCli } from '../cli/helpers.ts';
import { checkTester, memoryConfig, runInMemory, type CheckerCase } from './tester.ts';

// Real page of the MDN sample (2023-06): English and its Korean translation.
const AT = 'web/javascript/reference/global_objects/array/at/index.md';
const EN = fs.readFileSync(path.join(MDN_SAMPLE, 'files/en-us', AT), 'utf8');
const KO = fs.readFileSync(path.join(MDN_SAMPLE, 'files/ko', AT), 'utf8');

describe('macroOf: identity of a macro call', () => {
  it.each([
    ['jsxref("Array")', 'jsxref("Array")', true],
    ["jsxref('undefined')", 'jsxref("undefined")', true],
    ['jsxref("Array.prototype.length", "length")', 'jsxref("Array.prototype.length")', true],
    ['Compat', 'compat', false],
    ['EmbedInteractiveExample("pages/js/array-at.html")', 'embedinteractiveexample("pages/js/array-at.html")', false],
    ['Glossary("Falsy", "falsy")', 'glossary("Falsy")', true],
    ['< glossary_tooltip text="Pod" term_id="pod" >', 'glossary_tooltip term_id=pod', true],
    ['< glossary_tooltip text="容器" term_id="pod" >', 'glossary_tooltip term_id=pod', true],
    ['% code_sample file="controllers/job.yaml" %', 'code_sample file=controllers/job.yaml', false],
    ['% heading "prerequisites" %', 'heading prerequisites', false],
    ['< note >', 'note', false],
  ])('%s → %s', (expression, id, inline) => {
    expect(macroOf(expression)).toEqual({ id, inline });
  });

  it('hugo: codenew is code_sample under its old name (ko ingress keeps codenew where English moved to code_sample)', () => {
    const aliases = createHugo().macroAliases;
    expect(macroOf('< codenew file="service/networking/test-ingress.yaml" >', aliases)?.id).toBe(
      macroOf('% code_sample file="service/networking/test-ingress.yaml" %', aliases)?.id,
    );
    expect(macroOf('< codenew file="a.yaml" >', aliases)?.id).not.toBe(macroOf('% code_sample file="b.yaml" %', aliases)?.id);
  });

  it.each([['< /note >'], ['site.data.foo | upcase'], ['page.title | escape']])('%s is no macro call', (expression) => {
    expect(macroOf(expression)).toBeNull();
  });
});

/** Findings of macro-mismatch for one ko translation of the `at` page (an MDN site of these two files, in memory: tester.ts). */
async function findingsFor(ko: string): Promise<string[]> {
  const files = { [`files/en-us/${AT}`]: EN, [`files/ko/${AT}`]: ko };
  const base = '/memory/macro-mismatch';
  const config = memoryConfig({ layout: 'mdn', root: '.' }, base, files);
  const found = await runInMemory([getCheck('macro-mismatch')!], ['ko'], files, { config, base });
  return found
    .filter((f) => f.locale === 'ko')
    .map((f) => `${f.message_id} ${f.severity} ${f.message}`)
    .sort();
}

const cases: { name: string; ko: string; expect: string[] }[] = [
  { name: 'valid: English checked as a translation of itself', ko: EN, expect: [] },
  {
    name: 'valid: display text translated, single quotes, JSRef case differ — same calls',
    ko: EN.replace('{{jsxref("undefined")}}', "{{jsxref('undefined', '정의되지 않음')}}").replace('{{JSRef}}', '{{jsref}}'),
    expect: [],
  },
  {
    // Before link macros were links, these were 7 info findings (jsxref find, includes, length…): link-mismatch owns them now.
    name: 'valid: the real ko page (2023-06) differs from English only in link macros (jsxref), which are links',
    ko: KO,
    expect: [],
  },
  {
    name: 'invalid: {{Compat}} dropped is a warning',
    ko: EN.replace('{{Compat}}', ''),
    expect: ['missing warning English calls {{Compat}} 1× and the translation 0×; copy the call from English.'],
  },
  {
    name: 'invalid: a second interactive example the English page does not have',
    ko: EN + '\n{{EmbedInteractiveExample("pages/js/array-at.html")}}\n',
    expect: [
      'extra warning Translation calls {{EmbedInteractiveExample("pages/js/array-at.html")}} 2× and English 1×; check the text around it against English.',
    ],
  },
];

describe('macro-mismatch on MDN pages', () => {
  it.each(cases)('$name', async (c) => {
    expect(await findingsFor(c.ko)).toEqual([...c.expect].sort());
  });
});

// GitHub Docs: `{{ … }}` outputs are Liquid, never macros (liquid-mismatch and outdated-link judge them).
// Seed 003 is the sample's de-DE article, filed under the key English moved away from.
const DE_OLD_FILE = 'content/admin/configuration/enabling-automatic-user-license-sync-between-github-enterprise-server-and-github-enterprise-cloud.md';
const githubDocsCases: CheckerCase[] = [
  {
    name: 'valid: seed 003 (de-DE) legacy links hold {{currentVersion}} Liquid outputs, no macro calls',
    locale: 'de-DE',
    files: { [DE_OLD_FILE]: seed('003') },
  },
  { name: 'valid: seed 003 (de-DE) at the current key, paired with English directly', locale: 'de-DE', files: { [ARTICLE_FILE]: seed('003') } },
  { name: 'valid: English checked as a translation of itself', locale: 'fr-FR', files: { [ARTICLE_FILE]: readSample(ARTICLE_FILE) } },
];

checkTester('macro-mismatch', 'macro-mismatch on GitHub Docs pages').run(githubDocsCases);

// Kubernetes: a translation shows its own copy of a diagram (labels translated) under its
// language prefix. Real lines of content/en/docs/tutorials/services/source-ip.md:259 and
// content/zh-cn/docs/tutorials/services/source-ip.md:427 (hand check of 2026-12-05, seed 5:
// "English calls {{< figure src=\"/docs/images/tutor-service-nodePort-fig02.svg\" … >}} 1× and
// the translation 0×" was wrong; 42 of the 70 figure findings on the site were this).
describe('macro-mismatch on Hugo pages: a file under the translation’s language prefix is the same argument', () => {
  const EN_FIG =
    '{{< figure src="/docs/images/tutor-service-nodePort-fig02.svg" alt="source IP nodeport figure 02" class="diagram-large" caption="Figure. Source IP Type=NodePort preserves client source IP address" link="" >}}';
  const ZH_FIG =
    '{{< figure src="/zh-cn/docs/images/tutor-service-nodePort-fig02.svg" alt="图 2：源 IP NodePort" class="diagram-large" caption="如图。源 IP（Type=NodePort）保存客户端源 IP 地址" link="" >}}';
  const page = (title: string, figure: string) =>
    `---\ntitle: ${title}\ncontent_type: tutorial\n---\n\n## Source IP for Services with \`Type=NodePort\`\n\n${figure}\n`;
  // Indexed and checked as a user runs it (the hugo layout reads hugo.toml and static/ from disk).
  const run = async (zh: string) => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'macro-hugo-'));
    const files = {
      'content/en/docs/tutorials/services/source-ip.md': page('Using Source IP', EN_FIG),
      'content/zh-cn/docs/tutorials/services/source-ip.md': zh,
    };
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
    const config = path.join(root, 'l10n-drift.config.json');
    fs.writeFileSync(config, JSON.stringify({ layout: 'hugo', root: '.', db: path.join(root, 'drift.db'), locales: ['zh-cn'] }));
    const indexed = await runCli(['index', '--config', config, '--quiet'], { cwd: root });
    expect(indexed.code, indexed.err).toBe(0);
    const checked = await runCli(['check', '--config', config, '--check', 'macro-mismatch', '--format', 'json', '--fail-on', 'never'], { cwd: root });
    expect(checked.code, checked.err).toBe(0);
    return (JSON.parse(checked.out) as { findings: { messageId: string; message: string }[] }).findings.map((f) => `${f.messageId} ${f.message}`);
  };

  it('macroOf: /zh-cn/… in a zh-cn page is English’s /…; another language’s prefix is not', () => {
    expect(macroOf('< figure src="/zh-cn/docs/images/a.svg" alt="图" >', undefined, undefined, undefined, 'zh-cn')?.id).toBe(
      macroOf('< figure src="/docs/images/a.svg" alt="A" >')?.id,
    );
    expect(macroOf('< figure src="/ja/docs/images/a.svg" >', undefined, undefined, undefined, 'zh-cn')?.id).toBe('figure src=/ja/docs/images/a.svg');
  });

  it('the localized diagram is no finding; another diagram still is (missing and extra)', async () => {
    expect(await run(page('使用源 IP', ZH_FIG))).toEqual([]);
    const other = await run(page('使用源 IP', ZH_FIG.replace('fig02', 'fig01')));
    expect(other.map((m) => m.split(' ')[0]).sort()).toEqual(['extra', 'missing']);
  });
});
