import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { DetectedLanguage } from './types.ts';
import { compiledFile } from './packages.ts';
import { SubsetDetector, type EldText } from './eld-subset.ts';

/**
 * Language identification for prose fragments, tuned for one question: is this
 * fragment of a translated page still English? eld (measured at ~13 µs per call
 * with a two-language subset, vs ~29 µs full and ~85 µs for tinyld) decides, its
 * two-language detection computed as eld computes it by SubsetDetector
 * (eld-subset.ts); cheap script and stop-word tests skip it where the answer is
 * certain. The extra-small n-gram database costs ~87 MB per thread against ~194 MB
 * for the medium one, and judges "English or the page's language" as well on the seeds.
 */

type Eld = (typeof import('eld/extrasmall'))['eld'];
/** eld's n-gram model as its entry files load it: n-gram → { language index → score }. */
interface EldData {
  type: string;
  languages: Record<string, string>;
  ngrams: Record<string, Record<string, number>>;
}
/**
 * eld's detector factory and its model (what eld's `extrasmall` entry builds its instance from),
 * and its text helpers (what SubsetDetector reads texts with).
 */
interface EldParts {
  createEld: () => { instance: Eld; loadData: (data: EldData) => void };
  data: EldData;
  text: EldText;
}

/** eld's parts and the languages its model knows (ISO 639-1), once loaded in this thread. */
let eldMemo: { parts: EldParts; languages: Set<string> } | null = null;

/** A detector on `data` (the whole model by default), as eld's entry builds its instance. */
function build(parts: EldParts, data: EldData = parts.data): Eld {
  const { instance, loadData } = parts.createEld();
  loadData(data);
  instance.newInstance = () => build(parts, data);
  return instance;
}

function useEld(parts: EldParts): { parts: EldParts; languages: Set<string> } {
  return (eldMemo ??= { parts, languages: new Set(Object.values(parts.data.languages)) });
}

/** Where eld's detector, model and text helpers are, beside its `extrasmall` entry (eld's exports map names the entries only). */
function eldFiles(): { detector: URL; model: URL; helpers: URL[] } {
  const entry = import.meta.resolve('eld/extrasmall');
  return {
    detector: new URL('../languageDetector.js', entry),
    model: new URL('../ngrams/extrasmall.js', entry),
    helpers: ['../regexPatterns.js', '../dictionary.js', '../avgScore.js'].map((f) => new URL(f, entry)),
  };
}

/** eld's text helpers from its three modules (regexPatterns, dictionary, avgScore), as loaded. */
function eldText(modules: unknown[]): EldText {
  const [{ separators }, { dictionary }, { avgScore }] = modules as [Pick<EldText, 'separators'>, Pick<EldText, 'dictionary'>, Pick<EldText, 'avgScore'>];
  return { separators, dictionary, avgScore };
}

/**
 * eld, loaded when needed. Evaluating its n-gram database costs ~180 ms, and only pages in
 * Latin-script languages ever reach it (CJK and Cyrillic pages are judged by script, English
 * pages are not judged): a one-file re-index of a Japanese page never loads it, nor does a
 * check run on a database whose pages have their field languages stored. Parsers load it
 * ahead (`loadLanguageModel`) with a dynamic import; any other caller (checks on pages
 * indexed before field languages were stored, tests) gets it on first use through
 * require(esm) (Node 20.19+ or 22.12+), which keeps ~45 MB more than the import does, so
 * parsers never take that way.
 */
function loadEld(): { parts: EldParts; languages: Set<string> } {
  if (eldMemo) return eldMemo;
  const vendored = vendoredEld();
  if (vendored) return useEld(vendored);
  const files = eldFiles();
  const load = createRequire(import.meta.url);
  return useEld({
    createEld: (load(fileURLToPath(files.detector)) as Pick<EldParts, 'createEld'>).createEld,
    data: (load(fileURLToPath(files.model)) as { ngramsData: EldData }).ngramsData,
    text: eldText(files.helpers.map((f) => load(fileURLToPath(f)))),
  });
}

/**
 * The compiled CLI's eld (scripts/build-cli.mjs): its detector bundled and its model read as
 * JSON, ~28 ms of CPU where evaluating the model's JavaScript costs ~190 ms; built as eld's
 * `extrasmall` entry builds it. Null when running the TypeScript.
 */
