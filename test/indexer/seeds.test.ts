import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocumentsRepository } from '../../db/repositories/documents.ts';
import { ARTICLE, OLD_ARTICLE, SAMPLE, openTestIndex, type TestIndex } from './helpers.ts';
import { decodeSentences } from '../../server/shared/sentences.ts';

// The five seeds of test/fixtures/seeds, as bundled in content/license-sync.
const SEEDS = [
  { locale: 'zh-CN', key: ARTICLE, title: '在 GitHub Enterprise Server 与 GitHub Enterprise Cloud 之间启用自动用户许可同步', levels: [0, 2, 2] },
  { locale: 'ja-JP', key: ARTICLE, title: 'GitHub Enterprise ServerとGitHub Enterprise Cloudの間で自動ユーザライセンス同期を有効化する', levels: [0, 2, 2] },
  { locale: 'pt-BR', key: ARTICLE, title: 'Enabling automatic user license sync for your enterprise', levels: [0, 2, 2] },
  // de-DE dates from the article's oldest path and uses ### where English uses ##.
  {
    locale: 'de-DE',
    key: OLD_ARTICLE,
    title: 'Automatische Synchronisierung von Benutzerlizenzen zwischen GitHub Enterprise Server und GitHub Enterprise Cloud aktivieren',
    levels: [0, 3, 3],
  },
  { locale: 'es-ES', key: ARTICLE, title: 'Enabling automatic user license sync for your enterprise', levels: [0, 2, 2] },
] as const;

let t: TestIndex;
let docs: DocumentsRepository;

beforeAll(async () => {
  t = openTestIndex(SAMPLE);
  await t.index();
  docs = new DocumentsRepository(t.db);
});
afterAll(() => t.close());

describe('seeds are indexed with locale, key, title and sections', () => {
  it.each(SEEDS)('$locale', ({ locale, key, title, levels }) => {
    const doc = docs.get(locale, key);
    expect(doc, `${locale} ${key}`).toBeDefined();
    expect(doc!.kind).toBe('page');
    expect(doc!.title).toBe(title);
    expect(doc!.parse_error).toBeNull();
    expect(docs.sections(doc!.id).map((s) => s.level)).toEqual(levels);
  });

  it('English article has the preamble and two ## sections', () => {
    const en = docs.get('en', ARTICLE)!;
    const sections = docs.sections(en.id);
    expect(sections.map((s) => [s.level, s.heading, s.anchor])).toEqual([
      [0, '', ''],
      [2, 'About automatic license synchronization', 'about-automatic-license-synchronization'],
      [2, 'Enabling license synchronization', 'enabling-license-synchronization'],
    ]);
  });

  it('reusables and variables files are indexed under their Liquid names', () => {
    expect(docs.get('en', 'reusables.enterprise-accounts.settings-tab')?.kind).toBe('reusable');
    const product = docs.get('en', 'variables.product');
    expect(product?.kind).toBe('variables');
    expect(JSON.parse(product!.frontmatter_json!)).toHaveProperty('prodname_ghe_cloud');
  });

  it('redirect_from entries are stored as redirects of the page', () => {
    const rows = t.db.prepare("SELECT from_key FROM redirects WHERE locale = 'en' AND to_key = ? ORDER BY from_key").pluck().all(ARTICLE);
    expect(rows).toContain(
      'admin/configuration/managing-connections-between-your-enterprise-accounts/enabling-automatic-user-license-sync-between-github-enterprise-server-and-github-enterprise-cloud',
    );
    expect(rows).toHaveLength(5);
  });
});

