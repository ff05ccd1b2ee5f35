import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CONFIG_FILE, resolveConfig } from '../config.ts';
import { detectLayout, presets } from '../layouts/index.ts';
import { UsageError, type CommandIO } from './context.ts';

const HELP = `Usage: l10n-drift init [--layout <${presets.map((p) => p.name).join('|')}>] [--source-root <dir>] [--force]

Detects the site layout of the current folder and writes a starter ${CONFIG_FILE}.
  --layout        use this preset instead of detecting one
  --source-root   English source in another repository (mdn: the mdn/content clone)
  --force         overwrite an existing ${CONFIG_FILE}`;

/** The starter config for a folder: its layout, every locale found, and the preset's notes. */
export function starterConfig(dir: string, layoutName: string, sourceRoot?: string): Record<string, unknown> {
  const config: Record<string, unknown> = {
    layout: layoutName,
    root: '.',
    db: '.l10n-drift/drift.db',
  };
  if (sourceRoot) config.sourceRoot = path.relative(dir, path.resolve(dir, sourceRoot)) || '.';
  // Validate what we write with the same rules `index` applies, so the starter never fails to load.
  const resolved = resolveConfig(config, dir);
  config.locales = resolved.layout.discoverLocales(resolved.root);
  // The preset's frontmatter lists, written out so a site sees (and can edit) what is compared.
  const fm = resolved.layout.frontmatter;
  config.frontmatter = { mustMatch: [...fm.mustMatch], inherited: [...fm.inherited], translated: [...fm.translated], content: [...fm.content] };
  return config;
}

export async function initCommand(argv: string[], io: CommandIO): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { layout: { type: 'string' }, 'source-root': { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: false,
    strict: true,
  });
  if (values.help) {
    io.stdout.write(HELP + '\n');
    return 0;
  }
  const file = path.join(io.cwd, CONFIG_FILE);
  if (fs.existsSync(file) && !values.force) {
    io.stderr.write(`l10n-drift init: ${CONFIG_FILE} already exists here; pass --force to overwrite it\n`);
    return 1;
  }
  let layout = values.layout;
  if (layout && !presets.some((p) => p.name === layout)) throw new UsageError(`unknown layout "${layout}" (known: ${presets.map((p) => p.name).join(', ')})`);
  if (!layout) {
    const found = detectLayout(io.cwd);
    if (!found) {
      io.stderr.write(`l10n-drift init: no known layout in ${io.cwd} (looked for ${presets.map((p) => p.name).join(', ')}); pass --layout\n`);
      return 1;
    }
    layout = found.name;
  }
  const config = starterConfig(io.cwd, layout, values['source-root']);
  fs.writeFileSync(file, JSON.stringify(config, null, 2) + '\n');
  const locales = config.locales as string[];
  io.stdout.write(
    `Wrote ${CONFIG_FILE}: layout ${layout}, ${locales.length} locale${locales.length === 1 ? '' : 's'} (${locales.join(', ') || 'none yet'}).\n`,
  );
  if (layout === 'mdn' && !values['source-root'] && !fs.existsSync(path.join(io.cwd, 'files', 'en-us'))) {
    io.stdout.write('English (files/en-us) is not here: set "sourceRoot" to your mdn/content clone.\n');
  }
  return 0;
}
