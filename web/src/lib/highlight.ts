/** Splits text into plain and marked runs; rendered as text nodes, never as HTML. */
export interface Mark {
  needle: string;
  kind: 'fallback' | 'link' | 'broken';
  note?: string;
  findingId?: number;
}

export interface Segment {
  text: string;
  mark: Mark | null;
}

export function segments(text: string, marks: Mark[]): Segment[] {
  const hits: { start: number; end: number; mark: Mark }[] = [];
  for (const mark of marks) {
    if (!mark.needle) continue;
    let from = 0;
    for (;;) {
      const at = text.indexOf(mark.needle, from);
      if (at === -1) break;
      const end = at + mark.needle.length;
      if (!hits.some((h) => at < h.end && end > h.start)) hits.push({ start: at, end, mark });
      from = end;
    }
  }
  hits.sort((a, b) => a.start - b.start);
  const out: Segment[] = [];
  let pos = 0;
  for (const h of hits) {
    if (h.start > pos) out.push({ text: text.slice(pos, h.start), mark: null });
    out.push({ text: text.slice(h.start, h.end), mark: h.mark });
    pos = h.end;
  }
  if (pos < text.length) out.push({ text: text.slice(pos), mark: null });
  return out;
}

/** The first string among these data fields, if any (finding data is free-form per check). */
export function dataString(data: Record<string, unknown>, ...fields: string[]): string | null {
  for (const f of fields) {
    const v = data[f];
    if (typeof v === 'string' && v.length > 0) return v;
  }
  return null;
}

export function stringList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value === 'string') return [value];
  return [];
}

/** Compact display of a frontmatter value. */
export function show(value: unknown): string {
  if (value === undefined) return '(missing)';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
