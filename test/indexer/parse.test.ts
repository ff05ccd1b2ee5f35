import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { Tokenizer, TokenKind } from 'liquidjs';
import { describe, expect, it } from 'vitest';
import { decodeText, parseDocument, slugify, type ParseOptions } from '../../server/indexer/parse.ts';
import { scanLiquid } from '../../server/indexer/liquid.ts';
import { detectLanguage } from '../../server/indexer/language.ts';
import { SEEDS } from '../corpus.ts';
import { SAMPLE } from './helpers.ts';

const opts = (language = 'en', detect = false): ParseOptions => ({ kind: 'page', language, detectLanguages: detect, maxFileBytes: 1 << 20, maxSections: 100 });
const parse = (text: string, o = opts()) => parseDocument('x.md', Buffer.from(text), o);

describe('sections', () => {
  it.each([
    ['headings inside code fences are not sections', '# A\n\n```\n## not a heading\n```\n\n## B\n', [0, 1, 2]],
    ['the preamble is section 0 even when empty', '## Only\n\ntext\n', [0, 2]],
    ['setext headings count', 'Title\n=====\n\nSub\n---\n', [0, 1, 2]],
  ])('%s', (_, text, levels) => {
    expect(parse(text).sections.map((s) => s.level)).toEqual(levels);
  });

  it('explicit {#id} anchors win over the slug (Hugo, kramdown)', () => {
    expect(slugify('QoS 类 {#qos-class}')).toBe('qos-class');
    expect(slugify('Data transmission for {% data variables.product.prodname_github_connect %}')).toBe('data-transmission-for');
  });

  it('whitespace, emphasis and link target edits do not change text_hash; words do', () => {
    const base = parse('## A\n\nSee **the** [docs](/a) now.\n').sections[1]!;
    expect(parse('## A\n\nSee  the [docs](/b)   now.\n').sections[1]!.textHash).toBe(base.textHash);
    expect(parse('## A\n\nSee the [docs](/a) today.\n').sections[1]!.textHash).not.toBe(base.textHash);
  });

  it('skeleton holds links, Liquid, code and list sizes but no prose', () => {
    const s = parse('## A\n\nUse `git` and {% data reusables.a.b %} see [x](/y).\n\n1. one\n1. two\n').sections[1]!;
    expect(s.skeleton).toEqual(['code:git', 'link:/y', 'ol:2', 'reusable:reusables.a.b']);
    const translated = parse('## B\n\nVerwenden Sie `git` und {% data reusables.a.b %}, siehe [x](/y).\n\n1. eins\n1. zwei\n').sections[1]!;
    expect(translated.skeletonHash).toBe(s.skeletonHash);
  });
});

describe('links', () => {
  it('keeps Liquid inside link targets as written', () => {
    const doc = parse('[a](/enterprise/{{ currentVersion }}/admin/x) ![i](/assets/images/a.png) [m](mailto:a@b.c) [e](https://x.y) [h](#top)\n');
    expect(doc.links.map((l) => [l.kind, l.target])).toEqual([
      ['internal', '/enterprise/{{ currentVersion }}/admin/x'],
      ['image', '/assets/images/a.png'],
      ['mail', 'mailto:a@b.c'],
      ['external', 'https://x.y'],
      ['anchor', '#top'],
    ]);
  });
});

describe('links in tables', () => {
  it('are on their row’s line and in their row’s section (GitHub Docs keyboard-shortcuts, ko-KR)', () => {
    const text = [
      '---',
      'title: 키보드 바로 가기',
      '---',
      '',
      '## 사이트 전체 바로 가기',
      '',
      '| 키보드 바로 가기 | 설명 |',
      '| ----------- | --- |',
      '| <kbd>s</kbd> 또는 <kbd>/</kbd> | 검색 창에 포커스를 맞춥니다. |',
      '| <kbd>g</kbd> <kbd>n</kbd> | 알림으로 이동합니다. 자세한 내용은 "[알림 정보](/articles/about-notifications)"를 참조하세요. |',
      '',
    ].join('\n');
    const doc = parse(text);
    expect(doc.links.map((l) => [l.target, l.line, l.section])).toEqual([['/articles/about-notifications', 10, 1]]);
  });
});

