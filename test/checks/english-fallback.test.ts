import { describe, it } from 'vitest';
import { ARTICLE_FILE, edit, expectCase, readSample, seed, type CheckCase } from './helpers.ts';

const cases: CheckCase[] = [
  {
    name: 'valid: seed 003 (de-DE) with its English first paragraph translated',
    locale: 'de-DE',
    files: { [ARTICLE_FILE]: edit(seed('003'), /After you enable license synchronization[^\n]*weekly\. /, 'Nach der Aktivierung der Lizenzsynchronisierung können Sie die Lizenznutzung für Ihr gesamtes Unternehmenskonto anzeigen. ') },
    expect: [],
  },
  {
    name: 'invalid: seed 000 (zh-CN) "For more information, see …" sentences inside Chinese paragraphs',
    locale: 'zh-CN',
    files: { [ARTICLE_FILE]: seed('000') },
    expect: ['sentence Sentence is still English: "For more information, see "Managing your license for', 'sentence Sentence is still English: "For more information, see "Connecting your enterprise account to', 'sentence Sentence is still English: "For more information, see "Connecting your enterprise account to'],
  },
  {
    name: 'invalid: seed 004 (es-ES) whole English paragraphs and the sentence before "Para obtener más información"',
    locale: 'es-ES',
    files: { [ARTICLE_FILE]: seed('004') },
    expect: ['paragraph Paragraph is still English: "For more information, see "About', 'paragraph Paragraph is still English: "If you enable automatic user license sync', 'paragraph Paragraph is still English: "If you use multiple', 'sentence Sentence is still English: "Before enabling license synchronization'],
    forbid: ['También', 'Para obtener'],
  },
  {
    name: 'invalid in any locale: a paragraph equal to English (English page filed as fr-FR)',
    locale: 'fr-FR',
    files: { [ARTICLE_FILE]: edit(readSample(ARTICLE_FILE), /^## About automatic license synchronization\n[\s\S]*?(?=## Enabling)/m, '## À propos\n\nIf you use multiple {% data variables.product.prodname_ghe_server %} instances, you can enable automatic license sync between each of your instances and the same enterprise account on {% data variables.product.prodname_ghe_cloud %}.\n\n') },
    expect: ['equal Paragraph is the English text "If you use multiple', 'equal Paragraph is the English text "Before enabling license synchronization', 'equal Paragraph is the English text "To the right of'],
  },
];

describe('english-fallback', () => {
  it.each(cases)('$name', (c) => expectCase('english-fallback', c));
});
