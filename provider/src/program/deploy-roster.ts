// The program: a roster becomes departments, locations and users in Ramp, after the run-level guards pass.
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { formatIssue, loadRoster, type Roster, type RosterUser } from "../roster/index.js";
import { RampDepartment } from "../resources/ramp-department.js";
import { RampLocation } from "../resources/ramp-location.js";
import { RampUser } from "../resources/ramp-user.js";
import { readProgramSettings, stackConfig, type ProgramSettings } from "./config.js";
import { checkGuards } from "./guards.js";
import { describePlan, managedUsersOutput, planRun, type ManagedUsersOutput } from "./plan.js";
import { MANAGED_USERS_OUTPUT, readPreviousManagedUsers } from "./previous-run.js";

export interface DeployRosterOptions {
  /** Roster file or folder; default: config `ramp:roster`, else `roster.yaml`, else `roster/`. */
  rosterPath?: string;
  /** Stack config by full key; default: the running stack's config. */
  config?: Record<string, string>;
}

export interface RosterStackOutputs {
  /** email → "active" | "inactive" (", retainOnDelete"): what the next run's guards plan from. */
  [MANAGED_USERS_OUTPUT]: ManagedUsersOutput;
  departments: Record<string, pulumi.Output<string>>;
  locations: Record<string, pulumi.Output<string>>;
  usersByStatus: pulumi.Output<Record<string, number>>;
  pendingInvites: pulumi.Output<string[]>;
}

/** The SDK's exit code for "exited after logging a user-actionable message": the engine bails, changing nothing. */
const EXIT_AFTER_REPORTED_ERROR = 32;

/**
 * Ends the run after reporting `message` as its error, before any resource is registered. Throwing would do the
 * same, but after the previous-run StackReference is read the SDK keeps the process alive about 20 s on a thrown
 * error; reporting and exiting with the SDK's own code takes 2 s.
 */
async function stopRun(message: string): Promise<never> {
  await pulumi.log.error(message);
  process.exit(EXIT_AFTER_REPORTED_ERROR);
}

/** Resource names are lower-cased so that a change of case in the roster is a rename, not a replacement. */
const departmentName = (name: string) => `department:${name.toLowerCase()}`;
const locationName = (name: string) => `location:${name.toLowerCase()}`;
const userName = (email: string) => `user:${email}`;

/**
 * A department or location renamed in the roster (`renamedFrom`) keeps its resource: an alias per former name tells
 * the engine that the resource it knows under that name is this one, so the diff is an update of `name` (a PATCH in
 * Ramp), not a create of a second one (a POST) and a delete of the first (which Ramp cannot do).
 * An alias with only `name` keeps the type, parent, stack and project of the resource itself.
 */
function renameOptions(resourceName: (name: string) => string, renamedFrom: readonly string[] | undefined): pulumi.CustomResourceOptions {
  if (!renamedFrom || renamedFrom.length === 0) return {};
  return { aliases: renamedFrom.map((former) => ({ name: resourceName(former) })) };
}

/**
 * A user whose email changed (`formerEmails`) keeps the resource the stack knew under the former email: an alias per
 * former email carries it over to this entry, so the engine diffs the recorded user against the new email. Email is
 * the identity (Ramp cannot change it through its API), so the diff answers "replace": the engine creates the
 * replacement (an invite, or the adoption of the same person if their email was already changed in Ramp) before it
 * deletes the old resource (a deactivation, skipped for a Ramp user the replacement adopted). Without the alias the
 * preview would show an unrelated create and delete.
 */
function formerEmailOptions(user: RosterUser): pulumi.CustomResourceOptions {
  if (!user.formerEmails || user.formerEmails.length === 0) return {};
  return { aliases: user.formerEmails.map((former) => ({ name: userName(former) })) };
}

export function resolveRosterPath(settings: ProgramSettings, explicit?: string, cwd = process.cwd()): string {
  const configured = explicit ?? settings.rosterPath;
  if (configured) return configured;
  for (const candidate of ["roster.yaml", "roster.yml", "roster"]) {
    if (fs.existsSync(path.join(cwd, candidate))) return candidate;
  }
  throw new pulumi.RunError("no roster found: set 'pulumi config set ramp:roster <file-or-folder>' or add roster.yaml");
}

