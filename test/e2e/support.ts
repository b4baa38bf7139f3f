// Shared set-up of the end-to-end tests: a simulator, a roster built from a small model, and a stack workspace
// running the real Pulumi engine on the repository's program.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import type { RunningSimulator } from "../../provider/src/simulator/index.js";
import { changesByOp, REPO_ROOT, type EngineEvents } from "../../scripts/lib/pulumi-engine.js";

export interface E2EUser {
  email: string;
  firstName: string;
  lastName: string;
  role: string;
  department?: string;
  location?: string;
  manager?: string;
  active?: boolean;
  retainOnDelete?: boolean;
}

export interface E2ERoster {
  departments: string[];
  locations: string[];
  users: E2EUser[];
}

export function rosterYaml(roster: E2ERoster): string {
  return stringify({
    departments: roster.departments,
    locations: roster.locations.map((name) => ({ name })),
    users: roster.users,
  });
}

/** A small company: an admin, two managers, and reports in two departments. */
export function baseRoster(): E2ERoster {
  const user = (email: string, role: string, extra: Partial<E2EUser> = {}): E2EUser => {
    const [first, last] = email.split("@")[0]!.split(".");
    const cap = (s = "x") => s[0]!.toUpperCase() + s.slice(1);
    return { email, firstName: cap(first), lastName: cap(last), role, ...extra };
  };
  return {
    departments: ["Engineering", "Finance"],
    locations: ["New York HQ"],
    users: [
      user("ada.admin@example.com", "Admin", { department: "Finance", location: "New York HQ" }),
      user("bea.boss@example.com", "Cardholder", { department: "Engineering", location: "New York HQ" }),
      user("carl.cfo@example.com", "Bookkeeper", { department: "Finance", location: "New York HQ" }),
      user("dan.dev@example.com", "Cardholder", { department: "Engineering", manager: "bea.boss@example.com" }),
      user("eve.eng@example.com", "Cardholder", { department: "Engineering", manager: "bea.boss@example.com" }),
      user("fay.fin@example.com", "Cardholder", { department: "Finance", manager: "carl.cfo@example.com" }),
      user("gus.gone@example.com", "Cardholder", { department: "Engineering", manager: "bea.boss@example.com" }),
    ],
  };
}

/** The engine runs the built provider (as a user's provider process does): it must be current. */
export function assertBuildIsCurrent(): void {
  const built = path.join(REPO_ROOT, "provider", "dist", "runtime.js");
  assert.ok(fs.existsSync(built), "provider/dist is missing: run 'npm run build' (npm test does)");
  const builtAt = fs.statSync(built).mtimeMs;
  const sources = fs.readdirSync(path.join(REPO_ROOT, "provider", "src"), { recursive: true, withFileTypes: true });
  const stale = sources.filter((e) => e.isFile() && fs.statSync(path.join(e.parentPath, e.name)).mtimeMs > builtAt + 1000);
  assert.deepEqual(stale.map((e) => e.name), [], "provider/dist is older than provider/src: run 'npm run build' (npm test does)");
}

/** Changes to Ramp resources only (not the stack itself or the previous-run reference), by kind of step. */
export function rampChanges(events: EngineEvents): Record<string, string[]> {
  return changesByOp({ ...events, steps: events.steps.filter((s) => s.urn.includes("pulumi-nodejs:dynamic/ramp:")) });
}

/** For update steps: resource name → the input properties that change. */
export function updatedFields(events: EngineEvents): Record<string, string[]> {
  return Object.fromEntries(events.steps.filter((s) => s.op === "update").map((s) => [s.name, s.changed]));
}

/** The JSON bodies of one route's requests since the last reset. */
export function bodiesOf(sim: RunningSimulator, route: string): Record<string, unknown>[] {
  return sim.admin
    .requestLog()
    .filter((r) => r.route === route)
    .map((r) => JSON.parse(r.body || "{}") as Record<string, unknown>);
}

export function liveUser(sim: RunningSimulator, email: string) {
  const matches = sim.admin.users().filter((u) => u.email.toLowerCase() === email.toLowerCase());
  assert.equal(matches.length, 1, `${email} should exist exactly once in Ramp, found ${matches.length}`);
  return matches[0]!;
}