describe('Liquid', () => {
  it('classifies references and conditions', () => {
    const doc = parse(
      '---\ntitle: {% data variables.product.a %}\n---\n{% ifversion ghes > 3.4 %}{% data reusables.x.y %}{% endif %} {% indented_data_reference reusables.z spaces=3 %} {% octicon "x" %} {{ currentVersion }}\n',
    );
    expect(doc.liquid.map((r) => [r.section, r.kind, r.name])).toEqual([
      [-1, 'variable', 'variables.product.a'],
      [0, 'condition', 'ifversion ghes > 3.4'],
      [0, 'reusable', 'reusables.x.y'],
      [0, 'reusable', 'reusables.z'],
      [0, 'tag', 'octicon'],
      [0, 'output', 'currentVersion'],
    ]);
  });

  it.each([
    ['unclosed output', 'a {{ b \n {% data reusables.c %}', /not closed/, 1],
    ['unclosed block', '{% if a %}\nx\n', /never closed/, 1],
    ['stray end tag', 'x\n{% endif %}\n', /no opening tag/, 2],
    ['mismatched end', '{% ifversion ghes %}\n{% endunless %}\n{% endif %}', /closes/, 2],
  ])('%s is a syntax error with its line, and scanning goes on', (_, text, message, line) => {
    const doc = parse(text);
    const errors = doc.liquid.filter((r) => r.kind === 'syntax-error');
    expect(errors[0]?.name).toMatch(message);
    expect(errors[0]?.line).toBe(line);
  });

  it("finds the same tags and outputs as liquidjs' own tokenizer, which scans text between them a character at a time", () => {
    const piece = fc.constantFrom(
      '{%',
      '%}',
      '{{',
      '}}',
      '{%-',
      '-%}',
      ' ',
      '\n',
      'a',
      '{',
      '}',
      '%',
      'data reusables.x',
      'ifversion ghes',
      'endif',
      'raw',
      'endraw',
      '"q"',
      'é',
    );
    let compared = 0;
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        let expected: { begin: number; end: number }[];
        try {
          expected = (new Tokenizer(text).readTopLevelTokens() as { kind: number; begin: number; end: number }[])
            .filter((t) => t.kind === TokenKind.Tag || t.kind === TokenKind.Output)
            .map(({ begin, end }) => ({ begin, end }));
        } catch {
          return; // recovery after errors is scanLiquid's own (tested above)
        }
        compared++;
        const scan = scanLiquid(text);
        expect(scan.tokens.map(({ begin, end }) => ({ begin, end }))).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
    expect(compared).toBeGreaterThan(500);
  });

  it('recovers after a bad token: later references are still found', () => {
    const scan = scanLiquid('{{ broken \n{% data reusables.after %}');
    expect(scan.errors).toHaveLength(1);
    expect(scan.tokens.map((t) => t.args)).toContain('reusables.after');
  });
});

describe('decoding', () => {
  it.each([
    ['UTF-16 BOM', Buffer.from([0xff, 0xfe, 0x41, 0]), 'encoding'],
    ['NUL byte', Buffer.from('ab\0cd'), 'binary'],
    ['Latin-1', Buffer.from([0x63, 0x61, 0x66, 0xe9]), 'encoding'],
  ])('%s → %s', (_, bytes, code) => {
    const r = decodeText(bytes);
    expect('error' in r && r.error.code).toBe(code);
  });

  it('strips CRLF and reads a BOM-prefixed file', () => {
    const doc = parse('\uFEFF---\r\ntitle: T\r\n---\r\n\r\n## H\r\n');
    expect(doc.title).toBe('T');
    expect(doc.sections.map((s) => s.heading)).toEqual(['', 'H']);
  });

  it('too many sections is a limits error, not a crash', () => {
    const doc = parse('## h\n'.repeat(150));
    expect(doc.error?.code).toBe('limits');
  });
});

describe('language identification (real seed text)', () => {
  it.each([
    ['Für weitere Informationen siehe unten.', 'de', 'de'],
    ['For more information, see "Managing your license for ."', 'de', 'en'],
    ['If you use multiple instances, you can enable automatic license sync between each of your instances.', 'es', 'en'],
    ['También puedes cargar en forma manual información de licencias de usuario.', 'es', 'es'],
    ['在启用许可同步后，您将能够查看整个企业帐户的许可使用情况。', 'zh', 'zh'],
    ['ユーザライセンス情報を手動でにアップロードすることもできます。', 'ja', 'ja'],
  ])('%s (%s page) → %s', (text, target, lang) => {
    expect(detectLanguage(text, target).lang).toBe(lang);
  });

  it('short fragments carry no verdict', () => {
    expect(detectLanguage('OAuth', 'de')).toEqual({ lang: null, confidence: 0 });
  });
});

describe('sections-only parsing (old English versions)', () => {
  // Every Markdown file of the bundled sample and the five real seed translations.
  const files = [
    ...fs
      .readdirSync(SAMPLE, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.md'))
      .map((f) => path.join(SAMPLE, f)),
    ...fs.readdirSync(SEEDS).map((f) => path.join(SEEDS, f)),
  ];

  it('gives every section the hashes a full parse gives it, with inline text only lexed where a link or code can start', () => {
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const bytes = fs.readFileSync(file);
      const full = parseDocument(file, bytes, opts());
      const sectionsOnly = parseDocument(file, bytes, { ...opts(), paragraphs: false, frontmatter: false });
      expect(sectionsOnly.paragraphs).toEqual([]);
      expect(
        sectionsOnly.sections.map(({ ordinal, heading, anchor, level, textHash, skeletonHash, skeleton }) => ({
          ordinal,
          heading,
          anchor,
          level,
          textHash,
          skeletonHash,
          skeleton,
        })),
        file,
      ).toEqual(
        full.sections.map(({ ordinal, heading, anchor, level, textHash, skeletonHash, skeleton }) => ({
          ordinal,
          heading,
          anchor,
          level,
          textHash,
          skeletonHash,
          skeleton,
        })),
      );
      expect(sectionsOnly.links).toEqual(full.links);
    }
  });

  it('still finds links, images, autolinks and code spans', () => {
    const text = '## A\n\nPlain words only.\n\nSee [x](/y), ![i](/i.png), <https://e.x> and `code`.\n';
    const full = parse(text);
    const sectionsOnly = parse(text, { ...opts(), paragraphs: false });
    expect(sectionsOnly.sections[1]!.skeleton).toEqual(['code:code', 'image:/i.png', 'link:/y', 'link:https://e.x']);
    expect(sectionsOnly.sections[1]!.skeletonHash).toBe(full.sections[1]!.skeletonHash);
  });
});
