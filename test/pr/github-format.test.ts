import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, githubAnnotation } from '../../server/output/github.ts';

describe('GitHub workflow-command annotations', () => {
  it('escape as the Actions toolkit does: %, CR, LF in data; also : and , in properties', () => {
    expect(escapeData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
  });

  it('one line per finding whatever the message, file or title holds', () => {
    const line = githubAnnotation({
      severity: 'error',
      file: 'translations/ja-JP/a,b:c.md',
      line: 12,
      title: 'l10n-drift broken-link (ja-JP)',
      message: 'Line one\nLine two\r\n::error::forged',
    });
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toBe('::error file=translations/ja-JP/a%2Cb%3Ac.md,line=12,title=l10n-drift broken-link (ja-JP)::Line one%0ALine two%0D%0A::error::forged');
    // Severity maps to the three annotation levels; a finding on no file has no file or line.
    expect(githubAnnotation({ severity: 'info', file: null, line: 3, title: 't', message: 'm' })).toBe('::notice title=t::m');
    expect(githubAnnotation({ severity: 'warning', file: 'x.md', line: null, title: 't', message: 'm' })).toBe('::warning file=x.md,title=t::m');
  });
});
