import fp from 'fastify-plugin';
import { HttpError } from './errors.ts';

/** Names a loopback server is reached by, whatever the config says. */
export const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

export interface AllowedHostsOptions {
  /** Host names (any port) or host:port pairs (that port only), as in a Host header. */
  allowedHosts: readonly string[];
}

/** "LocalHost:4173" → { name: "localhost", port: "4173" }; an IPv6 literal keeps its brackets. */
function splitHost(value: string): { name: string; port: string | null } {
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]*)(?::(\d{1,5}))?$/i.exec(value.trim());
  if (!m) return { name: '', port: null };
  return { name: m[1]!.toLowerCase().replace(/\.$/, ''), port: m[2] ?? null };
}

/** The hosts a server answers for: the loopback names and the configured host, plus the config's list. */
export function allowedHostList(server: { host: string; allowedHosts?: readonly string[] | null }): string[] {
  const configured = splitHost(server.host.includes(':') && !server.host.startsWith('[') ? `[${server.host}]` : server.host).name;
  // A wildcard bind address is no name a browser sends.
  const named = configured && !['0.0.0.0', '[::]'].includes(configured) ? [configured] : [];
  return [...new Set([...LOOPBACK_HOSTS, ...named, ...(server.allowedHosts ?? [])])];
}

/** Whether a Host header names this server: an entry without a port allows any port. */
export function isAllowedHost(header: string | undefined, allowed: readonly string[]): boolean {
  if (!header) return false;
  const host = splitHost(header);
  if (!host.name) return false;
  return allowed.some((entry) => {
    const a = splitHost(entry);
    return a.name === host.name && (a.port === null || a.port === host.port);
  });
}

/**
 * Refuses requests whose Host header names another site (DNS rebinding: a page on
 * evil.example whose name now resolves to 127.0.0.1 would otherwise read the API as same-origin).
 */
export const allowedHostsPlugin = fp<AllowedHostsOptions>(async (app, options) => {
  const allowed = [...options.allowedHosts];
  app.addHook('onRequest', async (request) => {
    const header = request.headers.host;
    if (isAllowedHost(header, allowed)) return;
    throw new HttpError(
      421,
      `This server does not answer for host "${String(header ?? '').slice(0, 100)}"; allowed: ${allowed.join(', ')} (config server.allowedHosts)`,
    );
  });
});
