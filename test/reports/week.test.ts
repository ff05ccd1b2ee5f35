import { describe, expect, it } from 'vitest';
import { lastFullWeek, parseWeek, resolveWeek, weekOf, weeksEndingWith, WeekError } from '../../server/reports/week.ts';

describe('ISO weeks in a time zone', () => {
  it.each([
    // week, zone, first day, last day, start, end
    ['2026-W47', 'UTC', '2026-11-16', '2026-11-22', '2026-11-16T00:00:00.000Z', '2026-11-23T00:00:00.000Z'],
    ['2026-W53', 'UTC', '2026-12-28', '2027-01-03', '2026-12-28T00:00:00.000Z', '2027-01-04T00:00:00.000Z'],
    ['2021-W01', 'UTC', '2021-01-04', '2021-01-10', '2021-01-04T00:00:00.000Z', '2021-01-11T00:00:00.000Z'],
    ['2020-W53', 'UTC', '2020-12-28', '2021-01-03', '2020-12-28T00:00:00.000Z', '2021-01-04T00:00:00.000Z'],
    ['2026-W47', 'Asia/Tokyo', '2026-11-16', '2026-11-22', '2026-11-15T15:00:00.000Z', '2026-11-22T15:00:00.000Z'],
    // Summer time starts on Sunday 2026-03-29 in Berlin: the week is an hour short.
    ['2026-W13', 'Europe/Berlin', '2026-03-23', '2026-03-29', '2026-03-22T23:00:00.000Z', '2026-03-29T22:00:00.000Z'],
    ['2026-W45', 'America/New_York', '2026-11-02', '2026-11-08', '2026-11-02T05:00:00.000Z', '2026-11-09T05:00:00.000Z'],
  ])('%s in %s', (id, zone, firstDay, lastDay, start, end) => {
    const w = parseWeek(id, zone);
    expect([w.firstDay, w.lastDay, w.start.toISOString(), w.end.toISOString()]).toEqual([firstDay, lastDay, start, end]);
    expect(weekOf(w.start, zone).id).toBe(id);
    expect(weekOf(new Date(w.end.getTime() - 1), zone).id).toBe(id);
  });

  it.each([
    ['2027-01-01T12:00:00Z', 'UTC', '2026-W53'],
    ['2026-11-15T23:30:00Z', 'UTC', '2026-W46'],
    ['2026-11-15T23:30:00Z', 'Europe/Berlin', '2026-W47'],
    ['2026-11-16T08:30:00Z', 'Pacific/Honolulu', '2026-W46'],
  ])('weekOf(%s, %s) = %s', (iso, zone, id) => {
    expect(weekOf(new Date(iso), zone).id).toBe(id);
  });

  it('defaults to the last full week and lists the trend weeks across a year end', () => {
    expect(lastFullWeek(new Date('2026-11-25T12:00:00Z'), 'UTC').id).toBe('2026-W47');
    expect(resolveWeek(undefined, new Date('2027-01-05T00:00:00Z'), 'UTC').id).toBe('2026-W53');
    expect(weeksEndingWith(parseWeek('2027-W02', 'UTC'), 4).map((w) => w.id)).toEqual(['2026-W52', '2026-W53', '2027-W01', '2027-W02']);
  });

  it.each(['2026-W54', '2025-W53', '2026-W00', '2026-W1', '26-W10', '2026W10', '2026-w10', ' 2026-W10', '1969-W10'])('refuses %j', (text) => {
    expect(() => parseWeek(text, 'UTC')).toThrow(WeekError);
  });

  it('refuses a week that has not started and an unknown zone', () => {
    const now = new Date('2026-11-25T12:00:00Z');
    expect(resolveWeek('2026-W48', now, 'UTC').id).toBe('2026-W48');
    expect(() => resolveWeek('2026-W49', now, 'UTC')).toThrow(/future/);
    expect(() => parseWeek('2026-W47', 'Nowhere/City')).toThrow(/unknown time zone/);
  });
});
