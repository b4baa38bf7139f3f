// The simulated business's calendar date (UTC), against which scheduled deactivations fall due. It follows the real
// clock unless the admin API pins it, so a test can move "today" past a user's date without waiting or faking timers.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written `YYYY-MM-DD` (2027-02-30 is not one). */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** `date` plus `months` calendar months, the day clamped to the month's end (2026-08-31 + 6 → 2027-02-28). */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const first = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(day, lastDay));
  return first.toISOString().slice(0, 10);
}

export class BusinessDate {
  private pinned: string | null = null;

  /** Today as `YYYY-MM-DD`. */
  today(): string {
    return this.pinned ?? new Date().toISOString().slice(0, 10);
  }

  /** Fixes "today" (`YYYY-MM-DD`), or goes back to the real clock with null. */
  pin(date: string | null): void {
    if (date !== null && !isIsoDate(date)) throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
    this.pinned = date;
  }

  pinnedDate(): string | null {
    return this.pinned;
  }
}
