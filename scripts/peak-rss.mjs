// The peak RSS of this process since it started its program (threads included), in MB.
//
// Not `process.resourceUsage().maxRSS`: Linux keeps a process's peak across exec, so a child
// spawned from a large process (a bench or a vitest worker holding a few hundred MB) reported
// its parent's RSS at the fork whenever that was larger than its own peak. Node spawns with
// fork + exec: an index that peaked at ~320 MB read 408-507 MB in CI runs of the memory test.
// /proc/self/status's VmHWM is the high-water mark of this program's own address space.
import fs from 'node:fs';

export function peakRssMb() {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]) / 1024;
  } catch {
    // Not Linux: getrusage is all there is (an overstatement at worst, never an understatement).
  }
  return process.resourceUsage().maxRSS / 1024;
}