function vendoredEld(): EldParts | null {
  const vendor = compiledFile('vendor/');
  if (!vendor) return null;
  const bundle = createRequire(import.meta.url)(fileURLToPath(new URL('eld.cjs', vendor))) as Pick<EldParts, 'createEld'> & EldText;
  return {
    createEld: bundle.createEld,
    data: JSON.parse(fs.readFileSync(new URL('eld-extrasmall.json', vendor), 'utf8')) as EldData,
    text: eldText([bundle, bundle, bundle]),
  };
}

/** Whether eld's model is loaded in this thread (diagnostics and tests). */
export function languageModelLoaded(): boolean {
  return eldMemo !== null;
}

/**
 * Loads eld now, for a parser about to judge pages in `languages` (ISO 639-1; any language
 * when omitted), unless every one of them is judged by script alone.
 */
export async function loadLanguageModel(languages?: Iterable<string>): Promise<void> {
  if (eldMemo) return;
  if (languages && [...languages].every((l) => NON_LATIN_TARGETS.has(l))) return;
  const vendored = vendoredEld();
  if (vendored) return void useEld(vendored);
  const files = eldFiles();
  const [{ createEld }, { ngramsData }, ...helpers] = (await Promise.all([files.detector, files.model, ...files.helpers].map((f) => import(f.href)))) as [
    Pick<EldParts, 'createEld'>,
    { ngramsData: EldData },
    ...unknown[],
  ];
  useEld({ createEld, data: ngramsData, text: eldText(helpers) });
}

/** What judgeLanguage reads of a detection: eld's language ('' for none), its best score, the next one, and `isReliable()`. */
interface Verdict {
  language: string;
  top: number;
  second: number;
  reliable: boolean;
}

const detectors = new Map<string, (text: string) => Verdict>();

/**
 * The detection for pages in `target`: English or the target, on eld's model for those two
 * (SubsetDetector: eld's answer, in ~40 % of its time); any language for a target eld does not
 * know (and English itself), on eld's whole model.
 */
function detectorFor(target: string): (text: string) => Verdict {
  let d = detectors.get(target);
  if (!d) {
    const { parts, languages } = loadEld();
    // A two-language subset is faster and more accurate than open-ended detection.
    if (target !== 'en' && languages.has(target)) {
      const subset = new SubsetDetector(parts.data, ['en', target], parts.text);
      d = (text) => subset.detect(text) ?? { language: '', top: 0, second: 0, reliable: false };
    } else {
      const eld = build(parts);
      d = (text) => {
        const result = eld.detect(text);
        const sorted = Object.values(result.getScores() as Record<string, number>).sort((a, b) => b - a);
        return { language: result.language, top: sorted[0] ?? 0, second: sorted[1] ?? 0, reliable: result.isReliable() };
      };
    }
    detectors.set(target, d);
  }
  return d;
}

// eld's cost grows with the text; its verdict settles well within this many characters.
const MAX_DETECT_CHARS = 320;

// Function words that are frequent in English and rare in other Latin-script
// languages: a fragment with none of them is not English prose.
const ENGLISH_MARKERS = new Set(
  (
    'the and you your to of for with is are this that these those can be see more by from or if when ' +
    'will have has which it its on at we our after before about how what must should only also into ' +
    'than then they their there were was been not use using any each other such may'
  ).split(' '),
);
const LONGEST_MARKER = Math.max(...[...ENGLISH_MARKERS].map((w) => w.length));

/**
 * A run of at most LONGEST_MARKER ASCII letters as a number (base 27, `a` = 1, case folded), built
 * as the run is scanned: a marker is looked up by it without cutting the run out of its text.
 */
function markerCode(code: number, c: number): number {
  return code * 27 + ((c | 0x20) - 96);
}
const MARKER_CODES = new Set([...ENGLISH_MARKERS].map((w) => [...w].reduce((code, ch) => markerCode(code, ch.charCodeAt(0)), 0)));

/** Languages written mostly outside the Latin script: any of their script in a fragment means translated. */
const NON_LATIN_TARGETS = new Set(['zh', 'ja', 'ko', 'ru', 'uk', 'bn', 'hi', 'ar', 'he', 'fa', 'th', 'el', 'bg']);

