import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bodyOf } from '../../server/history/bases.ts';

// What bodyOf answered before it compared bytes: the text after a frontmatter block.
const reference = (text: string) => {
  const m = /^\uFEFF?---[ \t]*\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  return m ? text.slice(m[0].length) : text;
};
const body = (text: string) => bodyOf(Buffer.from(text, 'utf8')).toString('utf8');

describe('bodyOf: a page without its frontmatter, as bytes', () => {
  it.each([
    ['no frontmatter', '# Title\n\ntext\n', '# Title\n\ntext\n'],
    ['frontmatter', '---\ntitle: A\n---\n# A\n', '# A\n'],
    ['byte order mark and CRLF', '\uFEFF---\r\ntitle: A\r\n---\r\nbody\r\n', 'body\r\n'],
    ['blanks after the dashes', '---  \ntitle: A\n---\t\nbody', 'body'],
    ['closed at the end of the file', '---\ntitle: A\n---', ''],
    ['never closed', '---\ntitle: A\nbody\n', '---\ntitle: A\nbody\n'],
    ['a longer rule is no closing line', '---\ntitle: A\n----\nmore\n---\nbody', 'body'],
    ['dashes not on the first line', '\n---\ntitle: A\n---\nbody', '\n---\ntitle: A\n---\nbody'],
    ['an empty block needs a line between', '---\n---\nbody\n---\nrest', 'rest'],
  ])('%s', (_name, text, expected) => {
    expect(body(text)).toBe(expected);
    expect(body(text)).toBe(reference(text));
  });

  it('cuts where the text version did, on any mix of dashes, blanks and line ends', () => {
    const piece = fc.constantFrom('---', '-', '\n', '\r\n', '\r', ' ', '\t', 'a', 'title: x', '\uFEFF', 'é');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 24 }), (parts) => {
        const text = parts.join('');
        expect(body(text)).toBe(reference(text));
      }),
      { numRuns: 3000 },
    );
  });
});
