// The roster model: what a loaded, validated roster is. These names are a public contract:
// the Pulumi program and the resources are written against them.
import type { ApiRole } from "../ramp-facts.js";

/** A place in a roster file. `line` and `column` are 1-based; `file` is the path as given to the loader. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/** One problem found in a roster, at the most precise place that explains it. */
export interface RosterIssue extends SourcePosition {
  message: string;
  severity: "error" | "warning";
}

export interface RosterDepartment {
  name: string;
  /**
   * The names it was called before (`renamedFrom`), as written: the program carries the department it managed under
   * one of them over to this name (a rename in Ramp, not a new department). Absent when none.
   */
  renamedFrom?: string[];
  source: SourcePosition;
}

export interface RosterLocation {
  name: string;
  entityId?: string;
  /** The names it was called before, as for a department. Absent when none. */
  renamedFrom?: string[];
  source: SourcePosition;
}

/** Ramp's role names, as the API reads and writes them (ramp-facts.ts). */
export type { ApiRole };

export interface RosterUser {
  /** As written, trimmed. */
  email: string;
  /** The email lower-cased: the identity of the user. */
  key: string;
  /**
   * The emails the user had before (`formerEmails`), lower-cased like `key`: the program carries the user it managed
   * under one of them over to this email, which Pulumi then shows and carries out as a replacement (Ramp cannot
   * change a user's email). Absent when none.
   */
  formerEmails?: string[];
  firstName: string;
  lastName: string;
  role: ApiRole;
  /**
   * The department's name. Absent: not managed (whatever Ramp has is kept). null: written as `~`, "none" — which
   * Ramp's API cannot do to a user who has one, so the program refuses it then (a PATCH cannot clear the field).
   */
  department?: string | null;
  /** As `department`. */
  location?: string | null;
  /** The manager's key (lower-cased email). */
  manager?: string;
  /** As `department`: absent is not managed, null ("none") cannot be done through the API to a user who has one. */
  employeeId?: string | null;
  isManager?: boolean;
  /** false = deactivated in Ramp but kept in the roster. */
  active: boolean;
  /**
   * `deactivateOn` as an ISO date (`YYYY-MM-DD`): the day Ramp deactivates the user by itself (its
   * `scheduled_deactivation_date`), for contractors and temporary staff. Never a date on an Admin or Owner.
   * Absent: not managed, as `department` (whatever date Ramp has is kept, and a Guest keeps the date Ramp gives guests
   * by default). null: written as `~`, no date — an explicit grant of open-ended access, which clears Ramp's date.
   */
  deactivateOn?: string | null;
  /**
   * `startOn` as an ISO date (`YYYY-MM-DD`): the person's first day. Before it they are a draft user in Ramp whose
   * invitation Ramp sends on that day; from that day on the field changes nothing. Absent: invited at once.
   */
  startOn?: string;
  /** Pulumi `protect`: the user cannot be deleted (deactivated) by Pulumi until this is unset. */
  protect: boolean;
  /** When removed from the roster: drop from Pulumi state, do not deactivate in Ramp. */
  retainOnDelete: boolean;
  /** Position of the user's mapping. */
  source: SourcePosition;
}

/** The roster's own rules (`policy:`, see policy.ts), checked with the other cross-checks. */
export interface RosterPolicy {
  /** Lower-cased; `*.example.com` also allows its subdomains. Active users must have an email in one of them. */
  emailDomains?: string[];
  /** Lower-cased emails allowed outside `emailDomains`. */
  emailExceptions?: string[];
  /** The most active Admins (BUSINESS_ADMIN) the roster may have. */
  maxAdmins?: number;
  /** File names (of a roster folder) in which Admin, IT Admin and Bookkeeper may be given. */
  privilegedRoleFiles?: string[];
  /** Position of the `policy` key. */
  source: SourcePosition;
}

export interface Roster {
  /** The files the roster was read from, in load order, as given to the loader. */
  files: string[];
  /** Absent when the roster sets no policy. */
  policy?: RosterPolicy;
  departments: RosterDepartment[];
  locations: RosterLocation[];
  users: RosterUser[];
}

/** `roster` is present if and only if no issue has severity "error". */
export interface RosterResult {
  roster?: Roster;
  issues: RosterIssue[];
}

/** One roster file's text, as `parseRoster` takes it. */
export interface RosterFileText {
  path: string;
  text: string;
}
