/**
 * Frontmatter YAML: js-yaml 3 (gray-matter's engine) against `yaml` 2 with the options of
 * server/indexer/yaml.ts, on every frontmatter and variables file of a site. Prints each
 * file whose data differ, then three timed rounds of each parser and of the indexer's
 * engine (js-yaml 3 unless the frontmatter has an anchor).
 *
 *   node --import tsx scripts/measure-yaml.ts /tmp/gh/github-docs
 */
import fs from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { parseFrontmatterYaml, parseWithAliasLimit } from '../server/indexer/yaml.ts';

const root = process.argv[2];
if (!root) throw new Error('usage: measure-yaml.ts <site root>');
const sources: { file: string; text: string }[] = [];
for (const file of (fs.readdirSync(root, { recursive: true, encoding: 'utf8' }) as string[]).sort()) {
  if (file.includes('node_modules') || !/\.(md|yml)$/.test(file)) continue;
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  // As the parser hands them to gray-matter (server/indexer/parse.ts).
  if (file.endsWith('.yml')) sources.push({ file, text: `---\n${text}\n---\n` });
  else if (/^\uFEFF?---[ \t]*\n/.test(text)) sources.push({ file, text });
}

const yaml2 = { engines: { yaml: (s: string) => parseWithAliasLimit(s) ?? {} } };
const routed = { engines: { yaml: parseFrontmatterYaml } };
const plain = (value: unknown): string => JSON.stringify(value, (_k, v: unknown) => (v instanceof Date ? v.toISOString() : v));
const outcome = (read: () => unknown): string => {
  try {
    return plain(read());
  } catch {
    return 'error';
  }
};
let same = 0;
let bothErrors = 0;
let differ = 0;
for (const { file, text } of sources) {
  const a = outcome(() => matter(text, { excerpt: false }).data);
  const b = outcome(() => matter(text, { excerpt: false, ...yaml2 }).data);
  if (a !== b) {
    differ++;
    if (differ <= 20) console.log(`differs: ${file}\n  js-yaml 3: ${a.slice(0, 200)}\n  yaml 2:    ${b.slice(0, 200)}`);
  } else if (a === 'error') bothErrors++;
  else same++;
}
const mb = (sources.reduce((s, f) => s + f.text.length, 0) / 1e6).toFixed(1);
console.log(`${sources.length} files with frontmatter (${mb} MB with their bodies): ${same} same data, ${bothErrors} an error in both, ${differ} differ`);

for (let round = 1; round <= 3; round++) {
  const time = (options: object): number => {
    const start = performance.now();
    for (const { text } of sources) {
      try {
        matter(text, { excerpt: false, ...options });
      } catch {
        // counted in the comparison above
      }
    }
    return performance.now() - start;
  };
  console.log(`round ${round}: js-yaml 3 ${time({}).toFixed(0)} ms, yaml 2 ${time(yaml2).toFixed(0)} ms, indexer's engine ${time(routed).toFixed(0)} ms`);
}
