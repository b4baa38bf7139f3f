// The roster: a YAML file or folder of files → a checked model of departments, locations and users.
// No network and no Pulumi here; see examples/roster.yaml for the format.
export type {
  ApiRole,
  Roster,
  RosterDepartment,
  RosterFileText,
  RosterIssue,
  RosterLocation,
  RosterPolicy,
  RosterResult,
  RosterUser,
  SourcePosition,
} from "./model.js";
export { RosterValidationError, countIssues, formatIssue, hasErrors, plural } from "./errors.js";
export { loadRoster, loadRosterOrThrow, readRosterFiles, type LoadRosterOptions } from "./load.js";
export { DEFAULT_ROSTER_PATHS, RosterNotFoundError, findRoster, sameRosterPath, type FoundRoster } from "./find.js";
export { parseRoster, type ParseRosterOptions } from "./parse.js";
export { deactivationHasPassed, pastDeactivations, pastDeactivationMessage, pastStartMessage } from "./past-deactivations.js";
export { todayUtc } from "../calendar-date.js";
export { ROSTER_LIMITS, rosterLimits, type RosterLimits } from "./limits.js";
export { ASSIGNABLE_DISPLAY_ROLES, DISPLAY_ROLES, describeRole, toApiRole, toDisplayRole } from "./roles.js";
export { emailProblem, isEmail } from "./email.js";
export { domainAllowed } from "./policy.js";
export { FOLDER_MAIN_FILE, renderRosterFile, renderRosterFolder, type DraftLocation, type DraftUser, type RosterDraft } from "./write.js";
