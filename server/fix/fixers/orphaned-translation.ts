import type { FixResult, Fixer } from '../types.ts';

/**
 * orphaned-translation: a translation left at a moved page's old path moves to the path
 * English's page has in the locale (`moved`, `formerKey`); a leftover copy, whose page the
 * locale translated again at the new path, is deleted (`leftover`, `formerKeyLeftover`).
 * The file's text is not changed. A page English deleted (`gone`) needs a person.
 */
export default {
  check: 'orphaned-translation',
  fixable: ['moved', 'formerKey', 'leftover', 'formerKeyLeftover'],
  fix({ findings }) {
    return findings.map((f): FixResult => {
      if (f.message_id === 'leftover' || f.message_id === 'formerKeyLeftover') return { kind: 'delete' };
      const to = f.data.suggestionPath;
      if (typeof to !== 'string' || to === '' || to.startsWith('/') || to.split('/').includes('..')) return { kind: 'skip', reason: 'no path to move to' };
      return { kind: 'move', to };
    });
  },
} satisfies Fixer;
