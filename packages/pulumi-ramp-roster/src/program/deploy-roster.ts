// The program: a roster becomes departments, locations and users in Ramp, after the run-level guards pass.
import { EXPIRED_INVITE_STATUS, PENDING_INVITE_STATUS } from "../ramp-facts.js";
import * as pulumi from "@pulumi/pulumi";
import { todayUtc } from "../calendar-date.js";
import { findRoster, formatIssue, loadRoster, RosterNotFoundError, type Roster, type RosterUser } from "../roster/index.js";
import { RampDepartment } from "../resources/ramp-department.js";
import { RampLocation } from "../resources/ramp-location.js";
import { RampUser } from "../resources/ramp-user.js";
import { readProgramSettings, type ProgramSettings } from "./config.js";
import { checkGuards } from "./guards.js";
import { readLiveRamp } from "./live-ramp.js";
import {
  deactivationDatePassed,
  describePlan,
  joinerDay,
  managedUsersOutput,
  planRun,
  wantsAccess,
  type ManagedUsersOutput,
  type RunPlan,
} from "./plan.js";
import { readRecordedUsers, REMOVED_FROM_ROSTER_OUTPUT } from "./recorded-users.js";

export const MANAGED_USERS_OUTPUT = "managedUsers";

export interface DeployRosterOptions {
  /** Roster file or folder; default: config `ramp:roster`, else `roster.yaml`, else `roster/`. */
  rosterPath?: string;
  /** Stack config by full key; default: the running stack's config. */
  config?: Record<string, string>;
}

export interface RosterStackOutputs {
  /** email → "active" | "inactive" (", retainOnDelete"): for people, and the list to confirm for `pulumi destroy`. */
  [MANAGED_USERS_OUTPUT]: ManagedUsersOutput;
  /**
   * Whom the roster removed (email → Ramp user id), carried forward run to run: a person added back is reactivated as
   * the roster's own grant, while an inactive account the roster never removed needs a confirmation.
   */
  [REMOVED_FROM_ROSTER_OUTPUT]: Record<string, string>;
  /**
   * Roster users whose state in Ramp needs a person (expired invite, suspended, draft, or inactive while the roster
   * lists them active and no confirmation gives their access back), email → status.
   */
  needsAttention: Record<string, string>;
  departments: Record<string, pulumi.Output<string>>;
  locations: Record<string, pulumi.Output<string>>;
  usersByStatus: pulumi.Output<Record<string, number>>;
  pendingInvites: pulumi.Output<string[]>;
}

/** The SDK's exit code for "exited after logging a user-actionable message": the engine bails, changing nothing. */
const EXIT_AFTER_REPORTED_ERROR = 32;

/**
 * Ends the run after reporting `message` as its error, before any resource is registered. Throwing would do the
 * same, but after an engine invoke (the state read) the SDK keeps the process alive about 20 s on a thrown error;
 * reporting and exiting with the SDK's own code takes 2 s.
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

/** The roster file or folder: the explicit option, else the rule every command follows (roster/find.ts). */
export function resolveRosterPath(settings: ProgramSettings, explicit?: string, cwd = process.cwd()): string {
  if (explicit) return explicit;
  try {
    return findRoster(settings.rosterPath, cwd).path;
  } catch (err) {
    if (err instanceof RosterNotFoundError) throw new pulumi.RunError(err.message);
    throw err;
  }
}

