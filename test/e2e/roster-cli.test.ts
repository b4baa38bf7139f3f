// The CLI with the real Pulumi engine: `ramp-roster export` of a Ramp with a few hundred users, whose first
// `pulumi up` makes no invite, PATCH or deactivation (the simulator's request log says so); and `ramp-roster plan`
// of a real preview of a roster change that touches every kind of change, compared with the expected text.
import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { addMonths, startSimulator, type RunningSimulator, type StoredUserPatch } from "../../packages/ramp-simulator/src/index.js";
import { REPO_ROOT, StackWorkspace } from "../support/pulumi-engine.js";
import { EXPECTED_PLAN_MARKDOWN, EXPECTED_PLAN_TEXT } from "./plan-expected.js";
import { assertBuildIsCurrent, rampChanges } from "./support.js";

const credentials = { clientId: "e2e-cli-client", clientSecret: "e2e-cli-secret-never-printed-81f2" };
const MAIN = path.join(REPO_ROOT, "packages", "pulumi-ramp-roster", "dist", "cli", "main.js");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The built `ramp-roster` bin, as a person or CI runs it. */
function ramp(args: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], { cwd: options.cwd ?? REPO_ROOT, env: options.env ?? process.env });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

function rampEnv(sim: RunningSimulator): NodeJS.ProcessEnv {
  return { ...process.env, RAMP_CLIENT_ID: credentials.clientId, RAMP_CLIENT_SECRET: credentials.clientSecret, RAMP_API_URL: sim.baseUrl };
}

/** Routes other than reads and the token: what changes Ramp. */
function writes(sim: RunningSimulator): string[] {
  return sim.admin
    .requestLog()
    .filter((r) => r.method !== "GET" && r.route !== "POST /token")
    .map((r) => `${r.route} ${r.body ?? ""}`);
}

/**
 * A company of 330 people: department heads and team leads, reports with employee ids, some without department or
 * location, Admins, IT Admins, Bookkeepers, Auditors, Guests; deactivated users, pending and expired invites, people
 * onboarding; guests with the date Ramp gives them and contractors with an end date; and what a roster leaves out:
 * the owner, suspended users, a role it cannot express.
 */
function seedCompany(sim: RunningSimulator): { exported: number; leftOut: number; dated: number } {
  const { admin } = sim;
  const departments = ["Engineering", "Finance", "Sales", "Operations", "Legal", "People"].map((name) => admin.addDepartment(name));
  const locations = ["New York HQ", "London", "Remote (US)"].map((name) => admin.addLocation(name));
  let n = 0;
  let dated = 0;
  // Dates ahead of today (the simulator follows the real clock), so Ramp has not applied them yet.
  const inMonths = (months: number) => {
    dated += 1;
    return addMonths(new Date().toISOString().slice(0, 10), months);
  };
  const add = (fields: StoredUserPatch & { email?: string }) => {
    n += 1;
    const id = String(n).padStart(4, "0");
    return admin.addUser({ email: `person.${id}@acme.com`, first_name: "Person", last_name: `Number ${id}`, ...fields });
  };
  admin.addUser({ email: "owner@acme.com", first_name: "Olive", last_name: "Owner", role: "BUSINESS_OWNER" });
  for (let i = 0; i < 3; i++) add({ role: "BUSINESS_ADMIN", department_id: departments[1]!.id, location_id: locations[0]!.id });
  const heads = departments.map((d, i) => add({ department_id: d.id, location_id: locations[i % 3]!.id, is_manager: true, employee_id: `H-${i + 1}` }));
  const leads = heads.flatMap((head, i) =>
    [0, 1].map((j) => add({ department_id: departments[i]!.id, location_id: locations[(i + j) % 3]!.id, manager_id: head.id, is_manager: true })),
  );
  for (let i = 0; i < 2; i++) add({ role: "IT_ADMIN", department_id: departments[0]!.id, manager_id: heads[0]!.id });
  for (let i = 0; i < 3; i++) add({ role: "BUSINESS_BOOKKEEPER", department_id: departments[1]!.id, manager_id: heads[1]!.id });
  for (let i = 0; i < 2; i++) add({ role: "AUDITOR", first_name: "Outside", last_name: `Auditor ${i}` });
  for (let i = 0; i < 3; i++) {
    add({ role: "GUEST_USER", department_id: departments[2]!.id, manager_id: leads[4]!.id, scheduled_deactivation_date: inMonths(6) });
  }
  const statuses = (i: number) =>
    i % 14 === 0 ? "USER_INACTIVE" : i % 19 === 0 ? "INVITE_PENDING" : i % 61 === 0 ? "INVITE_EXPIRED" : i % 53 === 0 ? "USER_ONBOARDING" : "USER_ACTIVE";
  for (let i = 1; i <= 290; i++) {
    const lead = leads[i % leads.length]!;
    add({
      department_id: i % 23 === 0 ? null : lead.department_id,
      location_id: i % 17 === 0 ? null : locations[i % 3]!.id,
      manager_id: i % 29 === 0 ? null : lead.id,
      employee_id: i % 5 === 0 ? null : `E-${String(i).padStart(4, "0")}`,
      status: statuses(i),
      ...(i % 31 === 0 ? { scheduled_deactivation_date: inMonths(2) } : {}),
    });
  }
  add({ status: "USER_SUSPENDED" });
  add({ status: "USER_SUSPENDED", department_id: departments[3]!.id });
  add({ role: "UNBUNDLED_CARDHOLDER" });
  return { exported: n - 3, leftOut: 4, dated };
}

