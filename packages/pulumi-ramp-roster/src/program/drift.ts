// How a roster user differs from their account in Ramp, field by field in people's words: role names, department
// and location names, manager emails. Only what the roster manages: a department, location, employee id, "is
// manager" flag or end date the roster user leaves out is not managed, so it cannot differ; `~` (null) is managed and
// means none; the manager is always managed (absent means none: the program clears one Ramp has). One rule for the
// plan's adoptions, `ramp-roster report` and `ramp-roster review`. Pure: no network, no Pulumi.
import { emailKey, INACTIVE_STATUS, SUSPENDED_STATUS } from "../ramp-facts.js";
import { toDisplayRole, type RosterUser } from "../roster/index.js";

export interface FieldDifference {
  /** As people say it: "role", "department", "deactivation date" ... */
  field: string;
  roster: string | null;
  ramp: string | null;
}

/** The account's fields the comparison reads; a field Ramp's listing did not give (undefined) is not compared. */
export interface RampAccountFields {
  email: string;
  status: string;
  role: string;
  firstName?: string;
  lastName?: string;
  departmentId: string | null;
  locationId: string | null;
  managerId?: string | null;
  employeeId: string | null;
  isManager?: boolean | null;
  scheduledDeactivationDate?: string | null;
}

/** Ramp's ids to the names people use: departments and locations by id, users' emails by id. */
export interface RampNames {
  department: ReadonlyMap<string, string>;
  location: ReadonlyMap<string, string>;
  email: ReadonlyMap<string, string>;
}

const sameName = (a: string | null, b: string | null) => (a ?? "").toLowerCase() === (b ?? "").toLowerCase();

/**
 * The differences between `user` and `live`. `status: false` leaves out whether access differs (the plan says that
 * itself, as a deactivation, reactivation or hold); a suspension is never a difference (the roster cannot express it).
 */
export function rosterDifferences(user: RosterUser, live: RampAccountFields, names: RampNames, { status = true } = {}): FieldDifference[] {
  const differences: FieldDifference[] = [];
  const add = (field: string, roster: string | null, ramp: string | null, equal = roster === ramp) => {
    if (!equal) differences.push({ field, roster, ramp });
  };
  const named = (map: ReadonlyMap<string, string>, id: string | null, unknown: string) => (id === null ? null : (map.get(id) ?? `${unknown} ${id}`));
  if (emailKey(live.email) !== user.key) add("email", user.email, live.email);
  if (live.firstName !== undefined) add("first name", user.firstName, live.firstName);
  if (live.lastName !== undefined) add("last name", user.lastName, live.lastName);
  add("role", toDisplayRole(user.role), toDisplayRole(live.role));
  if (user.department !== undefined) {
    const department = named(names.department, live.departmentId, "id");
    add("department", user.department, department, sameName(user.department, department));
  }
  if (user.location !== undefined) {
    const location = named(names.location, live.locationId, "id");
    add("location", user.location, location, sameName(user.location, location));
  }
  if (live.managerId !== undefined) {
    const manager = named(names.email, live.managerId, "Ramp user");
    add("manager", user.manager ?? null, manager, sameName(user.manager ?? null, manager));
  }
  if (user.employeeId !== undefined) add("employee id", user.employeeId, live.employeeId);
  if (user.isManager !== undefined && live.isManager !== undefined) add("is manager", user.isManager ? "yes" : "no", live.isManager ? "yes" : "no");
  if (user.deactivateOn !== undefined && live.scheduledDeactivationDate !== undefined) {
    add("deactivation date", user.deactivateOn, live.scheduledDeactivationDate);
  }
  if (status && live.status !== SUSPENDED_STATUS) {
    const active = live.status !== INACTIVE_STATUS;
    if (user.active !== active) add("active", user.active ? "active" : "inactive", active ? `active (${live.status})` : "inactive");
  }
  return differences;
}
