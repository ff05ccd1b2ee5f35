import { parseArgs } from 'node:util';
import { listen } from '../main.ts';
import { followSite } from '../watch/follow.ts';
import { COMMON_OPTIONS, openContext, UsageError, type CommandIO } from './context.ts';
import { indexAndCheck } from './index-command.ts';

export const SERVE_HELP = `Usage: l10n-drift serve [--index] [--watch] [--host H] [--port N] [--config FILE] [--root DIR] [--db FILE]

Serves the dashboard and the API. --index indexes the site first. --watch follows the site
folder: a saved file (or a git pull) re-indexes it, and open dashboards refresh.
Port: --port, else $PORT, else the config's server.port (4173).`;

export async function serveCommand(argv: string[], io: CommandIO): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { ...COMMON_OPTIONS, index: { type: 'boolean' }, watch: { type: 'boolean' }, host: { type: 'string' }, port: { type: 'string' } },
    strict: true,
  });
  if (values.help) {
    io.stdout.write(SERVE_HELP + '\n');
    return 0;
  }
  const portText = values.port ?? io.env.PORT;
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new UsageError(`port must be an integer 0-65535 (got "${portText}")`);
  const { config, db } = openContext(values, io);
  if (values.index) await indexAndCheck(config, db, io, { quiet: false, checks: true });
  const { app, url } = await listen({
    db,
    config,
    logger: { level: io.env.LOG_LEVEL ?? 'warn' },
    ...(values.host ? { host: values.host } : {}),
    ...(port !== undefined ? { port } : {}),
  });
  io.stdout.write(`l10n-drift dashboard: ${url}/\n`);
  // Without --index, a first run catches up with what changed while no server was watching.
  const follower = values.watch ? followSite(app, config, { catchUp: !values.index }) : null;
  if (follower) io.stdout.write(`Watching ${follower.folders} folders of ${config.root}\n`);
  if (!/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(url)) {
    io.stdout.write('Reads from other machines need a token too; writes always do (l10n-drift user add).\n');
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  follower?.close();
  await app.close();
  db.close();
  return 0;
}
