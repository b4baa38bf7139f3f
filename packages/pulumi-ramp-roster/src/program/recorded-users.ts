// The users the stack's state records, read from its last checkpoint before any resource is registered. The
// checkpoint is written step by step, so it holds what a failed or killed run adopted or invited too: the plan
// counts the deactivations a run will really make, not those a previous run's outputs suggest.
import * as pulumi from "@pulumi/pulumi";
import { emailKey } from "../ramp-facts.js";
import { isHeldJoiner } from "../resources/user-model.js";
import type { RecordedUser } from "./plan.js";

/** The type token of a RampUser resource (a dynamic resource of module "ramp", type "User"). */
export const USER_RESOURCE_TYPE = "pulumi-nodejs:dynamic/ramp:User";
const USER_NAME_PREFIX = "user:";

/** The engine's built-in function that returns every resource of a stack with its outputs, by URN. */
const READ_STACK_RESOURCE_OUTPUTS = "pulumi:pulumi:readStackResourceOutputs";

export type RecordedUsersResult =
  | { ok: true; users: RecordedUser[]; removedFromRoster: Record<string, string> }
  | { ok: false; problem: string };

/** The stack output in which each run carries forward whom the roster removed (email → Ramp user id). */
export const REMOVED_FROM_ROSTER_OUTPUT = "removedFromRoster";
const STACK_TYPE = "pulumi:pulumi:Stack";

const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/** The RampUser resources among a stack's resources (URN → { type, outputs }). Pure, for tests. */
export function recordedUsersOf(resources: Record<string, unknown>): RecordedUser[] {
  const users: RecordedUser[] = [];
  for (const [urn, value] of Object.entries(resources)) {
    if (typeof value !== "object" || value === null) continue;
    const { type, outputs } = value as { type?: unknown; outputs?: unknown };
    if (type !== USER_RESOURCE_TYPE || typeof outputs !== "object" || outputs === null) continue;
    const name = urn.slice(urn.lastIndexOf("::") + 2);
    const outs = outputs as Record<string, unknown>;
    const email = name.startsWith(USER_NAME_PREFIX) ? name.slice(USER_NAME_PREFIX.length) : text(outs.email);
    if (email === undefined) continue;
    const role = text(outs.role);
    users.push({
      email: emailKey(email),
      userId: text(outs.userId) ?? null,
      active: outs.active !== false,
      ...(role ? { role } : {}),
      protect: outs.protect === true,
      retainOnDelete: outs.retainOnDelete === true,
      ...(typeof outs.rosterActive === "boolean" ? { rosterActive: outs.rosterActive } : {}),
      ...(isHeldJoiner(outs) ? { heldUntil: outs.startOn as string } : {}),
    });
  }
  return users.sort((a, b) => a.email.localeCompare(b.email));
}

/**
 * Whom the roster removed, as the last run's stack output records it: at the top level, or one level down for a
 * program that nests the outputs (`export const ramp = deployRoster()`). Anything malformed is left out: the
 * record only ever allows a reactivation, so losing it fails closed.
 */
export function removedFromRosterOf(resources: Record<string, unknown>): Record<string, string> {
  for (const value of Object.values(resources)) {
    if (typeof value !== "object" || value === null) continue;
    const { type, outputs } = value as { type?: unknown; outputs?: unknown };
    if (type !== STACK_TYPE || typeof outputs !== "object" || outputs === null) continue;
    const candidates = [outputs, ...Object.values(outputs)].map((o) => (typeof o === "object" && o !== null ? (o as Record<string, unknown>)[REMOVED_FROM_ROSTER_OUTPUT] : undefined));
    const found = candidates.find((c): c is Record<string, unknown> => typeof c === "object" && c !== null && !Array.isArray(c));
    if (!found) return {};
    return Object.fromEntries(Object.entries(found).filter((e): e is [string, string] => typeof e[1] === "string").map(([email, id]) => [emailKey(email), id]));
  }
  return {};
}

/** This stack's recorded users; a problem (never a guess) when the state cannot be read. */
export async function readRecordedUsers(): Promise<RecordedUsersResult> {
  const stackName = `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`;
  try {
    const result = (await pulumi.runtime.invoke(READ_STACK_RESOURCE_OUTPUTS, { stackName })) as { outputs?: unknown } | undefined;
    const outputs = result?.outputs;
    const resources = typeof outputs === "object" && outputs !== null ? (outputs as Record<string, unknown>) : {};
    return { ok: true, users: recordedUsersOf(resources), removedFromRoster: removedFromRosterOf(resources) };
  } catch (err) {
    return {
      ok: false,
      problem:
        `the stack's own state (${stackName}) could not be read, so this run cannot tell whom it would deactivate: ` +
        `${(err as Error).message}`,
    };
  }
}
