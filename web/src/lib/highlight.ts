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
