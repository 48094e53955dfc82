/**
 * The shape of a group's quiet hours, shared by the settings (`settings.ts`, which store and
 * validate them) and the clock that checks a time against them (`quiet-hours.ts`). A module of
 * its own so those two do not import each other.
 */

/** Minutes in a day; quiet-hour bounds are minutes since local midnight. */
export const DAY_MINUTES = 24 * 60;

/** Quiet hours: no auto-answers from `start` (inclusive) to `end` (exclusive), local time. */
export interface QuietHours {
  enabled: boolean;
  /** Minutes since local midnight, 0..1439. */
  start: number;
  /** Minutes since local midnight, 0..1439; before `start` means the window spans midnight. */
  end: number;
  /** IANA timezone, e.g. `Asia/Shanghai`. */
  timezone: string;
}
