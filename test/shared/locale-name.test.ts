import { describe, expect, it } from 'vitest';
import { localeLabel, localeName } from '../../server/shared/locale-name.ts';

describe('localeName', () => {
  it('names the locales of every layout, whatever their case', () => {
    // GitHub Docs, Kubernetes and MDN spellings.
    expect(localeName('ja-JP')).toBe('Japanese (Japan)');
    expect(localeName('zh-CN')).toBe('Chinese (China)');
    expect(localeName('zh-cn')).toBe('Chinese (China)');
    expect(localeName('pt-br')).toBe('Brazilian Portuguese');
    expect(localeName('ko')).toBe('Korean');
    expect(localeName('zh-tw')).toBe('Chinese (Taiwan)');
  });

  it('gives null for a code that names no language, and the label is then the code alone', () => {
    expect(localeName('xx-YY')).toBeNull();
    expect(localeName('not a locale')).toBeNull();
    expect(localeLabel('xx-YY')).toBe('xx-YY');
    expect(localeLabel('de-DE')).toBe('de-DE German (Germany)');
  });
});