/** Whether pages in `language` (ISO 639-1) are judged by script alone: parsing them never loads eld. */
export function judgedByScript(language: string): boolean {
  return NON_LATIN_TARGETS.has(language);
}

/**
 * Letters and Latin letters by code point range: a single pass, several times faster
 * than Unicode property regexes on the hot path. Punctuation, symbols and digits of
 * the common blocks are not letters.
 */
export function countLetters(text: string): { letters: number; latin: number } {
  let letters = 0;
  let latin = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
        letters++;
        latin++;
      }
    } else {
      const kind = nonAsciiLetter(c);
      if (kind !== NOT_A_LETTER) letters++;
      if (kind === LATIN_LETTER) latin++;
    }
  }
  return { letters, latin };
}

const NOT_A_LETTER = 0;
const OTHER_LETTER = 1;
const LATIN_LETTER = 2;

/** What countLetters counts a character of U+0080 or above as (a surrogate pair once, by its first half). */
function nonAsciiLetter(c: number): number {
  if (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) return LATIN_LETTER;
  if (
    c >= 0x370 &&
    !(c >= 0x2000 && c <= 0x2bff) && // punctuation, symbols, arrows
    !(c >= 0x3000 && c <= 0x303f) && // CJK punctuation
    !(c >= 0xff00 && c <= 0xff20) && // full-width punctuation and digits
    !(c >= 0xd800 && c <= 0xdfff) && // surrogate halves (counted once, below)
    !(c >= 0xe000 && c <= 0xf8ff) // private use
  )
    return OTHER_LETTER;
  return c >= 0xd800 && c <= 0xdbff ? OTHER_LETTER : NOT_A_LETTER;
}

// Diagrams written as text (mermaid in a shortcode or paragraph) have no language.
const DIAGRAM = /^\s*(?:(?:graph|flowchart)\s+(?:TB|TD|BT|RL|LR)\b|(?:sequenceDiagram|classDiagram|stateDiagram(?:-v2)?|erDiagram|gantt|journey)\b)/;
// HTTP request lines (`PUT /apis/apps/v1/…`) and response lines (`200 (Deployment): OK`).
const HTTP =
  /\b(?:GET|PUT|POST|PATCH|DELETE|HEAD|OPTIONS|WATCH|LIST)\s+\/\S*|\b[1-5]\d\d\s*(?:\([^)]*\))?\s*:\s*(?:OK|Created|Accepted|No Content|Unauthorized|Forbidden|Not Found|Conflict)\b/g;
// Quoted titles and labels (`"Spotlight on SIG Apps"`): a name of an English resource, not text left untranslated.
const QUOTED = /"[^"\n]{1,200}"|“[^”\n]{1,200}”/g;
const EDGE_PUNCTUATION = /^[\s.,;:!?'"“”‘’()[\]*]+|[\s.,;:!?'"“”‘’()[\]*]+$/g;

/** English function words in a text (`the`, `to`, `with`, …): what makes a run of Latin words English prose rather than names or labels. */
export function englishMarkers(text: string): number {
  // As `text.toLowerCase().match(/[a-z]+/g)` finds the words, without the array or the lower-case
  // copy: a run of ASCII letters is looked up by its code (`markerCode`). Two characters lower case
  // turns into ASCII letters (U+0130 İ, U+212A Kelvin sign): a text with one is read from its lower-case copy.
  if (text.includes('\u0130') || text.includes('\u212a')) return markersOfLowerCase(text.toLowerCase());
  let markers = 0;
  let start = -1;
  let code = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0;
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) {
      if (start < 0) {
        start = i;
        code = 0;
      }
      if (i - start < LONGEST_MARKER) code = markerCode(code, c);
    } else if (start >= 0) {
      if (i - start <= LONGEST_MARKER && MARKER_CODES.has(code)) markers++;
      start = -1;
    }
  }
  return markers;
}

/** englishMarkers of a lower-case text, runs cut out and looked up as they are. */
function markersOfLowerCase(lower: string): number {
  let markers = 0;
  let start = -1;
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 0;
    if (c >= 97 && c <= 122) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      if (i - start <= LONGEST_MARKER && ENGLISH_MARKERS.has(lower.slice(start, i))) markers++;
      start = -1;
    }
  }
  return markers;
}

