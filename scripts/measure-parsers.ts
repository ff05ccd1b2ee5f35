/**
 * `npx tsx scripts/measure-parsers.ts <site-root>`: how the README's parser choice was made.
 * Lexes the Markdown bodies of every fourth .md file under a folder with markdown-it,
 * marked and micromark, twice (the second pass is warm), and prints MB/s for each.
 */
import fs from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import MarkdownIt from 'markdown-it';
import { marked } from 'marked';
import { parse, postprocess, preprocess } from 'micromark';

const root = process.argv[2];
if (!root) {
  process.stderr.write('usage: measure-parsers.ts <folder with .md files>\n');
  process.exit(2);
}
const files: string[] = [];
(function walk(dir: string) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.md')) files.push(p);
  }
})(root);
const bodies = files
  .filter((_, i) => i % 4 === 0)
  .map((f) => {
    const text = fs.readFileSync(f, 'utf8');
    try {
      return matter(text, { excerpt: false }).content;
    } catch {
      return text;
    }
  });
const mb = bodies.reduce((n, b) => n + b.length, 0) / 1e6;
process.stdout.write(`${bodies.length} files, ${mb.toFixed(1)} MB of Markdown bodies\n`);
const md = new MarkdownIt();
const lexers: [string, (body: string) => unknown][] = [
  ['markdown-it parse', (b) => md.parse(b, {})],
  ['marked lexer', (b) => marked.lexer(b)],
  [
    'micromark events',
    (b) =>
      postprocess(
        parse()
          .document()
          .write(preprocess()(b, undefined, true)),
      ),
  ],
];
for (let pass = 1; pass <= 2; pass++) {
  for (const [name, lex] of lexers) {
    const started = performance.now();
    for (const b of bodies) lex(b);
    const s = (performance.now() - started) / 1000;
    process.stdout.write(`pass ${pass}  ${name.padEnd(18)} ${(mb / s).toFixed(1).padStart(6)} MB/s\n`);
  }
}
