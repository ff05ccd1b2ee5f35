import crypto from 'node:crypto';
import { teamWriter, type Db } from '../index.ts';

export type Role = 'manager' | 'translator';

export interface User {
  id: number;
  name: string;
  role: Role;
  locales: string[];
  createdAt: string;
  revokedAt: string | null;
}

interface UserRow {
  id: number;
  name: string;
  role: Role;
  locales_json: string;
  created_at: string;
  revoked_at: string | null;
}

/** Tokens are 32 random bytes; the prefix makes a leaked one easy to recognise in a scan. */
export const TOKEN_PREFIX = 'l10nd_';

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}

function toUser(row: UserRow): User {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    locales: JSON.parse(row.locales_json) as string[],
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

const COLUMNS = 'id, name, role, locales_json, created_at, revoked_at';

export class UsersRepository {
  private readonly stmts;

  constructor(db: Db) {
    // Writes on the team file's own connection (see ClaimsRepository): a re-index never holds its lock.
    const writer = teamWriter(db);
    this.stmts = {
      insert: writer.prepare(`INSERT INTO users (name, role, locales_json, token_hash, created_at) VALUES (?, ?, ?, ?, ?) RETURNING ${COLUMNS}`),
      byHash: db.prepare(`SELECT ${COLUMNS} FROM users WHERE token_hash = ?`),
      byName: db.prepare(`SELECT ${COLUMNS} FROM users WHERE name = ?`),
      byId: db.prepare(`SELECT ${COLUMNS} FROM users WHERE id = ?`),
      list: db.prepare(`SELECT ${COLUMNS} FROM users ORDER BY name`),
      revoke: writer.prepare('UPDATE users SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL'),
    };
  }

  /** Creates a user and returns the token; it is shown once and only its hash is stored. */
  add(name: string, role: Role, locales: string[], now: Date): { user: User; token: string } {
    const token = TOKEN_PREFIX + crypto.randomBytes(32).toString('base64url');
    // all(), not get(): get() stops at the returned row and resets the statement, and an error of
    // the autocommit that follows (disk full, a deferred constraint) was lost: a token for no user.
    const [row] = this.stmts.insert.all(name, role, JSON.stringify(locales), hashToken(token), now.toISOString()) as UserRow[];
    if (!row) throw new Error(`user ${name} was not stored`);
    return { user: toUser(row), token };
  }

  /** The user a bearer token belongs to, revoked or not (the caller decides what revoked means). */
  byToken(token: string): User | undefined {
    const row = this.stmts.byHash.get(hashToken(token)) as UserRow | undefined;
    return row && toUser(row);
  }

  byName(name: string): User | undefined {
    const row = this.stmts.byName.get(name) as UserRow | undefined;
    return row && toUser(row);
  }

  byId(id: number): User | undefined {
    const row = this.stmts.byId.get(id) as UserRow | undefined;
    return row && toUser(row);
  }

  list(): User[] {
    return (this.stmts.list.all() as UserRow[]).map(toUser);
  }

  /** Revokes a user's token; false when there is no such active user. */
  revoke(name: string, now: Date): boolean {
    return this.stmts.revoke.run(now.toISOString(), name).changes > 0;
  }
}
