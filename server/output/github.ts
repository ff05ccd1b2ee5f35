/**
 * GitHub Actions workflow commands (`::warning file=…,line=…::message`), one line per
 * finding, escaped as the Actions toolkit does (`@actions/core` command.ts): in data `%`,
 * CR and LF; in a property value also `:` and `,`.
 */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const LEVEL: Record<string, string> = { error: 'error', warning: 'warning', info: 'notice' };

export interface Annotation {
  severity: string;
  /** Path relative to the repository's top folder, or null for a finding on no file. */
  file: string | null;
  line: number | null;
  title: string;
  message: string;
}

export function githubAnnotation(a: Annotation): string {
  const props = [...(a.file ? [`file=${escapeProperty(a.file)}`] : []), ...(a.file && a.line ? [`line=${a.line}`] : []), `title=${escapeProperty(a.title)}`];
  return `::${LEVEL[a.severity] ?? 'warning'} ${props.join(',')}::${escapeData(a.message)}`;
}
