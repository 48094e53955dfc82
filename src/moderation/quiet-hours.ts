/**
 * Quiet hours in a group's own timezone (Asia/Shanghai by default): no auto-answers inside the
 * window. Windows may span midnight (23:00–07:00). Uses the runtime's ICU timezone data.
 */
import type { QuietHours } from './settings.js';

const DAY_MINUTES = 24 * 60;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True for an IANA timezone name the runtime knows (`Asia/Shanghai`, `UTC`, …). */
export function isValidTimeZone(timeZone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/u.test(timeZone)) return false;
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Minutes since local midnight in `timeZone` at `at` (ms since epoch). */
export function localMinutes(at: number, timeZone: string): number {
  const parts = formatter(timeZone).formatToParts(new Date(at));
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0) % 24;
  const minute = Number(parts.find((p) => p.type === 'minute')?.value ?? 0);
  return hour * 60 + minute;
}

/** True when `at` falls inside the (enabled, non-empty) quiet window. */
export function inQuietHours(quiet: QuietHours, at: number): boolean {
  if (!quiet.enabled || quiet.start === quiet.end) return false;
  const m = localMinutes(at, quiet.timezone) % DAY_MINUTES;
  return quiet.start < quiet.end ? m >= quiet.start && m < quiet.end : m >= quiet.start || m < quiet.end;
}
