// `ramp-roster export` against the simulator: the roster it writes (exactly), what it leaves out and why, the
// read-only calls it makes, and the file, folder and standard-output forms.
import { strict as assert } from "node:assert";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportRoster } from "../../packages/pulumi-ramp-roster/src/cli/export-roster.js";
import { RampClient } from "../../packages/pulumi-ramp-roster/src/client/index.js";
import { loadRoster, type RosterUser } from "../../packages/pulumi-ramp-roster/src/roster/index.js";
import { startSimulator, type RunningSimulator } from "../../packages/ramp-simulator/src/index.js";
import { cli, routesCalled, SIM_CREDENTIALS, simEnv } from "./helpers.js";

const NOW = new Date("2026-03-02T09:00:00Z");

/** A small company with one of each thing an export must handle. */
function seed(sim: RunningSimulator): void {
  const { admin } = sim;
  const engineering = admin.addDepartment("Engineering");
  const finance = admin.addDepartment("Finance");
  admin.addDepartment("Legal");
  const newYork = admin.addLocation("New York");
  const owner = admin.addUser({ email: "olivia.owner@acme.com", first_name: "Olivia", last_name: "Owner", role: "BUSINESS_OWNER" });
  admin.addUser({ email: "ada.admin@acme.com", first_name: "Ada", last_name: "Admin", role: "BUSINESS_ADMIN", department_id: finance.id });
  const bea = admin.addUser({
    email: "bea.boss@acme.com",
    first_name: "Bea",
    last_name: "Boss",
    department_id: engineering.id,
    location_id: newYork.id,
    is_manager: true,
    employee_id: "0042",
  });
  admin.addUser({ email: "dan.dev@acme.com", first_name: "Dan", last_name: "Dev", department_id: engineering.id, manager_id: bea.id, status: "INVITE_PENDING" });
  admin.addUser({ email: "ivy.it@acme.com", first_name: "Ivy", last_name: "It", role: "IT_ADMIN", department_id: engineering.id, manager_id: bea.id });
  admin.addUser({ email: "kit.books@acme.com", first_name: "Kit", last_name: "Books", role: "BUSINESS_BOOKKEEPER", department_id: finance.id, status: "USER_INACTIVE" });
  admin.addUser({ email: "exp.ired@acme.com", first_name: "Exp", last_name: "Ired", department_id: finance.id, status: "INVITE_EXPIRED" });
  admin.addUser({ email: "gus.guest@partner.io", first_name: "Gus", last_name: "Guest", role: "GUEST_USER", manager_id: owner.id });
  admin.addUser({ email: "audrey@kline-audit.com", first_name: "Audrey", last_name: "Kline", role: "AUDITOR" });
  admin.addUser({ email: "sue.spended@acme.com", first_name: "Sue", last_name: "Spended", department_id: engineering.id, status: "USER_SUSPENDED" });
  admin.addUser({ email: "cy.coord@acme.com", first_name: "Cy", last_name: "Coord", role: "UNBUNDLED_CARDHOLDER" });
}

