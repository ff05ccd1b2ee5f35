/** ISO 8601 weeks (Monday to Sunday) in an IANA time zone, as instants for comparing stored ISO timestamps. */

export class WeekError extends Error {
  override name = 'WeekError';
}

export interface IsoWeek {
  /** `2026-W47` */
  id: string;
  year: number;
  week: number;
  /** Monday 00:00 in the time zone, as a UTC instant. */
  start: Date;
  /** The next Monday 00:00 in the time zone (exclusive). */
  end: Date;
  /** Calendar dates of Monday and Sunday (YYYY-MM-DD). */
  firstDay: string;
  lastDay: string;
  timeZone: string;
}

const DAY = 86_400_000;
const WEEK_PATTERN = /^(\d{4})-W(\d{2})$/;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Checks that Intl knows the zone (a config typo would otherwise surface as a RangeError deep inside). */
export function assertTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new WeekError(`unknown time zone "${timeZone}" (config report.timeZone must be an IANA name such as UTC or Europe/Berlin)`);
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock fields of an instant in a zone, as if they were UTC (ms). */
function wallClock(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instant))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return Date.UTC(parts['year']!, parts['month']! - 1, parts['day']!, parts['hour']!, parts['minute']!, parts['second']!);
}

/** The instant of 00:00 on a calendar date (given as UTC midnight ms) in the zone; DST gaps resolve forward. */
function zonedMidnight(dateUtcMs: number, timeZone: string): Date {
  let t = dateUtcMs - (wallClock(dateUtcMs, timeZone) - dateUtcMs);
  // Once more: the offset at the first guess may differ from the offset at the answer (DST change that day).
  t = dateUtcMs - (wallClock(t, timeZone) - t);
  return new Date(t);
}

function isoWeekOfDate(dateUtcMs: number): { year: number; week: number } {
  const d = new Date(dateUtcMs);
  const dow = d.getUTCDay() || 7;
  // The Thursday of this week decides the ISO year.
  const thursday = new Date(dateUtcMs + (4 - dow) * DAY);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY / 7) + 1;
  return { year, week };
}

function weeksInYear(year: number): number {
  return isoWeekOfDate(Date.UTC(year, 11, 28)).week;
}

function mondayOf(year: number, week: number): number {
  const jan4 = Date.UTC(year, 0, 4);
  const dow = new Date(jan4).getUTCDay() || 7;
  return jan4 - (dow - 1) * DAY + (week - 1) * 7 * DAY;
}

function dateString(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export function isoWeek(year: number, week: number, timeZone: string): IsoWeek {
  const monday = mondayOf(year, week);
  return {
    id: `${year}-W${pad(week)}`,
    year,
    week,
    start: zonedMidnight(monday, timeZone),
    end: zonedMidnight(monday + 7 * DAY, timeZone),
    firstDay: dateString(monday),
    lastDay: dateString(monday + 6 * DAY),
    timeZone,
  };
}

/** Parses `YYYY-Www`; malformed text or a week the year does not have is a WeekError. */
export function parseWeek(text: string, timeZone: string): IsoWeek {
  assertTimeZone(timeZone);
  const m = WEEK_PATTERN.exec(text);
  if (!m) throw new WeekError(`week must look like 2026-W47 (ISO year, "-W", two-digit week); got "${text}"`);
  const year = Number(m[1]);
  const week = Number(m[2]);
  if (year < 1970 || week < 1 || week > weeksInYear(year)) {
    throw new WeekError(`${text} does not exist: ISO year ${year} has weeks 01 to ${weeksInYear(year)}`);
  }
  return isoWeek(year, week, timeZone);
}

/** The ISO week an instant falls in, on the zone's calendar. */
export function weekOf(instant: Date, timeZone: string): IsoWeek {
  assertTimeZone(timeZone);
  const wall = wallClock(instant.getTime(), timeZone);
  const { year, week } = isoWeekOfDate(Math.floor(wall / DAY) * DAY);
  return isoWeek(year, week, timeZone);
}

/** The week before `w`. */
export function previousWeek(w: IsoWeek): IsoWeek {
  const { year, week } = isoWeekOfDate(mondayOf(w.year, w.week) - 7 * DAY);
  return isoWeek(year, week, w.timeZone);
}

/** The last full week before the one `now` falls in (the default report). */
export function lastFullWeek(now: Date, timeZone: string): IsoWeek {
  return previousWeek(weekOf(now, timeZone));
}

/** A week given explicitly must have started; the current week is allowed (reported as not complete). */
export function resolveWeek(text: string | undefined, now: Date, timeZone: string): IsoWeek {
  if (text === undefined || text === '') return lastFullWeek(now, timeZone);
  const w = parseWeek(text, timeZone);
  if (w.start.getTime() > now.getTime()) {
    throw new WeekError(`${w.id} is in the future (it starts ${w.firstDay}); the latest week with data is ${weekOf(now, timeZone).id}`);
  }
  return w;
}

/** The `count` weeks ending with `last`, oldest first. */
export function weeksEndingWith(last: IsoWeek, count: number): IsoWeek[] {
  const out = [last];
  while (out.length < count) out.unshift(previousWeek(out[0]!));
  return out;
}