export function loadRosterForProgram(rosterPath: string): Roster {
  const { roster, issues } = loadRoster(rosterPath);
  for (const issue of issues.filter((i) => i.severity === "warning")) void pulumi.log.warn(formatIssue(issue));
  if (!roster) {
    const errors = issues.filter((i) => i.severity === "error");
    throw new pulumi.RunError(`the roster ${rosterPath} has ${errors.length} error(s):\n${errors.map(formatIssue).join("\n")}`);
  }
  return roster;
}

/** Managers before the people who report to them, so each user can point at its manager's resource. */
export function managersFirst(users: readonly RosterUser[]): RosterUser[] {
  const byKey = new Map(users.map((u) => [u.key, u]));
  const ordered: RosterUser[] = [];
  const placed = new Set<string>();
  const place = (user: RosterUser, seen: Set<string>) => {
    if (placed.has(user.key) || seen.has(user.key)) return; // the roster's cross-checks already reject cycles
    seen.add(user.key);
    const manager = user.manager ? byKey.get(user.manager) : undefined;
    if (manager) place(manager, seen);
    placed.add(user.key);
    ordered.push(user);
  };
  for (const user of users) place(user, new Set());
  return ordered;
}

export async function deployRoster(options: DeployRosterOptions = {}): Promise<RosterStackOutputs> {
  let settings: ProgramSettings;
  try {
    settings = readProgramSettings(options.config ?? stackConfig());
  } catch (err) {
    throw new pulumi.RunError((err as Error).message);
  }
  const rosterPath = resolveRosterPath(settings, options.rosterPath);
  const roster = loadRosterForProgram(rosterPath);

  const previous = await readPreviousManagedUsers();
  if (!previous.ok) await stopRun(previous.problem);
  const plan = planRun(roster, previous.ok ? previous.records : undefined);
  void pulumi.log.info(describePlan(plan));
  const guard = checkGuards(plan, settings.guards);
  for (const notice of guard.notices) void pulumi.log.info(notice);
  if (guard.violations.length > 0) {
    await stopRun(`guard: refusing to run.\n${guard.violations.join("\n\n")}`);
  }

  const departments = new Map<string, RampDepartment>();
  for (const department of roster.departments) {
    departments.set(
      department.name.toLowerCase(),
      new RampDepartment(
        departmentName(department.name),
        { name: department.name },
        renameOptions(departmentName, department.renamedFrom),
      ),
    );
  }
  const locations = new Map<string, RampLocation>();
  for (const location of roster.locations) {
    locations.set(
      location.name.toLowerCase(),
      new RampLocation(
        locationName(location.name),
        {
          name: location.name,
          ...(location.entityId ? { entityId: location.entityId } : {}),
        },
        renameOptions(locationName, location.renamedFrom),
      ),
    );
  }

  const users = new Map<string, RampUser>();
  for (const user of managersFirst(roster.users)) {
    const department = user.department ? departments.get(user.department.toLowerCase()) : undefined;
    const location = user.location ? locations.get(user.location.toLowerCase()) : undefined;
    const manager = user.manager ? users.get(user.manager) : undefined;
    users.set(
      user.key,
      new RampUser(
        userName(user.key),
        {
          email: user.email,
          firstName: user.firstName,
          lastName: user.lastName,
          role: user.role,
          // The roster is the source of truth for these: no department in the roster means none in Ramp.
          departmentId: department ? department.id : null,
          locationId: location ? location.id : null,
          managerId: manager ? manager.id : null,
          ...(user.employeeId !== undefined ? { employeeId: user.employeeId } : {}),
          ...(user.isManager !== undefined ? { isManager: user.isManager } : {}),
          active: user.active,
        },
        { protect: user.protect, retainOnDelete: user.retainOnDelete, ...formerEmailOptions(user) },
      ),
    );
  }

  const statuses = [...users].map(([email, resource]) => resource.status.apply((status) => ({ email, status })));
  const all = pulumi.all(statuses);
  return {
    [MANAGED_USERS_OUTPUT]: managedUsersOutput(roster),
    departments: Object.fromEntries(roster.departments.map((d) => [d.name, departments.get(d.name.toLowerCase())!.id])),
    locations: Object.fromEntries(roster.locations.map((l) => [l.name, locations.get(l.name.toLowerCase())!.id])),
    usersByStatus: all.apply((list) => {
      const counts: Record<string, number> = {};
      for (const { status } of list) counts[status] = (counts[status] ?? 0) + 1;
      return counts;
    }),
    pendingInvites: all.apply((list) =>
      list.filter(({ status }) => status === "INVITE_PENDING" || status === "INVITE_EXPIRED").map(({ email }) => email),
    ),
  };
}
