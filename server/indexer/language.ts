import { eld } from 'eld/medium';
import type { DetectedLanguage } from './types.ts';

/**
 * Language identification for prose fragments, tuned for one question: is this
 * fragment of a translated page still English? eld (measured at ~13 µs per call
 * with a two-language subset, vs ~29 µs full and ~85 µs for tinyld) decides; cheap
 * script and stop-word tests skip it where the answer is certain.
 */

type Detector = ReturnType<typeof eld.newInstance>;

const detectors = new Map<string, Detector>();
const ELD_LANGUAGES = new Set(Object.values((eld.info() as { Languages: Record<string, string> }).Languages));

function detectorFor(target: string): Detector {
  let d = detectors.get(target);
  if (!d) {
    d = eld.newInstance();
    // A two-language subset is faster and more accurate than open-ended detection.
    if (target !== 'en' && ELD_LANGUAGES.has(target)) d.setLanguageSubset(['en', target]);
    detectors.set(target, d);
  }
  return d;
}

const LATIN = /\p{Script=Latin}/gu;
const LETTER = /\p{L}/gu;
const WORD = /\p{L}[\p{L}'’-]*/gu;

// Function words that are frequent in English and rare in other Latin-script
// languages: a fragment with none of them is not English prose.
const ENGLISH_MARKERS = new Set(
  (
    'the and you your to of for with is are this that these those can be see more by from or if when ' +
    'will have has which it its on at we our after before about how what must should only also into ' +
    'than then they their there were was been not use using any each other such may'
  ).split(' '),
);

/** Languages written mostly outside the Latin script: any of their script in a fragment means translated. */
const NON_LATIN_TARGETS = new Set(['zh', 'ja', 'ko', 'ru', 'uk', 'bn', 'hi', 'ar', 'he', 'fa', 'th', 'el', 'bg']);

function count(re: RegExp, text: string): number {
  let n = 0;
  re.lastIndex = 0;
  while (re.exec(text)) n++;
  return n;
}

/** Language of a prose fragment for a page whose locale speaks `target` (ISO 639-1). */
export function detectLanguage(text: string, target: string): DetectedLanguage {
  const letters = count(LETTER, text);
  if (letters < 8) return { lang: null, confidence: 0 };
  const latin = count(LATIN, text);
  // Short fragments ("Enterprise", "OAuth App") say little about their language.
  const lengthFactor = Math.min(1, letters / 40);

  if (NON_LATIN_TARGETS.has(target)) {
    if (latin / letters < 0.7) return { lang: target, confidence: round(0.6 + 0.4 * (1 - latin / letters)) };
  }
  if (target !== 'en') {
    const words = text.toLowerCase().match(WORD) ?? [];
    if (words.length >= 3 && !words.some((w) => ENGLISH_MARKERS.has(w))) {
      return { lang: NON_LATIN_TARGETS.has(target) ? null : target, confidence: round(0.5 * lengthFactor) };
    }
  }
  const result = detectorFor(target).detect(text);
  const lang = result.language || null;
  if (!lang) return { lang: null, confidence: 0 };
  const scores = result.getScores() as Record<string, number>;
  const sorted = Object.values(scores).sort((a, b) => b - a);
  const top = sorted[0] ?? 0;
  const margin = top - (sorted[1] ?? 0);
  const reliable = result.isReliable() ? 1 : 0.5;
  return { lang, confidence: round(Math.min(1, (0.5 * top + margin) * reliable * lengthFactor * 1.5)) };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** ISO 639-1 language of a locale code: `ja-JP` → `ja`, `zh-cn` → `zh`, `pt-BR` → `pt`. */
export function languageOfLocale(locale: string): string {
  return locale.toLowerCase().split(/[-_]/)[0] ?? locale;
}