/** An ASCII letter followed by lowercase ASCII letters only. */
function plainWord(word: string): boolean {
  if (word.length === 0) return false;
  const first = word.charCodeAt(0);
  if (!((first >= 65 && first <= 90) || (first >= 97 && first <= 122))) return false;
  for (let i = 1; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c < 97 || c > 122) return false;
  }
  return true;
}

/** Edge punctuation `EDGE_PUNCTUATION` strips from a word (white space aside: words have none). */
function edgePunctuation(c: number): boolean {
  return (
    c === 46 ||
    c === 44 ||
    c === 59 ||
    c === 58 ||
    c === 33 ||
    c === 63 ||
    c === 39 ||
    c === 34 ||
    c === 40 ||
    c === 41 ||
    c === 91 ||
    c === 93 ||
    c === 42 ||
    c === 0x201c ||
    c === 0x201d ||
    c === 0x2018 ||
    c === 0x2019
  );
}

/** A word that is a plain word (or nothing) once `EDGE_PUNCTUATION` is taken off its ends: never code. */
function plainInPunctuation(word: string): boolean {
  let from = 0;
  let to = word.length;
  while (from < to && edgePunctuation(word.charCodeAt(from))) from++;
  while (to > from && edgePunctuation(word.charCodeAt(to - 1))) to--;
  if (from === to) return true;
  const first = word.charCodeAt(from);
  if (!((first >= 65 && first <= 90) || (first >= 97 && first <= 122))) return false;
  for (let i = from + 1; i < to; i++) {
    const c = word.charCodeAt(i);
    if (c < 97 || c > 122) return false;
  }
  return true;
}