/** The roster, its warnings logged; `today` names the users whose `deactivateOn` has passed (kept inactive). */
export function loadRosterForProgram(rosterPath: string, today: string = todayUtc()): Roster {
  const { roster, issues } = loadRoster(rosterPath, { today });
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

/**
 * The run's plan: the roster against the users the stack's state records (its last checkpoint, so whatever a failed
 * run adopted counts too) and live Ramp. A state that cannot be read ends the run: without it the guard cannot tell
 * whom the run would deactivate.
 */
async function planThisRun(roster: Roster, settings: ProgramSettings, today: string): Promise<RunPlan> {
  const [recorded, live] = await Promise.all([readRecordedUsers(), readLiveRamp()]);
  if (!recorded.ok) return stopRun(`guard: refusing to run: ${recorded.problem}`);
  if (!live.ok) void pulumi.log.warn(`could not read Ramp before planning (${live.problem}): the deactivation guard counts conservatively`);
  return planRun(roster, recorded.users, live.ok ? live.ramp : undefined, live.ok ? undefined : live.problem, {
    today,
    confirmReactivations: settings.guards.confirmReactivations ?? [],
    removedFromRoster: recorded.removedFromRoster,
  });
}

/** Warnings a reviewer sees in every preview and drift check: what the roster cannot fix by itself. */
function reportWhatNeedsAttention(plan: RunPlan): void {
  for (const { email, status, why } of plan.attention) void pulumi.log.warn(`${email} is ${status} in Ramp: ${why}`);
  for (const { email, date } of plan.scheduledInvitations) void pulumi.log.info(`${email}: invite scheduled for ${date} (a draft in Ramp until then)`);
  for (const { email, date } of plan.heldJoiners) {
    void pulumi.log.warn(
      `${email} is held until their first day ${date}: Ramp refused draft users for this business, so they are not in ` +
        `Ramp yet and nobody invites them early; the first run on or after ${date} (the nightly apply) invites them`,
    );
  }
  for (const { email, userId } of plan.unmanagedInvites) {
    void pulumi.log.warn(
      `${email} (${userId}) has a pending invite in Ramp, and neither the roster nor this stack manages them: an invite ` +
        `sent by hand, or by a run that was stopped and then reverted. Add them to the roster, or deactivate them in Ramp.`,
    );
  }
  for (const { email, rampEmail } of plan.emailDrift) {
    void pulumi.log.warn(
      `${email} has the email ${rampEmail} in Ramp (changed there by hand or by an identity provider). Ramp's API ` +
        `cannot change it back: in the roster, write 'email: ${rampEmail}' with 'formerEmails: ${email}' to keep this ` +
        `same Ramp user. Nobody is invited or deactivated because of it.`,
    );
  }
}

export async function deployRoster(options: DeployRosterOptions = {}): Promise<RosterStackOutputs> {
  let settings: ProgramSettings;
  try {
    settings = readProgramSettings(options.config ?? pulumi.runtime.allConfig());
  } catch (err) {
    throw new pulumi.RunError((err as Error).message);
  }
  const rosterPath = resolveRosterPath(settings, options.rosterPath);
  const today = todayUtc();
  const roster = loadRosterForProgram(rosterPath, today);

  const plan = await planThisRun(roster, settings, today);
  void pulumi.log.info(describePlan(plan));
  reportWhatNeedsAttention(plan);
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

  // The provider reactivates someone the roster did not remove only with this input: a confirmation names them, or
  // the roster removed them in an earlier run and now adds them back (the plan shows both as reactivations).
  const confirmedReactivations = new Set([...plan.confirmedReactivations, ...plan.addedBack]);
  const adoptions = new Map(plan.adoptions.map(({ email, ...seen }) => [email, seen]));
  const users = new Map<string, RampUser>();
  for (const user of managersFirst(roster.users)) {
    const department = user.department ? departments.get(user.department.toLowerCase()) : undefined;
    const location = user.location ? locations.get(user.location.toLowerCase()) : undefined;
    const manager = user.manager ? users.get(user.manager) : undefined;
    // Absent in the roster: not managed (omitted). `~`: none, which the plan has already refused if Ramp has one.
    const orgUnit = (written: string | null | undefined, resource: RampDepartment | RampLocation | undefined) =>
      written === undefined ? undefined : resource ? resource.id : null;
    const departmentId = orgUnit(user.department, department);
    const locationId = orgUnit(user.location, location);
    users.set(
      user.key,
      new RampUser(
        userName(user.key),
        {
          email: user.email,
          firstName: user.firstName,
          lastName: user.lastName,
          role: user.role,
          ...(departmentId !== undefined ? { departmentId } : {}),
          ...(locationId !== undefined ? { locationId } : {}),
          // The manager's Ramp id: null while the manager has no Ramp account (never the placeholder id).
          managerId: manager ? manager.userId : null,
          ...(user.employeeId !== undefined ? { employeeId: user.employeeId } : {}),
          ...(user.isManager !== undefined ? { isManager: user.isManager } : {}),
          // Absent: not managed (Ramp's date, or a guest's default, is kept); `~`: none; a date that has passed
          // is not sent again (Ramp has deactivated them, and `active` below keeps it so).
          ...(user.deactivateOn !== undefined && !deactivationDatePassed(user, today) ? { deactivateOn: user.deactivateOn } : {}),
          // A first day still ahead: a draft whose invitation Ramp sends that day. Reached or absent: invited now.
          ...(joinerDay(user, today) !== undefined ? { startOn: user.startOn } : {}),
          active: wantsAccess(user, today),
          ...(confirmedReactivations.has(user.key) ? { confirmReactivation: true } : {}),
          ...(adoptions.has(user.key) ? { rampAccount: adoptions.get(user.key)! } : {}),
        },
        { protect: user.protect, retainOnDelete: user.retainOnDelete, ...formerEmailOptions(user) },
      ),
    );
  }

  // One Output over every status, not an apply per user: each Output the SDK makes costs a promise chain and a
  // captured stack trace, which is measurable at thousands of users (docs/performance.md).
  const emails = [...users.keys()];
  const all = pulumi.all([...users.values()].map((resource) => resource.status)).apply((statuses) =>
    statuses.map((status, i) => ({ email: emails[i]!, status })),
  );
  return {
    [MANAGED_USERS_OUTPUT]: managedUsersOutput(roster),
    [REMOVED_FROM_ROSTER_OUTPUT]: plan.removedFromRoster,
    needsAttention: Object.fromEntries(plan.attention.map((a) => [a.email, a.status])),
    departments: Object.fromEntries(roster.departments.map((d) => [d.name, departments.get(d.name.toLowerCase())!.id])),
    locations: Object.fromEntries(roster.locations.map((l) => [l.name, locations.get(l.name.toLowerCase())!.id])),
    usersByStatus: all.apply((list) => {
      const counts: Record<string, number> = {};
      for (const { status } of list) counts[status] = (counts[status] ?? 0) + 1;
      return counts;
    }),
    pendingInvites: all.apply((list) =>
      list.filter(({ status }) => status === PENDING_INVITE_STATUS || status === EXPIRED_INVITE_STATUS).map(({ email }) => email),
    ),
  };
}