describe("e2e: ramp-roster export, then the first pulumi up", function () {
  this.timeout(600_000);
  let sim: RunningSimulator;
  let ws: StackWorkspace | undefined;
  let dir: string;

  before(async () => {
    assertBuildIsCurrent();
    sim = await startSimulator({ ...credentials, taskDelayMs: 20 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "ramp-roster-export-"));
  });
  after(async () => {
    ws?.dispose();
    await sim?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("exports a Ramp of 330 people as a roster that validates, and the first up makes no invite, PATCH or deactivation and keeps every date", async () => {
    const { exported, leftOut, dated } = seedCompany(sim);
    const file = path.join(dir, "roster.yaml");
    const run = await ramp(["export", "--out", file], { env: rampEnv(sim) });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`^Wrote ${file}: ${exported} users \\(20 inactive, 14 invites pending, 4 expired\\), 6 departments, 3 locations\\.\n`));
    assert.match(run.stdout, new RegExp(`Left out \\(${leftOut};`));
    assert.match(run.stdout, /The first `pulumi up` with this roster will invite, change and deactivate no one\.\nChecked: valid/);
    const validate = await ramp(["validate", file]);
    assert.equal(validate.code, 0, validate.stdout);

    const text = fs.readFileSync(file, "utf8");
    // Contractors' end dates and guests' dates are written, so the first up keeps them (checked below: no write).
    assert.equal(text.match(/^ {4}deactivateOn: \d{4}-\d{2}-\d{2}$/gm)?.length, dated);
    ws = await StackWorkspace.create({ name: "export", rosterText: text, ramp: { baseUrl: sim.baseUrl, ...credentials } });
    sim.admin.resetRequestLog();
    const usersBefore = JSON.stringify(sim.admin.users());

    // The first pull request after the export, as its reviewers read it: everyone adopted, nothing changed.
    const first = await ws.pulumi(["preview", "--json"]);
    fs.writeFileSync(path.join(dir, "first-preview.json"), first.stdout);
    const firstPlan = await ramp(["plan", path.join(dir, "first-preview.json")]);
    assert.equal(firstPlan.code, 0, firstPlan.stderr);
    assert.match(
      firstPlan.stdout,
      new RegExp(`^Ramp roster plan: 0 invitations, ${exported} adoptions of existing Ramp accounts \\(no change\\), 0 changes, 0 deactivations, 0 reactivations, 0 email replacements\n`),
    );
    assert.doesNotMatch(firstPlan.stdout, /PRIVILEGE CHANGES|HELD INACTIVE|Invitations \(/);
    const firstJson = JSON.parse((await ramp(["plan", path.join(dir, "first-preview.json"), "--format", "json"])).stdout) as {
      adoptions: { fields: unknown[]; status: string }[];
    };
    assert.equal(firstJson.adoptions.length, exported);
    assert.ok(firstJson.adoptions.every((a) => a.fields.length === 0));
    assert.equal(firstJson.adoptions.filter((a) => a.status === "USER_INACTIVE").length, 20, "inactive accounts adopted as inactive (active: false)");
    assert.deepEqual(writes(sim), []);
    const { events } = await ws.up();
    assert.deepEqual(writes(sim), [], "the first up with an exported roster must not change Ramp");
    assert.equal(JSON.stringify(sim.admin.users()), usersBefore);
    const changes = rampChanges(events);
    assert.deepEqual(Object.keys(changes), ["create"], "every resource is adopted (a create in Pulumi's terms, no call to Ramp)");
    assert.equal(changes.create!.length, exported + 6 + 3);

    // And the reviewers' view of the next preview: nothing to do.
    const preview = await ws.pulumi(["preview", "--json"]);
    fs.writeFileSync(path.join(dir, "preview.json"), preview.stdout);
    const plan = await ramp(["plan", path.join(dir, "preview.json")]);
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(plan.stdout, /^Ramp roster plan: no changes\nGuards: passed \(roster plan: 0 new, 0 to deactivate, 0 to reactivate, 3 active admins\)\n/);
    // The seeded expired invites need a person (the roster cannot resend them): the preview warns, by name.
    const warned = plan.stdout.split("\n").filter((line) => line.startsWith("  - warning:"));
    assert.ok(warned.length > 0 && warned.every((line) => /is INVITE_EXPIRED in Ramp/.test(line)), plan.stdout);
    assert.deepEqual(writes(sim), []);
  });
});

/** The roster before the pull request: applied with `pulumi up` first. */
const BASE_ROSTER = `departments: [Engineering, Finance]
locations:
  - name: New York HQ
users:
  - {email: ada.admin@example.com, firstName: Ada, lastName: Admin, role: Admin, department: Finance, location: New York HQ}
  - {email: alan.admin@example.com, firstName: Alan, lastName: Admin, role: Admin, department: Finance}
  - {email: bea.boss@example.com, firstName: Bea, lastName: Boss, role: Cardholder, department: Engineering, location: New York HQ, isManager: true}
  - {email: carl.cfo@example.com, firstName: Carl, lastName: Cfo, role: Bookkeeper, department: Finance}
  - {email: dan.dev@example.com, firstName: Dan, lastName: Dev, role: Cardholder, department: Engineering, manager: bea.boss@example.com}
  - {email: eve.eng@example.com, firstName: Eve, lastName: Eng, role: Cardholder, department: Engineering, manager: bea.boss@example.com}
  - {email: fay.fin@example.com, firstName: Fay, lastName: Fin, role: Cardholder, department: Finance, manager: carl.cfo@example.com}
  - {email: gus.gone@example.com, firstName: Gus, lastName: Gone, role: Cardholder, department: Engineering, manager: bea.boss@example.com}
  - {email: hal.hold@example.com, firstName: Hal, lastName: Hold, role: Cardholder, department: Engineering, active: false}
  - {email: ivy.it@example.com, firstName: Ivy, lastName: It, role: IT Admin, department: Engineering, manager: bea.boss@example.com}
  - {email: otto.out@example.com, firstName: Otto, lastName: Out, role: Cardholder, department: Finance, retainOnDelete: true}
`;

/** The pull request: every kind of change a reviewer must see. */
const CHANGED_ROSTER = `departments: [Engineering, Finance, Sales]
locations:
  - name: NYC HQ
    renamedFrom: New York HQ
users:
  - {email: ada.admin@example.com, firstName: Ada, lastName: Admin, role: Cardholder, department: Finance, location: NYC HQ, manager: bea.boss@example.com}
  - {email: alan.admin@example.com, firstName: Alan, lastName: Admin, role: Admin, department: Finance}
  - {email: bea.boss@example.com, firstName: Bea, lastName: Bossman, role: Cardholder, department: Engineering, location: NYC HQ, isManager: true, employeeId: E-100}
  - {email: carl.cfo@example.com, firstName: Carl, lastName: Cfo, role: Bookkeeper, department: Finance, manager: alan.admin@example.com}
  - {email: dan.dev@example.com, firstName: Dan, lastName: Dev, role: Bookkeeper, department: Engineering, manager: bea.boss@example.com}
  - {email: eve.eng@example.com, firstName: Eve, lastName: Eng, role: Cardholder, department: Sales, location: NYC HQ, manager: bea.boss@example.com}
  - {email: fay.finance@example.com, formerEmails: fay.fin@example.com, firstName: Fay, lastName: Fin, role: Cardholder, department: Finance, manager: carl.cfo@example.com}
  - {email: hal.hold@example.com, firstName: Hal, lastName: Hold, role: Cardholder, department: Engineering}
  - {email: ivy.it@example.com, firstName: Ivy, lastName: It, role: IT Admin, department: Engineering, manager: bea.boss@example.com, active: false}
  - {email: kim.new@example.com, firstName: Kim, lastName: New, role: Admin, department: Sales, location: NYC HQ}
  - {email: lee.rep@example.com, firstName: Lee, lastName: Rep, role: Cardholder, department: Sales, manager: kim.new@example.com}
`;

describe("e2e: ramp-roster plan of a real preview", function () {
  this.timeout(600_000);
  let sim: RunningSimulator;
  let ws: StackWorkspace;
  let dir: string;

  before(async () => {
    assertBuildIsCurrent();
    sim = await startSimulator({ ...credentials, taskDelayMs: 20 });
    // Hal left before the roster existed: deactivated in Ramp, `active: false` in the roster.
    sim.admin.addUser({ email: "hal.hold@example.com", first_name: "Hal", last_name: "Hold", status: "USER_INACTIVE" });
    ws = await StackWorkspace.create({ name: "plan", rosterText: BASE_ROSTER, ramp: { baseUrl: sim.baseUrl, ...credentials } });
    await ws.up();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "ramp-roster-plan-"));
  });
  after(async () => {
    ws?.dispose();
    await sim?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  // Each test writes its own pull request's roster and previews it against the stack `before` applied; none runs
  // `up`, so none depends on another.
  it("summarizes a change that touches every kind of change, privilege changes first (text and Markdown)", async () => {
    ws.writeRoster(CHANGED_ROSTER);
    const preview = await ws.pulumi(["preview", "--json"]);
    const file = path.join(dir, "preview.json");
    fs.writeFileSync(file, preview.stdout);
    const [text, markdown] = await Promise.all([ramp(["plan", file]), ramp(["plan", file, "--format", "markdown"])]);
    assert.equal(text.code, 0, text.stderr);
    assert.equal(text.stdout, EXPECTED_PLAN_TEXT);
    assert.equal(markdown.stdout, EXPECTED_PLAN_MARKDOWN);
  });

  it("--run runs the preview itself in the project folder and gives the same plan", async () => {
    ws.writeRoster(CHANGED_ROSTER);
    const run = await ramp(["plan", "--run", "--cwd", ws.projectDir], { env: ws.env });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, EXPECTED_PLAN_TEXT);
  });

  it("fails the preview on a policy breach, at file:line:column as validate reports it", async () => {
    const breaching = `policy: {emailDomains: [example.com], maxAdmins: 1}\n${CHANGED_ROSTER.replace("lee.rep@example.com", "lee.rep@gmail.com")}`;
    ws.writeRoster(breaching);
    const preview = await ws.pulumi(["preview", "--json"], { allowFailure: true });
    fs.writeFileSync(path.join(dir, "policy.json"), preview.stdout);
    const run = await ramp(["plan", path.join(dir, "policy.json"), "--format", "json"]);
    assert.equal(run.code, 1, run.stderr);
    const plan = JSON.parse(run.stdout);
    assert.equal(plan.guard.state, "failed");
    const validate = await ramp(["validate", "roster.yaml"], { cwd: ws.projectDir });
    assert.equal(validate.code, 1);
    const issues = validate.stdout.split("\n").filter((line) => line.includes(": error: "));
    assert.deepEqual(issues, [
      "roster.yaml:16:71: error: 2 active Admins in the roster, more than the policy allows (maxAdmins: 1 at roster.yaml:1): alan.admin@example.com, kim.new@example.com",
      "roster.yaml:17:13: error: 'lee.rep@gmail.com' is outside the allowed email domains (example.com; policy at roster.yaml:1): correct the address, or list it under 'emailExceptions'",
    ]);
    for (const issue of issues) assert.ok(plan.guard.errors.join("\n").includes(issue), issue);
  });

  it("shows the guard's refusal, and exits 1", async () => {
    const removing = CHANGED_ROSTER.split("\n")
      .filter((line) => !/(dan\.dev|eve\.eng)@/.test(line))
      .join("\n");
    ws.writeRoster(removing);
    const preview = await ws.pulumi(["preview", "--json"], { allowFailure: true });
    fs.writeFileSync(path.join(dir, "refused.json"), preview.stdout);
    const run = await ramp(["plan", path.join(dir, "refused.json"), "--format", "json"]);
    assert.equal(run.code, 1, run.stderr);
    const plan = JSON.parse(run.stdout);
    assert.equal(plan.guard.state, "refused");
    assert.match(plan.guard.errors.join("\n"), /guard: refusing to run/);
    for (const email of ["dan.dev@example.com", "eve.eng@example.com", "gus.gone@example.com", "ivy.it@example.com"]) {
      assert.ok(plan.guard.errors.join("\n").includes(email), email);
    }
    assert.equal(plan.counts.deactivations, 0, "a refused preview registers no resource: nothing is planned");
    const text = await ramp(["plan", path.join(dir, "refused.json")]);
    assert.match(text.stdout, /^Ramp roster plan: nothing will run\nGuards: REFUSED: this change cannot be applied as it is/);
  });
});
