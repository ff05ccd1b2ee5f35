import { excluder } from './lib/exclude.ts';
import crypto from 'node:crypto';
import type { CheckSettingValue, Config } from '../config.ts';
import { formatMessage, type CheckContext, type CheckDefinition } from './define.ts';
import type { LoadedSite } from './lib/site.ts';
import { pairFiles, type PairedFile } from '../shared/pairing.ts';
import { pairedEnglishKey } from '../shared/documents.ts';
import type { CheckDocument, Finding, Severity } from './types.ts';
import type { CheckedFinding } from '../shared/findings.ts';

export type { CheckedFinding } from '../shared/findings.ts';

/** What evaluateChecks counted: findings in all, and per locale and check. */
export interface Evaluation {
  findings: number;
  counts: Record<string, Record<string, number>>;
}

/** Fingerprint of a finding: the same problem in the same article keeps it across runs and unrelated edits. */
export function fingerprint(check: string, locale: string, key: string, stable: string): string {
  // One-shot hash: no Hash object per finding (200k+ per run on a large site); same digest.
  return crypto.hash('sha1', `${check}\0${locale}\0${key}\0${stable}`, 'hex').slice(0, 24);
}

/** The severity config gives a check in a locale, or null when the check is off there. */
export function effectiveSeverity(setting: CheckSettingValue | undefined, locale: string): Severity | 'default' | null {
  if (setting === undefined) return 'default';
  if (setting === 'off') return null;
  if (typeof setting === 'string') return setting;
  if (setting.enabled === false) return null;
  const perLocale = setting.locales?.[locale];
  if (perLocale === 'off') return null;
  if (perLocale) return perLocale;
  return setting.severity ?? 'default';
}

/**
 * What a check runs as in a locale on this site: the config's setting, else off where the
 * layout turns it off (Layout.checksOff), else its own severity. The check run and /api/checks
 * (which checks the dashboard offers and marks "not checked") both ask this.
 */
export function checkSeverityIn(config: Pick<Config, 'checks' | 'layout'>, checkId: string, locale: string): Severity | 'default' | null {
  return effectiveSeverity(config.checks[checkId] ?? (config.layout.checksOff?.[checkId] ? 'off' : undefined), locale);
}

/**
 * Which pairs an incremental run checks (server/run-checks.ts). A unit is what one locale's
 * findings under one key come from: the pair of the translation filed under that key and the
 * English-page checks that file their findings under it. Its shape names the documents its checks
 * are given (keys and paths), how they are paired and which checks run: a unit whose shape and
 * reads are unchanged finds what it found last time.
 */
export interface CheckPlan {
  /**
   * The keys of a locale's units that may need checking, or undefined for all of them (a locale
   * whose pairing may have changed); an empty set skips the locale.
   */
  keys(locale: string): ReadonlySet<string> | undefined;
  /** Whether to check the unit now (its findings under this key are carried over otherwise). */
  include(locale: string, key: string, shape: string): boolean;
  /** A checked unit and every dependency key its checks read (lib/dependencies.ts). */
  checked(locale: string, key: string, shape: string, reads: ReadonlySet<string>): void;
  /** Every unit of the locale is done (the run may let go of what its documents loaded). */
  done?(locale: string): void;
  /**
   * Tests: a locale looked at in part is also paired whole, and a unit paired otherwise than the
   * whole locale pairs it throws (the part read too little).
   */
  verify?: boolean;
}

/**
 * The files of a locale whose pairing decides the pairing of the `wanted` units (pairFiles pairs
 * a file by the English page it leads to and the other files leading there): each wanted file,
 * and for the English page it leads to and each wanted key English has, the locale's file at that
 * key and at every old key English redirects there. pairFiles over these gives each wanted file
 * the pairing it gets over the whole locale, and each of those English pages the file moved to it.
 * Also those English keys: the English-page units among the wanted ones.
 */