describe('links and Liquid references match a hand-made list', () => {
  it('de-DE: three legacy links and one image, with lines', () => {
    const doc = docs.get('de-DE', OLD_ARTICLE)!;
    expect(docs.links(doc.id).map((l) => [l.kind, l.target, l.line, l.section])).toEqual([
      ['internal', '/enterprise/{{currentVersion}}/admin/installation/managing-your-github-enterprise-license', 14, 1],
      ['internal', '/enterprise/{{ currentVersion }}/admin/guides/installation/connecting-github-enterprise-server-to-github-enterprise-cloud', 16, 1],
      ['internal', '/enterprise/{{ currentVersion }}/admin/guides/installation/connecting-github-enterprise-server-to-github-enterprise-cloud', 20, 2],
      ['image', '/assets/images/enterprise/site-admin-settings/enable-user-license-drop-down.png', 25, 2],
    ]);
  });

  it('de-DE: reusables, variables and the old product_location_enterprise variable', () => {
    const doc = docs.get('de-DE', OLD_ARTICLE)!;
    const refs = docs.liquidRefs(doc.id).filter((r) => r.section >= 0);
    expect(refs.filter((r) => r.kind === 'reusable').map((r) => r.name)).toEqual([
      'reusables.enterprise-accounts.access-enterprise',
      'reusables.enterprise-accounts.settings-tab',
      'reusables.enterprise-accounts.github-connect-tab',
    ]);
    expect(refs.filter((r) => r.name === 'variables.product.product_location_enterprise').map((r) => r.line)).toEqual([20, 20]);
    expect(refs.filter((r) => r.kind === 'condition')).toEqual([]);
    // The frontmatter intro's references are kept apart (section -1).
    const fm = docs
      .liquidRefs(doc.id)
      .filter((r) => r.section === -1)
      .map((r) => r.name);
    expect(fm).toContain('variables.product.product_location_enterprise');
  });

  it('zh-CN: the ghes < 3.1 condition, settings-tab inside it, two redirect-only links', () => {
    const doc = docs.get('zh-CN', ARTICLE)!;
    const refs = docs.liquidRefs(doc.id).filter((r) => r.section >= 0);
    expect(refs.filter((r) => r.kind === 'condition').map((r) => r.name)).toEqual(['ifversion ghes < 3.1']);
    expect(refs.filter((r) => r.kind === 'reusable').map((r) => r.name)).toEqual([
      'reusables.enterprise-accounts.access-enterprise',
      'reusables.enterprise-accounts.settings-tab',
      'reusables.enterprise-accounts.github-connect-tab',
    ]);
    expect(docs.links(doc.id).map((l) => l.target)).toEqual([
      '/billing/managing-your-license-for-github-enterprise',
      '/admin/configuration/managing-connections-between-your-enterprise-accounts/connecting-your-enterprise-account-to-github-enterprise-cloud',
      '/admin/configuration/managing-connections-between-your-enterprise-accounts/connecting-your-enterprise-account-to-github-enterprise-cloud',
      '/assets/images/enterprise/site-admin-settings/enable-user-license-drop-down.png',
    ]);
  });

  it('step numbers are kept as written: de-DE 5., English 1.', () => {
    const de = docs.get('de-DE', OLD_ARTICLE)!;
    const en = docs.get('en', ARTICLE)!;
    expect(JSON.parse(docs.sections(de.id)[2]!.steps_json)).toEqual([5]);
    expect(JSON.parse(docs.sections(en.id)[2]!.steps_json)).toEqual([1]);
  });
});

describe('paragraph and sentence languages', () => {
  it('zh-CN: "For more information, see …" sentences are English, the Chinese ones Chinese', () => {
    const doc = docs.get('zh-CN', ARTICLE)!;
    const sentences = docs.paragraphs(doc.id).flatMap((p) => decodeSentences(p.text, p.sentences_json));
    const forMore = sentences.filter((s) => s.text.startsWith('For more information, see'));
    expect(forMore.length).toBe(3);
    for (const s of forMore) expect(s.lang, s.text).toBe('en');
    const chinese = sentences.filter((s) => /[\u4e00-\u9fff]{4}/.test(s.text));
    expect(chinese.length).toBeGreaterThanOrEqual(4);
    for (const s of chinese) expect(s.lang, s.text).toBe('zh');
  });

  it('pt-BR: the untranslated first sentence and paragraph are English, Portuguese stays Portuguese', () => {
    const doc = docs.get('pt-BR', ARTICLE)!;
    const paragraphs = docs.paragraphs(doc.id);
    const before = paragraphs.find((p) => p.text.startsWith('Before enabling license synchronization'))!;
    expect(before.lang).toBe('en');
    const after = paragraphs.find((p) => p.text.startsWith('After you enable'))!;
    const first = decodeSentences(after.text, after.sentences_json);
    expect(first[0]!.lang).toBe('en');
    expect(first[1]!.lang).toBe('pt');
    expect(paragraphs.find((p) => p.kind === 'heading' && p.text === 'Habilitar a sincronização de licenças')!.lang).toBe('pt');
  });

  it('English pages are not language-checked (they are the source)', () => {
    const en = docs.get('en', ARTICLE)!;
    expect(docs.paragraphs(en.id).every((p) => p.lang === 'en')).toBe(true);
  });
});
