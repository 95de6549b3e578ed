// Holiday calendars (pricing/calendars.json) and the day rules of time windows: which days of the
// week a window holds on, and which public holidays it skips (DeepSeek's peak hours hold Monday to
// Friday except Chinese public holidays). A year a calendar does not list is not published: a
// request whose price depends on it is unpriced with that reason, never guessed.
import { Checker, type SchemaProblem } from './checker.ts';
import type { DataLocation, HolidayCalendar, TimeWindow } from './types.ts';

/** The calendar file's name in a pricing folder: not a price list (load.ts skips it as one). */
export const CALENDAR_FILE = 'calendars.json';

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-\d{2}-\d{2}$/;
const OFFSET = /^([+-])(\d{2}):(\d{2})$/;

/** Validates a calendars file; returns the calendars read and every problem (file and JSON path). */
export function validateCalendars(file: string, data: unknown): { calendars: HolidayCalendar[]; problems: SchemaProblem[] } {
  const c = new Checker(file);
  const calendars: HolidayCalendar[] = [];
  const root = c.object(data, '$');
  if (!root) return { calendars, problems: c.problems };
  c.unknownKeys(root, ['$schema', 'notes', 'calendars'], '$');
  (c.array(root.calendars, '$.calendars') ?? []).forEach((item, i) => {
    const path = `$.calendars[${i}]`;
    const obj = c.object(item, path);
    if (!obj) return;
    c.unknownKeys(obj, ['id', 'name', 'utc_offset', 'checked', 'notes', 'years'], path);
    const id = c.string(obj, 'id', path, true);
    const name = c.string(obj, 'name', path) ?? id;
    const offsetText = c.string(obj, 'utc_offset', path, true);
    const offset = offsetText === undefined ? undefined : OFFSET.exec(offsetText);
    if (offsetText !== undefined && !offset) c.fail(`${path}.utc_offset`, `expected "+HH:MM" or "-HH:MM" such as "+08:00", found ${JSON.stringify(offsetText)}`);
    const checked = c.date(obj, 'checked', path, true);
    c.string(obj, 'notes', path);
    const years = new Map<number, { holidays: Set<string>; workdays: Set<string>; source: string }>();
    (c.array(obj.years, `${path}.years`) ?? []).forEach((yearItem, j) => {
      const yearPath = `${path}.years[${j}]`;
      const yearObj = c.object(yearItem, yearPath);
      if (!yearObj) return;
      c.unknownKeys(yearObj, ['year', 'holidays', 'workdays', 'source', 'notes'], yearPath);
      const year = yearObj.year;
      if (typeof year !== 'number' || !Number.isInteger(year) || year < 1970 || year > 2200) {
        c.fail(`${yearPath}.year`, `expected a year such as 2026, found ${JSON.stringify(year)}`);
        return;
      }
      if (years.has(year)) c.fail(`${yearPath}.year`, `${year} is listed twice`);
      const source = c.string(yearObj, 'source', yearPath, true);
      c.string(yearObj, 'notes', yearPath);
      const holidays = readDates(c, yearObj.holidays, `${yearPath}.holidays`, year, true);
      const workdays = yearObj.workdays === undefined ? new Set<string>() : readDates(c, yearObj.workdays, `${yearPath}.workdays`, year, false);
      for (const day of workdays) if (holidays.has(day)) c.fail(`${yearPath}.workdays`, `${day} is both a holiday and a make-up working day`);
      if (source) years.set(year, { holidays, workdays, source });
    });
    if (calendars.some((other) => other.id === id)) c.fail(`${path}.id`, `calendar "${id}" is defined twice`);
    if (!id || !name || !offset || !checked) return;
    const sign = offset[1] === '-' ? -1 : 1;
    calendars.push({ id, name, utcOffsetMinutes: sign * (Number(offset[2]) * 60 + Number(offset[3])), years, checked, at: { file, path } });
  });
  return { calendars, problems: c.problems };
}

/** Dates "YYYY-MM-DD" or ranges "YYYY-MM-DD..YYYY-MM-DD" (inclusive), all within `year`. */
function readDates(c: Checker, value: unknown, path: string, year: number, required: boolean): Set<string> {
  const dates = new Set<string>();
  if (value === undefined) {
    if (required) c.fail(path, 'is required (an empty list if the year has none)');
    return dates;
  }
  (c.array(value, path) ?? []).forEach((item, i) => {
    const itemPath = `${path}[${i}]`;
    const [first, last = first] = typeof item === 'string' ? item.split('..') : [];
    const from = first === undefined ? undefined : dayNumber(first);
    const to = last === undefined ? undefined : dayNumber(last);
    if (from === undefined || to === undefined || to < from) {
      c.fail(itemPath, `expected a date "YYYY-MM-DD" or a range "YYYY-MM-DD..YYYY-MM-DD", found ${JSON.stringify(item)}`);
      return;
    }
    for (let day = from; day <= to; day++) {
      const text = new Date(day * DAY_MS).toISOString().slice(0, 10);
      if (Number(text.slice(0, 4)) !== year) {
        c.fail(itemPath, `${text} is not in ${year}`);
        return;
      }
      dates.add(text);
    }
  });
  return dates;
}

/** Days since 1970-01-01 of a valid calendar date, else undefined. */
function dayNumber(text: string): number | undefined {
  if (!DATE.test(text)) return undefined;
  const ms = Date.parse(`${text}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text) return undefined;
  return ms / DAY_MS;
}

/** Problems of windows that name a calendar the data does not define. */
export function calendarReferenceProblems(windows: readonly { window: TimeWindow; at: DataLocation }[], calendars: ReadonlyMap<string, HolidayCalendar>): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  for (const { window, at } of windows) {
    if (window.calendar !== undefined && !calendars.has(window.calendar)) {
      const known = [...calendars.keys()];
      problems.push({ ...at, message: `calendar "${window.calendar}" is not defined in ${CALENDAR_FILE}${known.length > 0 ? ` (known: ${known.join(', ')})` : ''}` });
    }
  }
  return problems;
}

/** Whether an instant is inside a window: true, false, or the year its calendar does not publish. */
export type WindowMatch = boolean | { unpublishedYear: number; calendar: HolidayCalendar };

export function windowHolds(window: TimeWindow, at: number, calendars: ReadonlyMap<string, HolidayCalendar>): WindowMatch {
  const minute = Math.floor((((at % DAY_MS) + DAY_MS) % DAY_MS) / 60_000);
  if (!window.spans.some((s) => (s.fromMinute < s.toMinute ? minute >= s.fromMinute && minute < s.toMinute : minute >= s.fromMinute || minute < s.toMinute))) return false;
  if (window.days === undefined && window.calendar === undefined) return true;
  const calendar = window.calendar === undefined ? undefined : calendars.get(window.calendar);
  // The day rules read the calendar's local date: 01:00 UTC on a Monday is 09:00 Monday in Beijing.
  const local = new Date(at + (calendar?.utcOffsetMinutes ?? 0) * 60_000);
  const weekdayHolds = window.days === undefined || window.days.includes(local.getUTCDay());
  if (!calendar) return weekdayHolds;
  const year = local.getUTCFullYear();
  const published = calendar.years.get(year);
  if (!published) return { unpublishedYear: year, calendar };
  const date = local.toISOString().slice(0, 10);
  if (published.holidays.has(date)) return false;
  if (window.makeupWorkdays && published.workdays.has(date)) return true;
  return weekdayHolds;
}
