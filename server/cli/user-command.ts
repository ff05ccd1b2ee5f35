import { parseArgs } from 'node:util';
import { openDb } from '../../db/index.ts';
import { UsersRepository, type Role } from '../../db/repositories/users.ts';
import { loadConfig } from '../config.ts';
import { COMMON_OPTIONS, UsageError, type CommandIO } from './context.ts';

export const USER_HELP = `Usage:
  l10n-drift user add --name NAME --role manager|translator [--locales ja-JP,zh-CN]
  l10n-drift user list
  l10n-drift user revoke --name NAME
Options: --config FILE, --db FILE

add prints the new user's bearer token once; only its SHA-256 hash is stored.
Translators claim articles only in their locales; managers re-index and release any claim.`;

const LOCALE = /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/;
const NAME = /^[\p{L}\p{N}._@-]{1,100}$/u;

export async function userCommand(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...COMMON_OPTIONS, name: { type: 'string' }, role: { type: 'string' }, locales: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [action, ...extra] = positionals;
  if (values.help || !action) {
    io.stdout.write(USER_HELP + '\n');
    return values.help ? 0 : 2;
  }
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const config = loadConfig({ ...(values.config ? { config: values.config } : {}), ...(values.db ? { db: values.db } : {}), cwd: io.cwd });
  const db = openDb(config.db);
  try {
    const users = new UsersRepository(db);
    const now = new Date();
    switch (action) {
      case 'add': {
        const name = values.name;
        if (!name || !NAME.test(name)) throw new UsageError('--name is required: letters, digits, . _ @ - (at most 100)');
        const role = values.role as Role | undefined;
        if (role !== 'manager' && role !== 'translator') throw new UsageError('--role must be manager or translator');
        const locales = (values.locales ?? '')
          .split(',')
          .map((l) => l.trim())
          .filter(Boolean);
        const bad = locales.find((l) => !LOCALE.test(l));
        if (bad) throw new UsageError(`--locales: "${bad}" is not a locale code (like ja-JP)`);
        if (role === 'translator' && locales.length === 0) throw new UsageError('a translator needs --locales (like --locales ja-JP,zh-CN)');
        if (users.byName(name)) throw new UsageError(`a user named "${name}" exists; revoke it or pick another name`);
        let added;
        try {
          added = users.add(name, role, locales, now);
        } catch (err) {
          io.stderr.write(`l10n-drift user: ${name} was not stored in ${config.db}: ${(err as Error).message}; no token was issued\n`);
          return 1;
        }
        const { user, token } = added;
        // The token is printed only once the user can be read back by another connection (as the server will).
        const check = openDb(config.db, { readonly: true, migrate: false });
        let stored;
        try {
          stored = new UsersRepository(check).byToken(token);
        } finally {
          check.close();
        }
        if (!stored || stored.id !== user.id || stored.name !== name || stored.role !== role) {
          io.stderr.write(`l10n-drift user: ${name} was not stored in ${config.db} (is the disk full or the file read-only?); no token was issued\n`);
          return 1;
        }
        io.stdout.write(`Added ${user.role} ${user.name}${user.locales.length ? ` (${user.locales.join(', ')})` : ''}.\n`);
        io.stdout.write(`Token (shown once; send it as "Authorization: Bearer <token>"):\n${token}\n`);
        return 0;
      }
      case 'list': {
        const all = users.list();
        if (!all.length) io.stdout.write('No users. Add one with `l10n-drift user add`.\n');
        for (const u of all) {
          io.stdout.write(`${u.id}\t${u.name}\t${u.role}\t${u.locales.join(',') || '-'}\t${u.revokedAt ? `revoked ${u.revokedAt}` : 'active'}\n`);
        }
        return 0;
      }
      case 'revoke': {
        if (!values.name) throw new UsageError('--name is required');
        if (!users.revoke(values.name, now)) {
          io.stderr.write(`l10n-drift user: no active user named "${values.name}"\n`);
          return 1;
        }
        io.stdout.write(`Revoked ${values.name}'s token.\n`);
        return 0;
      }
      default:
        throw new UsageError(`unknown action "${action}" (add, list or revoke)`);
    }
  } finally {
    db.close();
  }
}
