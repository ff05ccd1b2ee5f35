import type { Log } from 'sarif';
import { SarifBuilder, SarifResultBuilder, SarifRuleBuilder, SarifRunBuilder } from 'node-sarif-builder';
import { CHECKS } from '../checks/registry.ts';

/** One SARIF result: a finding on a file of the repository. */
export interface SarifItem {
  check: string;
  severity: string;
  message: string;
  /** Path relative to the repository's top folder (forward slashes), or null. */
  file: string | null;
  line: number | null;
  fingerprint: string;
}

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

/**
 * SARIF 2.1.0 for code-scanning uploads (built with node-sarif-builder): one rule per check
 * with its one-line doc, one result per finding with its file and line, and the finding's
 * fingerprint as a partial fingerprint so code scanning follows it across runs as we do.
 */
export function renderSarif(items: SarifItem[], version: string): Log {
  const run = new SarifRunBuilder().initSimple({ toolDriverName: 'l10n-drift', toolDriverVersion: version });
  for (const c of CHECKS) run.addRule(new SarifRuleBuilder().initSimple({ ruleId: c.id, shortDescriptionText: c.docs }));
  for (const f of items) {
    const result = new SarifResultBuilder().initSimple({
      level: LEVEL[f.severity as keyof typeof LEVEL] ?? 'warning',
      messageText: f.message,
      ruleId: f.check,
      ...(f.file ? { fileUri: encodeURI(f.file) } : {}),
      ...(f.file && f.line ? { startLine: f.line } : {}),
    });
    result.result.partialFingerprints = { 'l10nDrift/v1': f.fingerprint };
    run.addResult(result);
  }
  const builder = new SarifBuilder();
  builder.addRun(run);
  return builder.buildSarifOutput();
}