export function partialFiles(
  wanted: ReadonlySet<string>,
  docs: ReadonlyMap<string, CheckDocument>,
  englishKindOf: (key: string) => string | undefined,
  englishRedirect: (fromKey: string) => string | undefined,
  englishRedirectsTo: (toKey: string) => readonly string[],
): { files: CheckDocument[]; englishKeys: string[] } {
  const files = new Map<string, CheckDocument>();
  const englishKeys = new Set<string>();
  const at = (key: string) => {
    const d = docs.get(key);
    if (d) files.set(key, d);
  };
  const page = (englishKey: string) => {
    if (englishKeys.has(englishKey)) return;
    englishKeys.add(englishKey);
    at(englishKey);
    for (const from of englishRedirectsTo(englishKey)) at(from);
  };
  for (const key of [...wanted].sort()) {
    if (englishKindOf(key) !== undefined) page(key);
    const d = docs.get(key);
    if (!d) continue;
    files.set(key, d);
    const to = pairedEnglishKey(key, d.row.kind, englishKindOf, englishRedirect);
    if (to !== undefined) page(to);
  }
  return { files: [...files.values()], englishKeys: [...englishKeys] };
}

function verifyPartial(
  locale: string,
  wanted: ReadonlySet<string>,
  docs: ReadonlyMap<string, CheckDocument>,
  part: ReadonlyMap<string, PairedFile>,
  whole: ReadonlyMap<string, PairedFile>,
): void {
  const moved = (m: ReadonlyMap<string, PairedFile>) => new Map([...m].filter(([, p]) => p.pairing === 'moved').map(([k, p]) => [p.englishKey, k]));
  const [movedPart, movedWhole] = [moved(part), moved(whole)];
  for (const key of wanted) {
    if (docs.has(key) && JSON.stringify(part.get(key)) !== JSON.stringify(whole.get(key))) {
      throw new Error(`partial pairing of ${locale} ${key}: ${JSON.stringify(part.get(key))}, the whole locale pairs it ${JSON.stringify(whole.get(key))}`);
    }
    if (movedPart.get(key) !== movedWhole.get(key))
      throw new Error(`partial pairing of ${locale}: ${key} has ${movedPart.get(key)} moved to it, the whole locale ${movedWhole.get(key)}`);
  }
}

/**
 * Runs every enabled check for every translation locale over a loaded site (server/run-checks.ts
 * loads it from the index and stores what this emits; the check test harness builds it in
 * memory and collects it). Pure: no database, each finding handed to `sink` as it is found.
 * With a `plan`, only the units it includes are checked (and the site's lookups must carry a
 * dependency tracker, which records what each of them reads).
 */
