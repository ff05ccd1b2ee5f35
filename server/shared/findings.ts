/** How bad a finding is. */
export type Severity = 'error' | 'warning' | 'info';

/**
 * A finding as a check run produces it and the findings repository stores it: fingerprinted,
 * its message formatted, its data as JSON (server/checks/run.ts makes it, db/repositories/findings.ts
 * matches it with what is stored).
 */
export interface CheckedFinding {
  fingerprint: string;
  locale: string;
  key: string;
  path: string | null;
  check_id: string;
  message_id: string;
  severity: Severity;
  message: string;
  data_json: string;
  line: number | null;
  section: number | null;
}
