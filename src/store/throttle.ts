/** Rate-limiting of repetitive error reports (a Redis outage fails every store call). */

/**
 * Wraps `report` so it runs for the first error and then at most once per `intervalMs`,
 * passing how many errors were suppressed since the last report.
 */
export function throttleReports(
  report: (error: unknown, suppressed: number) => void,
  intervalMs = 60_000,
  now: () => number = Date.now,
): (error: unknown) => void {
  let last = Number.NEGATIVE_INFINITY;
  let suppressed = 0;
  return (error) => {
    const t = now();
    if (t - last < intervalMs) {
      suppressed += 1;
      return;
    }
    last = t;
    const count = suppressed;
    suppressed = 0;
    report(error, count);
  };
}
