/**
 * Quiet hours in a group's own timezone (Asia/Shanghai by default): no auto-answers inside the
 * window. Windows may span midnight (23:00–07:00). Uses the runtime's ICU timezone data.
 */
import { DAY_MINUTES, type QuietHours } from './quiet-window.js';

/** Formatters kept at most (one per canonical zone name; groups use a handful). */
const MAX_FORMATTERS = 64;
/** Zone names (in lower case) whose canonical spelling is remembered, at most. */
const MAX_NAMES = 512;

/** Formatters by canonical zone name, least recently created first. */
const formatters = new Map<string, Intl.DateTimeFormat>();
/** Lower-case zone name → canonical name (null: no such zone), least recently added first. */
const canonicalNames = new Map<string, string | null>();

function resolveTimeZone(timeZone: string): string | null {
  try {
    return new Intl.DateTimeFormat('en-GB', { timeZone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/**
 * The runtime's canonical spelling of an IANA zone name (`asia/SHANGHAI` → `Asia/Shanghai`,
 * aliases such as `Asia/Chongqing` → `Asia/Shanghai`), or undefined when it knows no such zone.
 * Zone names ignore case, so all spellings of one name are resolved once.
 */
export function canonicalTimeZone(timeZone: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/u.test(timeZone)) return undefined;
  const key = timeZone.toLowerCase();
  let name = canonicalNames.get(key);
  if (name === undefined) {
    name = resolveTimeZone(timeZone);
    if (canonicalNames.size >= MAX_NAMES) canonicalNames.delete(canonicalNames.keys().next().value as string);
    canonicalNames.set(key, name);
  }
  return name ?? undefined;
}

/**
 * The formatter of `timeZone`, cached under its canonical name only, so names as typed (any
 * case) cannot grow the cache; at most {@link MAX_FORMATTERS}. Throws RangeError for unknown zones.
 */
function formatter(timeZone: string): Intl.DateTimeFormat {
  const name = canonicalTimeZone(timeZone);
  if (name === undefined) throw new RangeError(`unknown time zone: ${timeZone.slice(0, 64)}`);
  let f = formatters.get(name);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: name, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    if (formatters.size >= MAX_FORMATTERS) formatters.delete(formatters.keys().next().value as string);
    formatters.set(name, f);
  }
  return f;
}

/** How many formatters are cached now (tests: the cache is bounded). */
export function cachedFormatters(): number {
  return formatters.size;
}

/** True for an IANA timezone name the runtime knows (`Asia/Shanghai`, `UTC`, …). */
export function isValidTimeZone(timeZone: string): boolean {
  return canonicalTimeZone(timeZone) !== undefined;
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