const EXPECTED_ROSTER = `# Ramp roster exported from BASE_URL by \`ramp-roster export\` on 2026-03-02:
# 8 users (1 inactive, 1 invite pending, 1 expired), 3 departments, 1 location.
# Applied as it is, the first \`pulumi up\` invites and deactivates no one, and changes only what the comments on 1 user say.
# Review it (roles, managers, who should still be here), commit it, and from then on change Ramp by changing this roster.

departments:
  - Engineering
  - Finance
  - Legal

locations:
  - name: New York

# A policy for this roster, checked by \`ramp-roster validate\` and by every \`pulumi preview\` (see docs/roster-reference.md).
# Suggested from what Ramp has today: review it, then remove the '# ' in front of the lines below.
# policy:
#   emailDomains: [acme.com]
#   emailExceptions: [audrey@kline-audit.com, gus.guest@partner.io]
#   maxAdmins: 1
users:
  # Engineering (3)
  - email: bea.boss@acme.com
    firstName: Bea
    lastName: Boss
    role: Cardholder
    department: Engineering
    location: New York
    employeeId: "0042"
    isManager: true
  - email: dan.dev@acme.com # invite pending
    firstName: Dan
    lastName: Dev
    role: Cardholder
    department: Engineering
    manager: bea.boss@acme.com
  - email: ivy.it@acme.com
    firstName: Ivy
    lastName: It
    role: IT Admin
    department: Engineering
    manager: bea.boss@acme.com

  # Finance (3)
  - email: ada.admin@acme.com
    firstName: Ada
    lastName: Admin
    role: Admin
    department: Finance
  - email: kit.books@acme.com
    firstName: Kit
    lastName: Books
    role: Bookkeeper
    department: Finance
    active: false
  - email: exp.ired@acme.com # invite expired: resend it from Ramp (the roster cannot)
    firstName: Exp
    lastName: Ired
    role: Cardholder
    department: Finance

  # No department (2)
  # Ramp has olivia.owner@acme.com as manager, whom this roster leaves out (see the end of the file): the first \`pulumi up\` will clear their manager.
  - email: gus.guest@partner.io
    firstName: Gus
    lastName: Guest
    role: Guest
  - email: audrey@kline-audit.com
    firstName: Audrey
    lastName: Kline
    role: Auditor

# Ramp users this roster leaves out (3): they stay as they are in Ramp, and nothing here changes them.
#   - cy.coord@acme.com (Cy Coord, USER_ACTIVE): role UNBUNDLED_CARDHOLDER, which a roster cannot express
#   - olivia.owner@acme.com (Olivia Owner, USER_ACTIVE): the business owner (Owner): Ramp's API can neither invite nor assign this role
#   - sue.spended@acme.com (Sue Spended, USER_SUSPENDED): suspended in Ramp, which a roster cannot express
`;

/** What a user is, without where it was written. */
function essence(users: readonly RosterUser[] | undefined) {
  return (users ?? []).map(({ source: _source, ...user }) => user).sort((a, b) => a.key.localeCompare(b.key));
}

