import { describe, expect, it } from 'vitest';
import { countWords } from '../../server/indexer/language.ts';

const bySplit = (text: string) => text.split(/\s+/).filter((w) => w.length > 0).length;

describe('countWords (language identification)', () => {
  it('counts what splitting on \\s counts, for every BMP character as a separator', () => {
    const disagree: string[] = [];
    for (let c = 0; c < 0x10000; c++) {
      const text = `a${String.fromCharCode(c)}b ${String.fromCharCode(c)}`;
      if (countWords(text) !== bySplit(text)) disagree.push(c.toString(16));
    }
    expect(disagree).toEqual([]);
  });

  it('counts real sentences alike, with leading, trailing and mixed white space', () => {
    for (const text of [
      '',
      '   ',
      'Kubernetes',
      '  Use the `kubectl` command\tto see\nyour Pods.  ',
      'GitHub\u00a0Enterprise\u3000サーバー\u2028を\u202f使う\ufeff',
      'zero\u200bwidth space is no space',
    ])
      expect(countWords(text)).toBe(bySplit(text));
  });
});
