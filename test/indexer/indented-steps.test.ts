import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { parseDocument, type ParseOptions } from '../../server/indexer/parse.ts';

// Issue 16 (Kubernetes, merged code): English pod-priority-preemption writes its three
// eviction factors as `  1. …` (two spaces), a top-level list that the step scan, reading
// column 0 only, did not see: "has 3 numbered steps, English has 0" on the zh-cn page.
const opts: ParseOptions = { kind: 'page', language: 'en', detectLanguages: false, maxFileBytes: 1 << 20, maxSections: 100 };
const steps = (text: string) => parseDocument('x.md', Buffer.from(text), opts).sections.flatMap((s) => s.steps);

/** The numbers of the top-level ordered items as a CommonMark parser reads them. */
function topLevelItems(text: string): number[] {
  const out: number[] = [];
  for (const t of new MarkdownIt().parse(text, {})) if (t.type === 'list_item_open' && t.level === 1 && t.markup.match(/[.)]/)) out.push(Number(t.info));
  return out;
}

describe('numbered steps: top-level items indented by up to three spaces count, nested ones do not', () => {
  it.each([
    [
      'English pod-priority-preemption: a list indented by two spaces after a paragraph',
      'The kubelet ranks pods for eviction based on the following factors:\n\n  1. Whether the starved resource usage exceeds requests\n  1. Pod Priority\n  1. Amount of resource usage relative to requests\n\nSee the eviction page.\n',
      [1, 1, 1],
    ],
    ['the same list written at column 0 (zh-cn)', '以下因素：\n\n1. 对紧俏资源的使用是否超过请求值\n1. Pod 优先级\n1. 相对于请求的资源使用量\n', [1, 1, 1]],
    [
      'zh-cn kubeadm_join: sub-steps indented as far as their item’s text are nested',
      '命令执行下列阶段：\n\n1. preflight：运行接入前检查\n2. control-plane-prepare：准备用作控制平面的机器\n   1. download-certs：下载证书\n   2. certs：生成证书\n3. kubelet-start：写入 kubelet 设置\n',
      [1, 2, 3],
    ],
    ['a numbered list nested in a bullet by two spaces', 'Steps:\n\n- Install the tools\n  1. kubectl\n  2. kind\n- Create a cluster\n', []],
    [
      'nested after a blank line and a continuation paragraph',
      '1. Pick a strategy.\n\n   Read about it first.\n\n   1. Verify the storage\n   2. Verify the status\n2. Remove the old version.\n',
      [1, 2],
    ],
    ['an indented list after a bullet list that a paragraph ended', '- one\n- two\n\nThen:\n\n  1. first\n  2. second\n', [1, 2]],
    ['an indented list after a heading that ended the list', '- one\n- two\n## Next\n  1. first\n  2. second\n', [1, 2]],
    ['under `10.` three spaces are not enough to nest (its text starts at column 4)', '9. nine\n10. ten\n   1. eleven\n', [9, 10, 1]],
    ['four spaces after a paragraph are code, not a step', 'Text\n\n    1. not a step\n', []],
    ['a fenced code block hides its numbers', '```\n  1. inside\n```\n  1. outside\n', [1]],
  ])('%s', (_name, text, expected) => {
    expect(steps(text)).toEqual(expected);
    // Every case is one a CommonMark parser reads alike (the line scan differs only for a
    // `5.` that a parser folds into the paragraph above it, which none of these has).
    expect(topLevelItems(text)).toEqual(expected);
  });
});