describe("ramp-roster export", function () {
  this.timeout(30_000);
  let sim: RunningSimulator;
  let dir: string;

  before(async () => {
    sim = await startSimulator({ ...SIM_CREDENTIALS, taskDelayMs: 10 });
    seed(sim);
  });
  after(async () => sim?.close());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "ramp-export-"));
    sim.admin.resetRequestLog();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes the Ramp as a roster: UI roles, managers by email, inactive users, comments for what it cannot hold", async () => {
    const out = join(dir, "roster.yaml");
    const run = await cli(["export", "--out", out], { env: simEnv(sim), now: NOW });
    assert.equal(run.stderr, "");
    assert.equal(run.code, 0);
    assert.equal(readFileSync(out, "utf8"), EXPECTED_ROSTER.replace("BASE_URL", sim.baseUrl));
    assert.equal(
      run.stdout,
      [
        `Wrote ${out}: 8 users (1 inactive, 1 invite pending, 1 expired), 3 departments, 1 location.`,
        "Left out (3; they stay as they are in Ramp, listed at the end of the roster):",
        "  - cy.coord@acme.com: role UNBUNDLED_CARDHOLDER, which a roster cannot express",
        "  - olivia.owner@acme.com: the business owner (Owner): Ramp's API can neither invite nor assign this role",
        "  - sue.spended@acme.com: suspended in Ramp, which a roster cannot express",
        "The first `pulumi up` with this roster will change 1 value a roster cannot hold as Ramp has it:",
        "  - gus.guest@partner.io: clear their manager",
        "Checked: valid.",
        "",
      ].join("\n"),
    );
    // The same check as `ramp-roster validate`.
    const validate = await cli(["validate", out]);
    assert.deepEqual(validate, { code: 0, stdout: `${out}: 8 users, 3 departments, 1 location — valid\n`, stderr: "" });
  });

  it("only lists (users, suspended users, departments, locations), with read-only scopes", async () => {
    await cli(["export", "--out", join(dir, "r.yaml")], { env: simEnv(sim), now: NOW });
    assert.deepEqual(routesCalled(sim), ["GET /departments", "GET /locations", "GET /users"]);
    const listings = sim.admin.requestLog().filter((r) => r.route === "GET /users").map((r) => r.query.status ?? "(default)");
    assert.deepEqual(listings.sort(), ["(default)", "USER_DRAFT", "USER_SUSPENDED"]);
    // The client asks for one token per scope it uses: here only the three read scopes.
    const scopes = sim.admin.requestLog().filter((r) => r.route === "POST /token").map((r) => new URLSearchParams(r.body ?? "").get("scope"));
    assert.deepEqual(scopes.sort(), ["departments:read", "locations:read", "users:read"]);
  });

  it("writes a folder split by department that loads to the same roster as the single file", async () => {
    const folder = join(dir, "roster");
    const run = await cli(["export", "--out", folder, "--by-department"], { env: simEnv(sim), now: NOW });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`^Wrote ${folder} \\(3 files\\): 8 users`));
    assert.deepEqual(readdirSync(folder).sort(), ["company.yaml", "engineering.yaml", "finance.yaml"]);
    writeFileSync(join(dir, "single.yaml"), EXPECTED_ROSTER.replace("BASE_URL", sim.baseUrl));
    const [fromFolder, fromFile] = [loadRoster(folder), loadRoster(join(dir, "single.yaml"))];
    assert.deepEqual(fromFolder.issues, []);
    assert.deepEqual(essence(fromFolder.roster?.users), essence(fromFile.roster?.users));
    assert.deepEqual(fromFolder.roster?.departments.map((d) => d.name), ["Engineering", "Finance", "Legal"]);
    assert.match(readFileSync(join(folder, "company.yaml"), "utf8"), /# {3}- sue.spended@acme.com \(Sue Spended, USER_SUSPENDED\)/);
  });

  it("writes to standard output with '-', the summary on standard error; --format json for tools", async () => {
    const run = await cli(["export", "--out", "-", "--format", "json"], { env: simEnv(sim), now: NOW });
    assert.equal(run.code, 0);
    assert.equal(run.stdout, EXPECTED_ROSTER.replace("BASE_URL", sim.baseUrl));
    const summary = JSON.parse(run.stderr);
    assert.equal(summary.users, 8);
    assert.equal(summary.valid, true);
    assert.deepEqual(summary.firstRunChanges, [{ email: "gus.guest@partner.io", change: "clear their manager" }]);
    assert.deepEqual(summary.leftOut.map((u: { email: string }) => u.email), ["cy.coord@acme.com", "olivia.owner@acme.com", "sue.spended@acme.com"]);
  });

  it("does not overwrite without --force; with it, replaces a folder's roster files and nothing else", async () => {
    const file = join(dir, "roster.yaml");
    writeFileSync(file, "# mine\n");
    const refused = await cli(["export", "--out", file], { env: simEnv(sim) });
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /roster\.yaml exists: pass --force to replace it/);
    assert.equal(readFileSync(file, "utf8"), "# mine\n");
    assert.equal((await cli(["export", "--out", file, "--force"], { env: simEnv(sim) })).code, 0);

    const folder = join(dir, "team");
    await cli(["export", "--out", folder, "--by-department"], { env: simEnv(sim) });
    writeFileSync(join(folder, "old-team.yaml"), "users: []\n");
    writeFileSync(join(folder, "README.md"), "notes\n");
    assert.equal((await cli(["export", "--out", folder, "--by-department"], { env: simEnv(sim) })).code, 2);
    assert.equal((await cli(["export", "--out", folder, "--by-department", "--force"], { env: simEnv(sim) })).code, 0);
    assert.deepEqual(readdirSync(folder).sort(), ["README.md", "company.yaml", "engineering.yaml", "finance.yaml"]);
  });

  it("takes credentials from flags over the environment, and names what is missing", async () => {
    const missing = await cli(["export", "--out", join(dir, "r.yaml")], { env: { RAMP_API_URL: sim.baseUrl } });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Ramp credentials are missing: --client-id \(or RAMP_CLIENT_ID\) and --client-secret \(or RAMP_CLIENT_SECRET\)/);
    const flags = await cli(
      ["export", "--out", join(dir, "r.yaml"), "--client-id", SIM_CREDENTIALS.clientId, "--client-secret", SIM_CREDENTIALS.clientSecret, "--api-url", sim.baseUrl],
      { env: { RAMP_CLIENT_SECRET: "wrong" }, now: NOW },
    );
    assert.equal(flags.code, 0, flags.stderr);
  });

  it("fails with exit 1 and Ramp's reason, never the secret, when Ramp refuses the credentials", async () => {
    const secret = "not-the-secret-4242";
    const run = await cli(["export", "--out", join(dir, "r.yaml")], { env: { ...simEnv(sim), RAMP_CLIENT_SECRET: secret } });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^ramp-roster export: cannot read Ramp at http:\/\/127\.0\.0\.1:\d+: .*invalid_client/);
    assert.ok(!run.stderr.includes(secret) && !run.stdout.includes(secret));
    assert.ok(!existsSync(join(dir, "r.yaml")));
  });
});

