// Shared set-up of the end-to-end tests: a simulator, a roster built from a small model, and a stack workspace
// running the real Pulumi engine on the repository's program.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import type { RunningSimulator } from "../../packages/ramp-simulator/src/index.js";
import { changesByOp, REPO_ROOT, type EngineEvents } from "../support/pulumi-engine.js";

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
  deactivateOn?: string | null;
  startOn?: string;
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

/** The state backends the end-to-end tests that run on each backend run on. */
export type E2EBackend = "file" | "postgres";

/**
 * RAMP_E2E_BACKENDS (comma-separated), default both: `file` (a file:// folder) and `postgres` (a PostgreSQL cluster
 * the test starts, test/support/postgres.ts). CI runs the PostgreSQL variants once, on the pinned runtime.
 */
export function e2eBackends(env: NodeJS.ProcessEnv = process.env): E2EBackend[] {
  const named = (env.RAMP_E2E_BACKENDS ?? "file,postgres").split(",").map((s) => s.trim()).filter(Boolean);
  const unknown = named.filter((b) => b !== "file" && b !== "postgres");
  if (named.length === 0 || unknown.length > 0) throw new Error(`RAMP_E2E_BACKENDS=${env.RAMP_E2E_BACKENDS}: name file and/or postgres`);
  return [...new Set(named)] as E2EBackend[];
}

/** The engine runs the built provider (as a user's provider process does): it must be current. */
export function assertBuildIsCurrent(): void {
  const built = path.join(REPO_ROOT, "packages", "pulumi-ramp-roster", "dist", "runtime.js");
  assert.ok(fs.existsSync(built), "packages/pulumi-ramp-roster/dist is missing: run 'npm run build' (npm test does)");
  const builtAt = fs.statSync(built).mtimeMs;
  const sources = fs.readdirSync(path.join(REPO_ROOT, "packages", "pulumi-ramp-roster", "src"), { recursive: true, withFileTypes: true });
  const stale = sources.filter((e) => e.isFile() && fs.statSync(path.join(e.parentPath, e.name)).mtimeMs > builtAt + 1000);
  assert.deepEqual(stale.map((e) => e.name), [], "packages/pulumi-ramp-roster/dist is older than packages/pulumi-ramp-roster/src: run 'npm run build' (npm test does)");
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

const RELEASED_SHIM_METHODS: [string, string][] = [
  ["check", "olds, news"],
  ["diff", "id, olds, news"],
  ["create", "inputs"],
  ["read", "id, props"],
  ["update", "id, olds, news"],
  ["delete", "id, props"],
];

/**
 * dist/resources/shim.js as 0.1.0 and earlier built it: seven methods, each calling the runtime's `configure` or
 * `providers[kind].<method>`, so that is what those stacks store. Each method carries `marker` as a comment, so the
 * stored provider text shows which build wrote it.
 */
export function releasedShimJs(marker = "pulumi-ramp-roster 0.1.0"): string {
  const methods = RELEASED_SHIM_METHODS.map(
    ([method, params]) => `        async ${method}(${params}) {
            // ${marker}
            return require("pulumi-ramp-roster/runtime").providers[kind].${method}(${params});
        },`,
  );
  return `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.providerShim = providerShim;
const shims = new Map();
function providerShim(kind) {
    let shim = shims.get(kind);
    if (!shim) {
        shim = makeShim(kind);
        shims.set(kind, shim);
    }
    return shim;
}
function makeShim(kind) {
    return {
        async configure(req) {
            // ${marker}
            require("pulumi-ramp-roster/runtime").configure(req.config);
        },
${methods.join("\n")}
    };
}
`;
}

export interface OlderBuildChanges {
  /** dist/resources/shim.js as the older build had it: the provider text its stacks store. */
  shimJs?: string;
  /** Plain JavaScript appended to files of dist (the provider process has no TypeScript loader), by path in dist. */
  append?: Record<string, string>;
}

/**
 * A node_modules folder like the repository's, except that pulumi-ramp-roster is a copy of today's package
 * (package.json and dist, version 0.0.9) changed into an older build. Everything else is a symlink to the
 * repository's packages, so @pulumi/pulumi stays one module instance.
 */
export function makeOlderBuild(dir: string, changes: OlderBuildChanges): string {
  const repoModules = path.join(REPO_ROOT, "node_modules");
  const modules = path.join(dir, "node_modules");
  fs.mkdirSync(modules, { recursive: true });
  for (const entry of fs.readdirSync(repoModules)) {
    if (entry !== "pulumi-ramp-roster") fs.symlinkSync(path.join(repoModules, entry), path.join(modules, entry));
  }
  const provider = path.join(REPO_ROOT, "packages", "pulumi-ramp-roster");
  const pkg = path.join(modules, "pulumi-ramp-roster");
  fs.mkdirSync(pkg);
  const manifest = JSON.parse(fs.readFileSync(path.join(provider, "package.json"), "utf8")) as { version: string };
  fs.writeFileSync(path.join(pkg, "package.json"), JSON.stringify({ ...manifest, version: "0.0.9" }, null, 2));
  fs.cpSync(path.join(provider, "dist"), path.join(pkg, "dist"), { recursive: true });
  // The provider's own dependencies that npm did not hoist (as an installed package would have them).
  if (fs.existsSync(path.join(provider, "node_modules"))) fs.symlinkSync(path.join(provider, "node_modules"), path.join(pkg, "node_modules"));

  if (changes.shimJs !== undefined) {
    fs.writeFileSync(path.join(pkg, "dist", "resources", "shim.js"), changes.shimJs);
    fs.rmSync(path.join(pkg, "dist", "resources", "shim.js.map"), { force: true });
  }
  for (const [file, code] of Object.entries(changes.append ?? {})) fs.appendFileSync(path.join(pkg, "dist", file), code);
  return modules;
}

let stepDepth = 0;

/**
 * One named step of a scenario that runs on one stack: prints the name as the step starts (so mocha's output tells
 * the story, and shows where a slow run is), and prefixes any failure with it, so a failing `it` says which step
 * broke. Steps may nest; a step returns what its body returns, for the steps after it.
 */
export async function step<T>(name: string, body: () => Promise<T>): Promise<T> {
  console.log(`${"  ".repeat(stepDepth + 3)}- ${name}`);
  stepDepth += 1;
  try {
    return await body();
  } catch (error) {
    throw failedIn(name, error);
  } finally {
    stepDepth -= 1;
  }
}

/** The same error, its message (and the first line of its stack) prefixed with the step's name. */
function failedIn(name: string, error: unknown): Error {
  if (!(error instanceof Error)) return new Error(`${name}: ${String(error)}`, { cause: error });
  const message = error.message;
  error.message = `${name}: ${message}`;
  if (message && error.stack) error.stack = error.stack.replace(message, error.message);
  return error;
}