export function evaluateChecks(
  site: LoadedSite,
  config: Pick<Config, 'checks' | 'layout' | 'exclude' | 'excludePreset'>,
  now: Date,
  checks: readonly CheckDefinition[],
  sink: (f: CheckedFinding) => void,
  plan?: CheckPlan,
): Evaluation {
  const { lookups } = site;
  const tracker = lookups.tracker;
  const source = lookups.sourceLocale;
  const english = site.documents.get(source) ?? new Map<string, CheckDocument>();
  const counts: Record<string, Record<string, number>> = {};
  let found = 0;

  const emit = (check: CheckDefinition, severity: Severity | 'default', ctx: CheckContext, findings: Finding[]) => {
    if (findings.length === 0) return; // most pairs pass most checks: allocate nothing for them
    const doc = ctx.translation ?? ctx.english;
    const path = doc?.row.path ?? null;
    const byCheck = (counts[ctx.locale] ??= {});
    byCheck[check.id] = (byCheck[check.id] ?? 0) + findings.length;
    // The same problem twice in one article (one outdated link used twice) gets #2, #3 …
    const occurrences = findings.length > 1 ? new Map<string, number>() : null;
    for (const f of findings) {
      const n = occurrences ? (occurrences.get(f.stable) ?? 0) + 1 : 1;
      occurrences?.set(f.stable, n);
      found++;
      sink({
        fingerprint: fingerprint(check.id, ctx.locale, ctx.findingKey ?? ctx.key, n > 1 ? `${f.stable}#${n}` : f.stable),
        locale: ctx.locale,
        key: ctx.key,
        path,
        check_id: check.id,
        message_id: f.messageId,
        severity: severity === 'default' ? (f.severity ?? check.severity) : severity,
        message: formatMessage(check.messages[f.messageId] ?? f.messageId, f.data),
        data_json: JSON.stringify(f.data),
        line: f.line ?? null,
        section: f.section ?? null,
      });
    }
  };

  // Paths a team chose not to check (config `exclude`) and generated pages of the layout's preset.
  const excluded = excluder([...(config.excludePreset === false ? [] : (config.layout.exclude ?? [])), ...(config.exclude ?? [])]);
  const runOne = (check: CheckDefinition, severity: Severity | 'default', ctx: CheckContext) => {
    if (excluded(check.id, ctx.locale, ctx.key)) return;
    emit(check, severity, ctx, check.run(ctx));
  };

  const checkLocale = (locale: string) => {
    const docs = site.documents.get(locale) ?? new Map<string, CheckDocument>();
    const isSource = locale === source;
    const enabled = checks
      .map((check) => ({ check, severity: checkSeverityIn(config, check.id, locale) }))
      .filter((c): c is { check: CheckDefinition; severity: Severity | 'default' } => c.severity !== null)
      // The source locale only gets document-level checks (its own parse errors).
      .filter((c) => !isSource || c.check.scope === 'document');
    if (enabled.length === 0) return;
    const wanted = plan?.keys(locale);
    if (wanted && wanted.size === 0) return;

    // English key → translation filed under an old key that English redirects to it.
    const movedHere = new Map<string, CheckDocument>();
    const pairs: {
      key: string;
      translation: CheckDocument;
      english: CheckDocument | null;
      unserved: false | 'leftover' | 'orphan';
      pairedWith?: CheckDocument;
    }[] = [];
    const englishKindOf = (k: string) => english.get(k)?.row.kind;
    // A locale looked at in part (some units): only the files whose pairing decides those units'
    // (lib: partialFiles), so a run of a few pairs reads a few rows, not the locale's.
    const partial =
      wanted && lookups.englishRedirectsTo ? partialFiles(wanted, docs, englishKindOf, lookups.englishRedirect, lookups.englishRedirectsTo) : null;
    const files = partial ? partial.files : [...docs.values()];
    const pairRows = (list: CheckDocument[]) =>
      pairFiles(
        list.map((d) => d.row),
        englishKindOf,
        lookups.englishRedirect,
        lookups.englishRedirectRank,
      );
    const paired = isSource ? null : pairRows(files);
    if (partial && paired && plan?.verify) verifyPartial(locale, wanted!, docs, paired, pairRows([...docs.values()]));
    for (const translation of files) {
      const key = translation.row.key;
      const p = paired?.get(key) ?? { englishKey: key, pairing: 'own' as const };
      const englishDoc = p.englishKey !== null ? (english.get(p.englishKey) ?? null) : null;
      if (p.pairing === 'moved') movedHere.set(p.englishKey!, translation);
      // A file no reader gets: an old copy beside the page's translation (a leftover) or, on a
      // site that serves translations only at English pages' keys, an orphan. Only checks that
      // tell to delete it look at it (and, for an orphan, the file's own checks: parse errors).
      const unserved =
        p.pairing === 'leftover'
          ? 'leftover'
          : p.pairing === 'orphan' && config.layout.servesOnlyEnglishKeys === true && translation.row.kind === 'page'
            ? 'orphan'
            : false;
      const pairedWith = p.pairedKey !== undefined ? docs.get(p.pairedKey) : undefined;
      pairs.push({ key, translation, english: englishDoc, unserved, ...(pairedWith ? { pairedWith } : {}) });
    }

    const perEnglishPage = enabled.filter((c) => c.check.scope === 'english');
    const perPair = enabled.filter((c) => c.check.scope !== 'english');
    const perLeftover = perPair.filter((c) => c.check.leftovers === true);
    const perUnservedOrphan = perPair.filter((c) => c.check.leftovers === true || c.check.scope === 'document');
    // Every check context of the locale grouped by the key its findings are filed under (a unit).
    const units = new Map<string, { ctx: CheckContext; run: typeof enabled; part: string }[]>();
    const add = (ctx: CheckContext, run: typeof enabled, part: string) => {
      const list = units.get(ctx.key);
      if (list) list.push({ ctx, run, part });
      else units.set(ctx.key, [{ ctx, run, part }]);
    };
    const ids = (run: typeof enabled) => run.map((c) => c.check.id).join(',');
    const row = (d: CheckDocument | null | undefined) => (d ? `${d.row.key}\t${d.row.path}\t${d.row.kind}` : '-');
    if (perEnglishPage.length > 0) {
      const englishIds = ids(perEnglishPage);
      // In part: the English pages whose unit is a wanted one (their own key, or the page a wanted file moved to).
      const englishPages = partial ? partial.englishKeys.flatMap((k) => (english.has(k) ? [[k, english.get(k)!] as const] : [])) : english;
      for (const [key, englishDoc] of englishPages) {
        const translation = docs.get(key) ?? movedHere.get(key) ?? null;
        if (wanted && !wanted.has(translation ? translation.row.key : key)) continue;
        const ctx: CheckContext = {
          locale,
          key: translation ? translation.row.key : key,
          findingKey: key,
          english: englishDoc,
          translation,
          site: lookups,
          now,
        };
        add(ctx, perEnglishPage, plan ? `E\t${row(englishDoc)}\t${row(translation)}\t${englishIds}` : '');
      }
    }
    // One context per pair, shared by its checks (they only read it).
    for (const p of pairs) {
      if (wanted && !wanted.has(p.key)) continue;
      // A translation left at a moved page's old key is that page's translation: its findings keep
      // their fingerprints when it moves to the new key (l10n-drift fix), so only the move's own resolve.
      const findingKey = p.english && !p.unserved && movedHere.get(p.english.row.key) === p.translation ? p.english.row.key : undefined;
      const ctx: CheckContext = {
        locale,
        key: p.key,
        ...(findingKey ? { findingKey } : {}),
        english: p.english,
        translation: p.translation,
        site: lookups,
        now,
        ...(p.pairedWith ? { pairedWith: p.pairedWith } : {}),
      };
      const run = p.unserved === 'leftover' ? perLeftover : p.unserved === 'orphan' ? perUnservedOrphan : perPair;
      if (run.length === 0) continue;
      add(ctx, run, plan ? `P\t${row(p.english)}\t${row(p.translation)}\t${row(p.pairedWith)}\t${findingKey ?? ''}\t${ids(run)}` : '');
    }
    for (const [key, list] of units) {
      const shape = plan ? list.map((u) => u.part).join('\n') : '';
      if (plan && !plan.include(locale, key, shape)) continue;
      tracker?.begin();
      for (const { ctx, run } of list) {
        // The documents a context is given are read whatever the checks look at.
        if (tracker) for (const d of [ctx.english, ctx.translation, ctx.pairedWith]) if (d) tracker.readAt('doc', d.row.locale, d.row.key);
        for (const { check, severity } of run) runOne(check, severity, ctx);
      }
      const reads = tracker?.end();
      if (plan) plan.checked(locale, key, shape, reads ?? new Set());
    }
  };

  for (const locale of [source, ...site.locales]) {
    checkLocale(locale);
    plan?.done?.(locale);
  }
  return { findings: found, counts };
}
