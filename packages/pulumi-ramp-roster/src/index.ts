// pulumi-ramp-roster: Pulumi resources for Ramp users, departments and locations, and the program that drives
// them from a YAML roster. The Ramp client and the roster loader have their own entry points
// (pulumi-ramp-roster/client, /roster) and do not load Pulumi.
import "./require-supported-node.js"; // first: an unsupported Node.js stops here, with a message
export { RampUser, type RampUserArgs } from "./resources/ramp-user.js";
export { RampDepartment, type RampDepartmentArgs } from "./resources/ramp-department.js";
export { RampLocation, type RampLocationArgs } from "./resources/ramp-location.js";
export { deployRoster, type DeployRosterOptions, type RosterStackOutputs } from "./program/deploy-roster.js";
export { planRun, type RunPlan, type RecordedUser, type ManagedUsersOutput } from "./program/plan.js";
export { checkGuards, DEFAULT_GUARDS, type GuardSettings } from "./program/guards.js";