describe("export: the deactivation dates Ramp has", function () {
  this.timeout(30_000);
  let sim: RunningSimulator;
  let client: RampClient;
  let dir: string;

  before(async () => {
    sim = await startSimulator({ ...SIM_CREDENTIALS, taskDelayMs: 10 });
    client = new RampClient({ baseUrl: sim.baseUrl, ...SIM_CREDENTIALS, deferredTask: { pollIntervalMs: 5, timeoutMs: 5_000 } });
    dir = mkdtempSync(join(tmpdir(), "ramp-export-dates-"));
  });
  after(async () => {
    await client?.close();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("writes deactivateOn for the users with a date in Ramp, nothing for the others, and loads back to Ramp's dates", async () => {
    sim.admin.setBusinessDate("2026-03-02");
    const invite = (email: string, role: string, date?: string | null) =>
      client.inviteUser(
        { email, firstName: email.split(".")[0]!, lastName: "X", role, ...(date === undefined ? {} : { scheduledDeactivationDate: date }) },
        { idempotencyKey: email },
      );
    await invite("cora.contractor@acme.com", "BUSINESS_USER", "2026-06-30");
    await invite("gail.guest@partner.io", "GUEST_USER"); // Ramp gives a guest six months by default
    await invite("otto.open@partner.io", "GUEST_USER", null); // a guest with no end, asked for explicitly
    await invite("carl.cardholder@acme.com", "BUSINESS_USER");
    await invite("ada.admin@acme.com", "BUSINESS_ADMIN");
    const live = new Map((await client.listAllUsers()).map((u) => [u.email, u.scheduledDeactivationDate ?? null]));
    assert.equal(live.get("gail.guest@partner.io"), "2026-09-02");

    const out = join(dir, "roster.yaml");
    const run = await cli(["export", "--out", out], { env: simEnv(sim), now: NOW });
    assert.equal(run.code, 0, run.stderr);
    const text = readFileSync(out, "utf8");
    assert.deepEqual(
      text.split("\n").filter((line) => line.includes("deactivateOn")),
      ["    deactivateOn: 2026-06-30", "    deactivateOn: 2026-09-02"],
    );
    assert.match(text, /Applied as it is, the first `pulumi up` invites, changes and deactivates no one\./);

    const back = loadRoster(out, { today: "2026-03-02" });
    assert.deepEqual(back.issues, []);
    const dates = Object.fromEntries((back.roster?.users ?? []).map((u) => [u.email, "deactivateOn" in u ? u.deactivateOn : "(not managed)"]));
    assert.deepEqual(dates, {
      "cora.contractor@acme.com": live.get("cora.contractor@acme.com"),
      "gail.guest@partner.io": live.get("gail.guest@partner.io"),
      "otto.open@partner.io": "(not managed)",
      "carl.cardholder@acme.com": "(not managed)",
      "ada.admin@acme.com": "(not managed)",
    });
  });
});

describe("export: what a roster cannot hold as Ramp has it", () => {
  const user = (id: string, email: string, extra: Record<string, unknown> = {}) => ({
    id,
    email,
    firstName: "A",
    lastName: "B",
    role: "BUSINESS_USER",
    status: "USER_ACTIVE",
    departmentId: null,
    locationId: null,
    managerId: null,
    employeeId: null,
    isManager: null,
    entityId: null,
    businessId: null,
    phone: null,
    ...extra,
  });

  it("merges departments differing only in case, keeps entity ids when there are several entities, and says what will change", () => {
    const { draft, summary } = exportRoster(
      {
        baseUrl: "https://api.ramp.com",
        departments: [
          { id: "d1", name: "Sales" },
          { id: "d2", name: "sales" },
        ],
        locations: [
          { id: "l1", name: "Paris", entityId: "e-fr" },
          { id: "l2", name: "Berlin", entityId: "e-de" },
        ],
        users: [
          user("u1", "a@x.com", { departmentId: "d2", locationId: "l2" }),
          user("u2", "b@x.com", { role: "BUSINESS_ADMIN", managerId: "u1" }),
          user("u3", "c@x.com", { managerId: "u3", departmentId: "gone" }),
          user("u4", "A@X.com"),
          user("u5", "d@x.com", { firstName: " " }),
          user("u6", "e@x.com", { lastName: "L".repeat(256) }),
          user("u7", "f@localhost"),
          user("u8", "g@x.com", { firstName: " Gil", employeeId: " 7 " }),
        ],
      },
      NOW,
    );
    assert.deepEqual(draft.departments, ["Sales"]);
    assert.deepEqual(draft.locations, [
      { name: "Berlin", entityId: "e-de" },
      { name: "Paris", entityId: "e-fr" },
    ]);
    assert.deepEqual(summary.firstRunChanges, [
      { email: "a@x.com", change: "move them to the department 'Sales'" },
      { email: "b@x.com", change: "clear their manager" },
      { email: "c@x.com", change: "clear their department" },
      { email: "c@x.com", change: "clear their manager" },
      { email: "g@x.com", change: "remove the blanks around their name" },
      { email: "g@x.com", change: "remove the blanks around their employee id" },
    ]);
    assert.deepEqual(
      summary.leftOut.map((u) => `${u.email}: ${u.reason}`),
      [
        "A@X.com: a second Ramp user with the same email",
        "d@x.com: no first name, which a roster requires",
        "e@x.com: a last name longer than 255 characters, which a roster cannot hold",
        "f@localhost: an email a roster cannot hold: the domain 'localhost' has no top-level domain (such as .com)",
      ],
    );
    assert.deepEqual(draft.users.find((u) => u.email === "b@x.com")?.notes, [
      "Ramp has a@x.com as this Admin's manager, and Ramp's API refuses a manager on an Admin: the first `pulumi up` will clear their manager.",
    ]);
  });

  it("leaves a deactivation date out, with a note and no change, where a roster cannot hold it (an Admin's, or not a date)", () => {
    const { draft, summary } = exportRoster(
      {
        baseUrl: "https://api.ramp.com",
        departments: [],
        locations: [],
        users: [
          user("u1", "a@x.com", { role: "BUSINESS_ADMIN", scheduledDeactivationDate: "2027-01-31" }),
          user("u2", "b@x.com", { scheduledDeactivationDate: "soon" }),
          user("u3", "c@x.com", { scheduledDeactivationDate: "2027-01-31" }),
        ],
      },
      NOW,
    );
    assert.deepEqual(summary.firstRunChanges, []);
    assert.deepEqual(
      draft.users.map((u) => [u.email, u.deactivateOn, u.notes]),
      [
        ["a@x.com", undefined, ["Ramp has the deactivation date 2027-01-31 on this Admin, which a roster cannot hold: it is left as Ramp has it."]],
        ["b@x.com", undefined, ["Ramp has the deactivation date 'soon', which is not a date a roster can hold: it is left as Ramp has it."]],
        ["c@x.com", "2027-01-31", undefined],
      ],
    );
  });
});
