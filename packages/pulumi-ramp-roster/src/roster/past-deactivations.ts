// A `deactivateOn` that has passed: Ramp deactivated the user on that day and cleared the date, so a roster that
// still lists them as active asks for access Ramp has ended. `validate` and the program warn about it the same way.
import { isCalendarDate } from "../calendar-date.js";
import type { Roster, RosterUser } from "./model.js";

/** True when `deactivateOn` is before `today` (both `YYYY-MM-DD`); the day itself has not passed yet. */
export function deactivationHasPassed(deactivateOn: string, today: string): boolean {
  return deactivateOn < today;
}

export function pastDeactivationMessage(email: string, deactivateOn: string): string {
  return (
    `${email}: deactivateOn ${deactivateOn} has passed: Ramp deactivates people on that date; ` +
    "remove them from the roster or mark them 'active: false'"
  );
}

export function pastStartMessage(email: string, startOn: string): string {
  return (
    `${email}: startOn ${startOn} has passed: a person not yet in Ramp is invited at once; ` +
    "remove 'startOn' once they have started"
  );
}

/** `today` as a check takes it: a calendar day, or a programming error (a wrong "today" would hide or invent warnings). */
export function checkToday(today: string): string {
  if (!isCalendarDate(today)) throw new RangeError(`internal error: 'today' must be a date written YYYY-MM-DD, not ${JSON.stringify(today)}`);
  return today;
}

/** The active users whose `deactivateOn` has passed on `today` (`YYYY-MM-DD`, UTC), in roster order. */
export function pastDeactivations(roster: Roster, today: string): RosterUser[] {
  checkToday(today);
  return roster.users.filter((u) => u.active && typeof u.deactivateOn === "string" && deactivationHasPassed(u.deactivateOn, today));
}
