/** Splits a section's Markdown source into display blocks (paragraphs, lists, fences) with their file lines. */
import type { SectionView } from './types';

export interface Block {
  line: number;
  endLine: number;
  text: string;
  code: boolean;
}

export function sectionBlocks(section: SectionView): Block[] {
  const lines = section.source.split('\n');
  const out: Block[] = [];
  let start = 0;
  // The heading line is shown separately.
  if (section.level > 0 && /^\s{0,3}#{1,6}\s/.test(lines[0] ?? '')) start = 1;
  let current: string[] = [];
  let currentStart = -1;
  let fence: string | null = null;
  const flush = (endIndex: number, code: boolean) => {
    if (current.length > 0 && current.some((l) => l.trim() !== '')) {
      out.push({ line: section.line + currentStart, endLine: section.line + endIndex, text: current.join('\n'), code });
    }
    current = [];
    currentStart = -1;
  };
  for (let i = start; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1] ?? null;
    if (fence !== null) {
      current.push(line);
      if (marker !== null && marker[0] === fence[0] && marker.length >= fence.length) {
        flush(i, true);
        fence = null;
      }
      continue;
    }
    if (marker !== null) {
      flush(i - 1, false);
      fence = marker;
      currentStart = i;
      current.push(line);
      continue;
    }
    if (line.trim() === '') {
      flush(i - 1, false);
      continue;
    }
    if (currentStart === -1) currentStart = i;
    current.push(line);
  }
  flush(lines.length - 1, fence !== null);
  return out;
}
