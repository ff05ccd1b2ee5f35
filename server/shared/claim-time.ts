/**
 * How a claim's expiry reads, in one place: the conflict message of the API and the
 * dashboard's "expires in 3 days" both come from here, so they never disagree.
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** Below this much time left a claim is flagged: renew it or it frees the article. */
export const EXPIRY_WARNING_MS = 2 * DAY_MS;

const UTC_FORMAT = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' });

/** "12 Dec, 14:00 UTC": an instant every reader sees alike, whatever their time zone. */
export function utcMoment(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : `${UTC_FORMAT.format(t)} UTC`;
}

const count = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/**
 * "in 5 days", "in 7 hours", "in 12 minutes", or "expired" for time left until `iso`.
 * Rounded down (a claim with 47 hours left is "in 1 day"), minutes rounded up so the
 * last minute is never "in 0 minutes".
 */
export function timeLeft(iso: string, now: Date): string {
  const ms = Date.parse(iso) - now.getTime();
  if (Number.isNaN(ms)) return iso;
  if (ms <= 0) return 'expired';
  if (ms >= DAY_MS) return `in ${count(Math.floor(ms / DAY_MS), 'day')}`;
  if (ms >= HOUR_MS) return `in ${count(Math.floor(ms / HOUR_MS), 'hour')}`;
  return `in ${count(Math.ceil(ms / MINUTE_MS), 'minute')}`;
}

/** True when a claim still active has less than EXPIRY_WARNING_MS left. */
export function expiresSoon(iso: string, now: Date): boolean {
  const ms = Date.parse(iso) - now.getTime();
  return ms > 0 && ms < EXPIRY_WARNING_MS;
}

/** "until 12 Dec, 14:00 UTC (in 5 days)": the conflict message's holder period. */
export function claimedUntil(iso: string, now: Date): string {
  return `until ${utcMoment(iso)} (${timeLeft(iso, now)})`;
}
