import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { blankComments, parseDocument, type ParseOptions } from '../../server/indexer/parse.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/kubernetes');
const opts = (language: string): ParseOptions => ({ kind: 'page', language, detectLanguages: false, maxFileBytes: 1 << 20, maxSections: 100 });
const parse = (text: string, language = 'zh') => parseDocument('x.md', Buffer.from(text), opts(language));

describe('HTML comments are not page content (issue 16: zh-cn keeps the English original in them)', () => {
  it.each([
    ['a numbered step', '<!--\n1. Make sure that\n-->\n1. 确保\n', (d: ReturnType<typeof parse>) => d.sections[0]!.steps, [1]],
    [
      'a shortcode',
      '<!--\n{{< glossary_tooltip text="static Pod" term_id="static-pod" >}}\n-->\n{{< glossary_tooltip text="静态 Pod" term_id="static-pod" >}}\n',
      (d: ReturnType<typeof parse>) => d.liquid.map((r) => r.name),
      ['< glossary_tooltip text="静态 Pod" term_id="static-pod" >'],
    ],
    [
      'a link',
      '<!--\n[minikube](https://minikube.sigs.k8s.io/docs/tutorials/multi_node/)\n-->\n使用 [minikube](/zh-cn/docs/setup/)\n',
      (d: ReturnType<typeof parse>) => d.links.map((l) => l.target),
      ['/zh-cn/docs/setup/'],
    ],
    [
      'a heading',
      '<!--\n## Configure the Konnectivity service\n-->\n## 配置 Konnectivity 服务 {#configure-the-konnectivity-service}\n',
      (d: ReturnType<typeof parse>) => d.sections.map((s) => s.anchor),
      ['', 'configure-the-konnectivity-service'],
    ],
    [
      "an English note in Hugo's comment shortcode (ko declarative-config)",
      '{{< comment >}}\nTODO(pwittrock): We need to change the behavior to prevent the user from running apply on subdirectories unintentionally.\n{{< /comment >}}\n\n번역된 문단입니다.\n',
      (d: ReturnType<typeof parse>) => d.paragraphs.map((p) => p.text),
      ['번역된 문단입니다.'],
    ],
    [
      'prose inline beside text',
      '你需要 <!-- You need --> 一个集群。\n',
      (d: ReturnType<typeof parse>) => d.paragraphs.map((p) => p.text),
      ['你需要 一个集群。'],
    ],
  ])('%s inside a comment counts nowhere', (_, text, pick, expected) => {
    expect(pick(parse(text))).toEqual(expected);
  });

  it.each([
    ['in a fenced code block (an HTML sample)', '```html\n<!-- keep -->\n```\n'],
    ['in a code span', 'Write `<!-- note -->` here\n'],
  ])('a comment %s is code and stays', (_, text) => {
    expect(blankComments(text)).toBe(text);
  });

  it('keeps every offset and line: blanked text has the same length and lines', () => {
    const text = 'a\n<!--\n1. x\n-->\n1. y <!-- z --> w <!-- q\nr --> s\n';
    const out = blankComments(text);
    expect(out.length).toBe(text.length);
    expect(out.split('\n').map((l) => l.trim())).toEqual(['a', '', '', '', '1. y            w', 's', '']);
  });

  it('setup-konnectivity: zh-cn has the same steps, lists, shortcodes and sections as English, at the lines written', () => {
    const en = parseDocument('en.md', fs.readFileSync(path.join(FIXTURES, 'en/setup-konnectivity.md')), opts('en'));
    const zh = parseDocument('zh.md', fs.readFileSync(path.join(FIXTURES, 'zh-cn/setup-konnectivity.md')), opts('zh'));
    expect(zh.sections.map((s) => [s.level, s.anchor, s.steps])).toEqual(en.sections.map((s) => [s.level, s.anchor, s.steps]));
    const shape = (d: typeof en) => d.sections.map((s) => s.skeleton.filter((t) => /^(?:ol|ul):/.test(t)));
    expect(shape(zh)).toEqual(shape(en));
    expect(zh.liquid.filter((r) => r.name.includes('glossary_tooltip')).length).toBe(1);
    // No paragraph of the translation is one of the English originals kept in comments.
    expect(zh.paragraphs.filter((p) => !/[\u4e00-\u9fff]/u.test(p.text)).map((p) => p.text)).toEqual([]);
    // Lines still point at the file as written: the heading after its commented original.
    expect(zh.sections[2]!.line).toBe(34);
  });
});