/** Whether a word is code rather than prose: a path, field, flag, identifier, version or formula. */
function isCodeLike(word: string): boolean {
  // Most words are plain (`cluster`, `Pod`): a letter, then lowercase ASCII letters, which none
  // of the tests below can call code. One pass over the characters settles them (language
  // identification called this for every word of every translated paragraph and sentence),
  // and the same with the punctuation around them (`cluster,`, `(Pod)`) that the tests strip.
  if (plainWord(word) || plainInPunctuation(word)) return false;
  const w = word.replace(EDGE_PUNCTUATION, '');
  if (w === '') return false;
  // A run glued to Japanese or Chinese text (`Containersでは、2つ以上の…`) is prose of that language.
  if (/[^ -\u024f\u2000-\u2bff]/.test(w)) return false;
  return (
    /[./_=:@$#<>{}[\]\\|()+*&^%~]/.test(w) || // paths, fields, selectors, formulas, e-mail
    /\d/.test(w) || // versions, v1beta1, sizes
    /[a-z][A-Z]|^[A-Z][a-z]+[A-Z]/.test(w) || // camelCase, PascalCase identifiers
    /^[A-Z]{2,}s?$/.test(w) || // acronyms
    /^-{1,2}[a-z]/.test(w) || // flags
    /^[a-z]+(?:-[a-z0-9]+){2,}$/.test(w) // kebab-case names (aws-load-balancer-scheme)
  );
}

/**
 * The prose of a text: what is left once code-like words are taken out (identifiers, field
 * names, paths, URLs, flags, versions, HTTP request and status lines, formulas, quoted
 * titles when `withoutQuoted`) and diagrams dropped whole. A block is in a language by this
 * prose only: `PUT /apis/apps/v1/namespaces/{namespace}/deployments/{name}` has none. Quoted
 * titles still tell a sentence's language (`For more information, see "…"`), but a list item
 * that is only a quoted title and its author is no text left untranslated.
 */
export function proseOnly(text: string, withoutQuoted = false): string {
  if (DIAGRAM.test(text)) return '';
  // A request line has ` /`, a status line `:`: without either there is nothing to take out.
  let stripped = text.includes('/') || text.includes(':') ? text.replace(HTTP, ' ') : text;
  if (withoutQuoted) stripped = stripped.replace(QUOTED, ' ');
  const words = stripped.split(/\s+/);
  let out = '';
  for (const w of words) if (w !== '' && !isCodeLike(w)) out += (out ? ' ' : '') + w;
  return out;
}

/**
 * Judgements by target language and text, for Latin-script targets (eld's), kept until MEMO_LIMIT
 * texts or MEMO_TOTAL_CHARS characters (then all forgotten at once): translations repeat their texts (reusables, notes, es-ES beside es-XL),
 * and 26-46 % of the calls on the snapshot's Latin-script locales (15-18 % on Kubernetes and
 * MDN) asked again about a text judged before. The answer is a function of the two alone.
 */
const memo = new Map<string, Map<string, DetectedLanguage>>();
let memoSize = 0;
let memoChars = 0;
const MEMO_LIMIT = 50_000;
// Bounded in characters too: a parser thread's heap is 128 MB, and 50,000 texts of 2,000 two-byte
// characters (Polish, Vietnamese) would be 200 MB. Texts average ~85 characters on the three sites.
const MEMO_MAX_CHARS = 1_000;
const MEMO_TOTAL_CHARS = 4_000_000;

/** Language of a prose fragment for a page whose locale speaks `target` (ISO 639-1). */
export function detectLanguage(raw: string, target: string): DetectedLanguage {
  // Script-judged targets cost little to judge again (no eld), and their texts twice the memory.
  if (raw.length > MEMO_MAX_CHARS || NON_LATIN_TARGETS.has(target)) return judgeLanguage(raw, target);
  // A map per target: the text itself is the key (a joined key cost a copy of every text).
  let ofTarget = memo.get(target);
  if (!ofTarget) memo.set(target, (ofTarget = new Map()));
  let judged = ofTarget.get(raw);
  if (judged === undefined) {
    if (memoSize >= MEMO_LIMIT || memoChars >= MEMO_TOTAL_CHARS) {
      for (const m of memo.values()) m.clear();
      memoSize = 0;
      memoChars = 0;
    }
    // Frozen: callers share it.
    ofTarget.set(raw, (judged = Object.freeze(judgeLanguage(raw, target))));
    memoSize++;
    memoChars += raw.length;
  }
  return judged;
}

function judgeLanguage(raw: string, target: string): DetectedLanguage {
  // English pages are judged on their whole text; any other by its prose only (identifiers and
  // code read as English in every language), counted word by word (`proseStats`).
  const stats = target === 'en' ? null : proseStats(raw, !NON_LATIN_TARGETS.has(target));
  const { letters, latin } = stats ?? countLetters(raw);
  if (letters < 8) return { lang: null, confidence: 0 };
  // Short fragments ("Enterprise", "OAuth App") say little about their language.
  const lengthFactor = Math.min(1, letters / 40);

  if (NON_LATIN_TARGETS.has(target)) {
    // Eight CJK or Cyrillic letters already make a phrase: a sentence that has them is
    // translated, even around an English UI label ("在“Server can sync …”下，使用下拉菜单").
    const other = letters - latin;
    if (other >= 8 || other / letters >= 0.3) return { lang: target, confidence: round(0.6 + 0.4 * (other / letters)) };
    // Latin-script prose in a CJK or Cyrillic page: English when English function words
    // carry it; otherwise names and identifiers, which have no language to judge.
    const text = proseText(raw, stats!);
    const markers = englishMarkers(text);
    const words = markers > 0 ? countWords(text) : 0;
    if (markers > 0 && words >= 3) return { lang: 'en', confidence: round(Math.min(1, 0.55 + (2 * markers) / words) * lengthFactor) };
    return { lang: null, confidence: 0 };
  }
  // A Latin-script text with three words and no English function word is in the page's language.
  if (stats && stats.markers === 0 && stats.words >= 3) return { lang: target, confidence: round(0.5 * lengthFactor) };
  const text = stats ? proseText(raw, stats) : raw;
  const result = detectorFor(target)(text.length > MAX_DETECT_CHARS ? text.slice(0, MAX_DETECT_CHARS) : text);
  const lang = result.language || null;
  if (!lang) return { lang: null, confidence: 0 };
  const margin = result.top - result.second;
  const reliable = result.reliable ? 1 : 0.5;
  return { lang, confidence: round(Math.min(1, (0.5 * result.top + margin) * reliable * lengthFactor * 1.5)) };
}

/**
 * What language identification reads of `proseOnly(raw)`, counted word by word without building
 * it: its letters and Latin letters (`countLetters`), its words (`countWords`) and, with
 * `markers`, its English function words (`englishMarkers`). Each sums over the kept words, which
 * the prose joins with one space (a letter, a word or a marker never spans two of them).
 * `prose`: the stripped text when it is the prose itself (single spaces, nothing dropped), else
 * null (`proseText` makes it).
 */
export interface ProseStats {
  letters: number;
  latin: number;
  words: number;
  markers: number;
  prose: string | null;
}

export function proseStats(raw: string, markers: boolean): ProseStats {
  const stats: ProseStats = { letters: 0, latin: 0, words: 0, markers: 0, prose: '' };
  if (DIAGRAM.test(raw)) return stats;
  const text = raw.includes('/') || raw.includes(':') ? raw.replace(HTTP, ' ') : raw;
  const n = text.length;
  // Whether the text is its own prose: no word dropped, one space between words, none at the ends.
  let same = true;
  // The word being read, text[start, i): its letters as countLetters counts them (ASCII ones
  // apart), whether it is plain (a letter, then lowercase ASCII letters, edge punctuation at its
  // ends aside: never code), whether it has a character outside Latin and general punctuation
  // (prose of another script: never code), and its English markers, read from its runs of ASCII
  // letters by their code (a character that lower case turns into ASCII letters, U+0130 and
  // U+212A, sends the word to `englishMarkers`).
  let start = -1;
  let ascii = 0;
  let letters = 0;
  let latin = 0;
  let foreign = false;
  let plain = true;
  let head = -1; // the first character that is not edge punctuation
  let edgeAfter = false; // edge punctuation after it: interior unless only more follows
  let special = false;
  let found = 0;
  let run = -1;
  let code = 0;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 32;
    const lower = c >= 97 && c <= 122;
    if (lower || (c >= 65 && c <= 90)) {
      if (start < 0) start = i;
      ascii++;
      if (head < 0) head = i;
      else if (!lower || edgeAfter) plain = false;
      if (run < 0) {
        run = i;
        code = 0;
      }
      if (i - run < LONGEST_MARKER) code = markerCode(code, c);
      continue;
    }
    if (run >= 0) {
      if (i - run <= LONGEST_MARKER && MARKER_CODES.has(code)) found++;
      run = -1;
    }
    if (isSpace(c)) {
      if (c !== 32 || i === 0 || i === n - 1 || (start < 0 && i < n)) same = false;
      if (start < 0) continue;
      // The word ends: kept unless it is code.
      if (plain || foreign || !isCodeLike(text.slice(start, i))) {
        stats.letters += ascii + letters;
        stats.latin += ascii + latin;
        stats.words++;
        if (markers) stats.markers += special ? englishMarkers(text.slice(start, i)) : found;
      } else same = false;
      start = -1;
      ascii = letters = latin = found = 0;
      foreign = special = edgeAfter = false;
      plain = true;
      head = -1;
      continue;
    }
    if (start < 0) start = i;
    if (c < 0x80 ? edgePunctuation(c) : c >= 0x2018 && c <= 0x201d && c !== 0x201a && c !== 0x201b) {
      if (head >= 0) edgeAfter = true;
    } else {
      plain = false;
      if (head < 0) head = i;
    }
    if (c < 0x80) {
      if (c < 0x20) foreign = true;
      continue;
    }
    const kind = nonAsciiLetter(c);
    if (kind !== NOT_A_LETTER) letters++;
    if (kind === LATIN_LETTER) latin++;
    if (c > 0x24f && !(c >= 0x2000 && c <= 0x2bff)) foreign = true;
    if (c === 0x130 || c === 0x212a) special = true;
  }
  stats.prose = same ? text : null;
  return stats;
}

/** The prose `stats` were counted on: `proseOnly(raw)`. */
function proseText(raw: string, stats: ProseStats): string {
  return stats.prose ?? proseOnly(raw);
}

/** White space as JavaScript's `\s` has it (what `trim` takes off, line ends included). */
export function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/** The words of a text as `text.split(/\s+/).filter((w) => w !== '').length` counts them, without the array. */
export function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    if (isSpace(text.charCodeAt(i))) inWord = false;
    else if (!inWord) {
      inWord = true;
      words++;
    }
  }
  return words;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** ISO 639-1 language of a locale code: `ja-JP` → `ja`, `zh-cn` → `zh`, `pt-BR` → `pt`. */
export function languageOfLocale(locale: string): string {
  return locale.toLowerCase().split(/[-_]/)[0] ?? locale;
}
