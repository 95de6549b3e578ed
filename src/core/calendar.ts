// Calendar keys of an instant in a time zone: day, month, week (by its first day), and the UTC hour
// slot a 5-hour billing block is built from (blocks.ts). Intl knows each zone's DST rules; the week
// is counted on calendar dates, so a DST change inside a week moves nothing.

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface Calendar {
  /** YYYY-MM-DD of an instant in the calendar's zone. */
  day(at: number): string;
  /** YYYY-MM-DD of the first day of the instant's week (weeks start on the calendar's week start). */
  week(at: number): string;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * The first day of the week holding `day` (YYYY-MM-DD), weeks starting on `weekStart` (0 = Sunday,
 * 1 = Monday, …): a date, counted in days, not an instant, so it is the same in every zone.
 */
export function weekStartOf(day: string, weekStart: number): string {
  const at = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
  const back = (new Date(at).getUTCDay() - weekStart + 7) % 7;
  return new Date(at - back * DAY_MS).toISOString().slice(0, 10);
}

/** UTC by slicing ISO strings (fast); another zone through Intl. Weeks start on Monday unless told. */
export function calendarFor(timeZone: string | undefined, weekStart = 1): Calendar {
  let day: (at: number) => string;
  if (timeZone === undefined || timeZone === 'UTC') {
    const utc = new UtcDays();
    day = (at) => utc.day(at);
  } else {
    // en-CA formats dates as YYYY-MM-DD.
    const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    day = (at) => format.format(at);
  }
  // Records come mostly in time order: the last day's week is remembered.
  let lastDay = '';
  let lastWeek = '';
  return {
    day,
    week: (at) => {
      const d = day(at);
      if (d !== lastDay) {
        lastDay = d;
        lastWeek = weekStartOf(d, weekStart);
      }
      return lastWeek;
    },
  };
}

/** UTC days, the last one remembered: records of a log come mostly in time order. */
class UtcDays {
  #start = NaN;
  #text = '';

  day(at: number): string {
    const start = at - (((at % DAY_MS) + DAY_MS) % DAY_MS);
    if (start !== this.#start) {
      this.#start = start;
      this.#text = new Date(start).toISOString().slice(0, 10);
    }
    return this.#text;
  }
}

/** The UTC hour an instant falls in (epoch ms). */
export function hourFloor(at: number): number {
  return at - (((at % HOUR_MS) + HOUR_MS) % HOUR_MS);
}

/**
 * The instant as a wall time in `timeZone` to the minute, with its offset: "2026-01-05T10:00+01:00",
 * or "2026-01-05T09:00Z" in UTC. Sorts in time order within one zone (a repeated autumn hour too:
 * its earlier, larger offset sorts first).
 */
export function zonedMinute(at: number, timeZone: string | undefined): string {
  if (timeZone === undefined || timeZone === 'UTC') return `${new Date(at).toISOString().slice(0, 16)}Z`;
  const format = zonedFormat(timeZone);
  const part = (type: string): string => format.formatToParts(at).find((p) => p.type === type)?.value ?? '';
  const wall = `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}`;
  const offset = Math.round((Date.parse(`${wall}:${part('second')}Z`) - (at - (((at % 1000) + 1000) % 1000))) / 60_000);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${wall}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function zonedFormat(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formats.set(timeZone, format);
  }
  return format;
}

/**
 * The first instant of the calendar day `days` days before the day of `now` in `timeZone`: where
 * `--last N` starts (N days, today included, so `days` = N − 1). Midnight found in two steps so a
 * day that starts next to a DST change gets the offset in force then.
 */
export function startOfDayBefore(now: number, days: number, timeZone: string | undefined): number {
  const today = calendarFor(timeZone).day(now);
  const wall = Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 1, Number(today.slice(8, 10))) - days * DAY_MS;
  if (timeZone === undefined || timeZone === 'UTC') return wall;
  const offsetAt = (at: number): number => {
    const text = zonedMinute(at, timeZone);
    const m = /([+-])(\d{2}):(\d{2})$/.exec(text);
    return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000 : 0;
  };
  const first = wall - offsetAt(wall);
  return wall - offsetAt(first);
}
