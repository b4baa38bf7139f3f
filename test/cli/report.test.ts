// `ramp-roster report` against the simulator and a roster in a git repository whose commits give the invite dates.
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSimulator, type RunningSimulator } from "../../packages/ramp-simulator/src/index.js";
import { cli, routesCalled, SIM_CREDENTIALS, simEnv } from "./helpers.js";

const NOW = new Date("2026-03-02T09:00:00Z");

const ROSTER_JANUARY = `departments: [Engineering, Finance, Legal]
users:
  - email: ada.admin@acme.com
    firstName: Ada
    lastName: Admin
    role: Admin
    department: Finance
  - email: bea.boss@acme.com
    firstName: Bea
    lastName: Boss
    role: Admin
    department: Engineering
  - email: dan.dev@acme.com
    firstName: Dan
    lastName: Dev
    role: Cardholder
    department: Engineering
    manager: bea.boss@acme.com
  - email: exp.ired@acme.com
    firstName: Exp
    lastName: Ired
    role: Cardholder
  - email: fay.new@acme.com
    formerEmails: fay.old@acme.com
    firstName: Fay
    lastName: Fin
    role: Cardholder
    department: Finance
  - email: gone@acme.com
    firstName: Gone
    lastName: Before
    role: Cardholder
    active: false
`;

const ROSTER_FEBRUARY = `${ROSTER_JANUARY}  - email: nina.new@acme.com
    firstName: Nina
    lastName: New
    role: Cardholder
  - email: new.hire@acme.com
    firstName: New
    lastName: Hire
    role: Cardholder
`;

function seed(sim: RunningSimulator): void {
  const { admin } = sim;
  const engineering = admin.addDepartment("Engineering");
  const finance = admin.addDepartment("Finance");
  admin.addUser({ email: "olivia.owner@acme.com", first_name: "Olivia", last_name: "Owner", role: "BUSINESS_OWNER" });
  admin.addUser({ email: "ada.admin@acme.com", first_name: "Ada", last_name: "Admin", role: "BUSINESS_ADMIN", department_id: finance.id });
  const bea = admin.addUser({ email: "bea.boss@acme.com", first_name: "Bea", last_name: "Boss", department_id: finance.id });
  admin.addUser({ email: "dan.dev@acme.com", first_name: "Dan", last_name: "Dev", department_id: engineering.id, manager_id: bea.id, status: "INVITE_PENDING" });
  admin.addUser({ email: "exp.ired@acme.com", first_name: "Exp", last_name: "Ired", status: "INVITE_EXPIRED" });
  admin.addUser({ email: "fay.old@acme.com", first_name: "Fay", last_name: "Fin", department_id: finance.id });
  admin.addUser({ email: "nina.new@acme.com", first_name: "Nina", last_name: "New", status: "INVITE_PENDING" });
  admin.addUser({ email: "sue.spended@acme.com", first_name: "Sue", last_name: "Spended", status: "USER_SUSPENDED" });
  admin.addUser({ email: "stranger@acme.com", first_name: "Stan", last_name: "Ranger", role: "BUSINESS_ADMIN" });
  admin.addUser({ email: "old.timer@acme.com", first_name: "Old", last_name: "Timer", status: "USER_INACTIVE" });
}

const EXPECTED_TEXT = `Ramp roster report (2026-03-02): 8 items need attention

Invites pending more than 14 days (1):
  - dan.dev@acme.com (Dan Dev), Cardholder: pending for 59 days (since 2026-01-01)

Expired invites (1):
  - exp.ired@acme.com (Exp Ired), Cardholder

Suspended users (1):
  - sue.spended@acme.com (Sue Spended), Cardholder

In Ramp, not in the roster (1):
  - stranger@acme.com (Stan Ranger), Admin, USER_ACTIVE

Drift: Ramp differs from the roster (2):
  - bea.boss@acme.com (Bea Boss): role: roster Admin, Ramp Cardholder; department: roster Engineering, Ramp Finance
  - fay.new@acme.com (Fay Fin): email: roster fay.new@acme.com, Ramp fay.old@acme.com

In the roster, not in Ramp (1):
  - new.hire@acme.com (New Hire), Cardholder: the next \`pulumi up\` invites them

Roster departments and locations not in Ramp (1):
  - department Legal

Other pending invites (1):
  - nina.new@acme.com (Nina New), Cardholder: pending for 9 days (since 2026-02-20)

Admins (3):
  - Olivia Owner <olivia.owner@acme.com>, Owner, USER_ACTIVE
  - Ada Admin <ada.admin@acme.com>, Admin, USER_ACTIVE
  - Stan Ranger <stranger@acme.com>, Admin, USER_ACTIVE, not in the roster

1 deactivated user in Ramp not in the roster (nothing to do).
`;

const EXPECTED_MARKDOWN = `<!-- ramp-roster-report -->
### Ramp roster report, 2026-03-02

**8 items need attention.**

#### Invites pending more than 14 days (1)

| Email | Name | Role | Pending since | Days |
| --- | --- | --- | --- | --- |
| dan.dev@acme.com | Dan Dev | Cardholder | 2026-01-01 | 59 |

#### Expired invites (1)

| Email | Name | Role | Status |
| --- | --- | --- | --- |
| exp.ired@acme.com | Exp Ired | Cardholder | \`INVITE_EXPIRED\` |

#### Suspended users (1)

| Email | Name | Role | Status |
| --- | --- | --- | --- |
| sue.spended@acme.com | Sue Spended | Cardholder | \`USER_SUSPENDED\` |

#### In Ramp, not in the roster (1)

| Email | Name | Role | Status |
| --- | --- | --- | --- |
| stranger@acme.com | Stan Ranger | Admin | \`USER_ACTIVE\` |

#### Drift: Ramp differs from the roster (2)

| Email | Field | Roster | Ramp |
| --- | --- | --- | --- |
| bea.boss@acme.com | role | Admin | Cardholder |
|  | department | Engineering | Finance |
| fay.new@acme.com | email | fay.new@acme.com | fay.old@acme.com |

#### In the roster, not in Ramp (1)

| Email | Name | Role | Status |
| --- | --- | --- | --- |
| new.hire@acme.com | New Hire | Cardholder | not in Ramp |

The next \`pulumi up\` invites them.

#### Roster departments and locations not in Ramp (1)

- department Legal

#### Other pending invites (1)

| Email | Name | Role | Pending since | Days |
| --- | --- | --- | --- | --- |
| nina.new@acme.com | Nina New | Cardholder | 2026-02-20 | 9 |

#### Admins (3)

| Name | Email | Role | Status | In the roster |
| --- | --- | --- | --- | --- |
| Olivia Owner | olivia.owner@acme.com | Owner | \`USER_ACTIVE\` | — (owner) |
| Ada Admin | ada.admin@acme.com | Admin | \`USER_ACTIVE\` | yes |
| Stan Ranger | stranger@acme.com | Admin | \`USER_ACTIVE\` | **no** |

1 deactivated user in Ramp not in the roster (nothing to do).

Invite dates come from the roster's git history (the commit that added the user's email): Ramp's API gives no invite date.
`;

function commit(repo: string, date: string, message: string): void {
  const env = { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
  const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=Test", "-c", "user.email=test@example.com", ...args], { cwd: repo, env, stdio: "ignore" });
  git("add", "-A");
  git("commit", "-q", "--no-gpg-sign", "-m", message);
}

describe("ramp-roster report", function () {
  this.timeout(30_000);
  let sim: RunningSimulator;
  let repo: string;

  before(async () => {
    sim = await startSimulator({ ...SIM_CREDENTIALS, taskDelayMs: 10 });
    seed(sim);
    repo = mkdtempSync(join(tmpdir(), "ramp-report-"));
    execFileSync("git", ["init", "-q"], { cwd: repo });
    writeFileSync(join(repo, "roster.yaml"), ROSTER_JANUARY);
    commit(repo, "2026-01-01T12:00:00Z", "roster");
    writeFileSync(join(repo, "roster.yaml"), ROSTER_FEBRUARY);
    commit(repo, "2026-02-20T12:00:00Z", "two more");
  });
  after(async () => {
    await sim?.close();
    if (repo) rmSync(repo, { recursive: true, force: true });
  });
  beforeEach(() => sim.admin.resetRequestLog());

  it("lists what needs attention, with invite ages from the roster's git history, and exits 1", async () => {
    const run = await cli(["report", "--roster", join(repo, "roster.yaml")], { env: simEnv(sim), now: NOW });
    assert.equal(run.stderr, "");
    assert.equal(run.stdout, EXPECTED_TEXT);
    assert.equal(run.code, 1);
    assert.deepEqual(routesCalled(sim), ["GET /departments", "GET /locations", "GET /users"]);
  });

  it("writes the same as Markdown and JSON", async () => {
    const markdown = await cli(["report", "--roster", join(repo, "roster.yaml"), "--format", "markdown"], { env: simEnv(sim), now: NOW });
    assert.equal(markdown.stdout, EXPECTED_MARKDOWN);
    const run = await cli(["report", "--roster", join(repo, "roster.yaml"), "--format", "json", "--pending-days", "5"], { env: simEnv(sim), now: NOW });
    const report = JSON.parse(run.stdout);
    assert.equal(report.needsAttention, 9, "nina's 9-day invite is stale with --pending-days 5");
    assert.deepEqual(
      report.pendingInvites.map((p: { email: string; since: string; days: number; stale: boolean }) => [p.email, p.since, p.days, p.stale]),
      [
        ["dan.dev@acme.com", "2026-01-01T12:00:00.000Z", 59, true],
        ["nina.new@acme.com", "2026-02-20T12:00:00.000Z", 9, true],
      ],
    );
    assert.deepEqual(report.drift[0], {
      email: "bea.boss@acme.com",
      name: "Bea Boss",
      fields: [
        { field: "role", roster: "Admin", ramp: "Cardholder" },
        { field: "department", roster: "Engineering", ramp: "Finance" },
      ],
    });
  });

  it("exits 0 when Ramp matches the roster and nothing waits; invites of unknown age do not count", async () => {
    const plain = mkdtempSync(join(tmpdir(), "ramp-report-nogit-"));
    try {
      // Not in git: the pending invite's age is unknown.
      writeFileSync(
        join(plain, "roster.yaml"),
        "departments: [Engineering, Finance]\nusers:\n" +
          "  - {email: ada.admin@acme.com, firstName: Ada, lastName: Admin, role: Admin, department: Finance}\n" +
          "  - {email: nina.new@acme.com, firstName: Nina, lastName: New, role: Cardholder}\n",
      );
      const only = await startSimulator({ ...SIM_CREDENTIALS });
      try {
        const finance = only.admin.addDepartment("Finance");
        only.admin.addDepartment("Engineering");
        only.admin.addUser({ email: "olivia.owner@acme.com", first_name: "Olivia", last_name: "Owner", role: "BUSINESS_OWNER" });
        only.admin.addUser({ email: "ada.admin@acme.com", first_name: "Ada", last_name: "Admin", role: "BUSINESS_ADMIN", department_id: finance.id });
        only.admin.addUser({ email: "nina.new@acme.com", first_name: "Nina", last_name: "New", status: "INVITE_PENDING" });
        const run = await cli(["report", "--roster", join(plain, "roster.yaml")], { env: simEnv(only), now: NOW });
        assert.equal(run.code, 0, run.stdout);
        assert.equal(
          run.stdout,
          [
            "Ramp roster report (2026-03-02): nothing needs attention",
            "",
            "Other pending invites (1):",
            "  - nina.new@acme.com (Nina New), Cardholder: pending since an unknown date",
            "",
            "Admins (2):",
            "  - Olivia Owner <olivia.owner@acme.com>, Owner, USER_ACTIVE",
            "  - Ada Admin <ada.admin@acme.com>, Admin, USER_ACTIVE",
            "",
          ].join("\n"),
        );
      } finally {
        await only.close();
      }
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });

  it("lists upcoming joiners and leavers by date, from Ramp's schedules and a first day Ramp does not hold yet (issue 20)", async () => {
    const plain = mkdtempSync(join(tmpdir(), "ramp-report-upcoming-"));
    const only = await startSimulator({ ...SIM_CREDENTIALS });
    try {
      writeFileSync(
        join(plain, "roster.yaml"),
        "users:\n" +
          "  - {email: ada.admin@acme.com, firstName: Ada, lastName: Admin, role: Admin}\n" +
          "  - {email: cole.contract@acme.com, firstName: Cole, lastName: Contract, role: Cardholder, deactivateOn: 2026-04-30}\n" +
          "  - {email: dora.draft@acme.com, firstName: Dora, lastName: Draft, role: Cardholder, startOn: 2026-03-16}\n" +
          "  - {email: nia.next@acme.com, firstName: Nia, lastName: Next, role: Cardholder, startOn: 2026-04-01}\n",
      );
      only.admin.setBusinessDate("2026-03-02"); // Ramp's calendar at the report's time: no date has passed yet
      only.admin.addUser({ email: "ada.admin@acme.com", first_name: "Ada", last_name: "Admin", role: "BUSINESS_ADMIN" });
      only.admin.addUser({ email: "cole.contract@acme.com", first_name: "Cole", last_name: "Contract", scheduled_deactivation_date: "2026-04-30" });
      only.admin.addUser({ email: "dora.draft@acme.com", first_name: "Dora", last_name: "Draft", status: "USER_DRAFT", scheduled_invitation_date: "2026-03-16" });
      only.admin.addUser({ email: "old.guest@acme.com", first_name: "Old", last_name: "Guest", role: "GUEST_USER", status: "USER_INACTIVE", scheduled_deactivation_date: "2026-05-01" });
      const run = await cli(["report", "--roster", join(plain, "roster.yaml"), "--format", "json"], { env: simEnv(only), now: NOW });
      const report = JSON.parse(run.stdout) as { upcoming: { date: string; email: string; change: string; source: string }[] };
      assert.deepEqual(
        report.upcoming.map((u) => [u.date, u.email, u.change, u.source]),
        [
          ["2026-03-16", "dora.draft@acme.com", "invited (first day)", "Ramp"],
          ["2026-04-01", "nia.next@acme.com", "invited (first day)", "roster"],
          ["2026-04-30", "cole.contract@acme.com", "deactivated (end date)", "Ramp"],
        ],
      );
      const text = await cli(["report", "--roster", join(plain, "roster.yaml")], { env: simEnv(only), now: NOW });
      assert.match(text.stdout, /Upcoming joiners and leavers \(3\):\n {2}- 2026-03-16: dora\.draft@acme\.com \(Dora Draft\), Cardholder: invited \(first day\)\n/);
    } finally {
      await only.close();
      rmSync(plain, { recursive: true, force: true });
    }
  });

  it("compares only what the roster writes: a field it leaves out is not managed, and no manager means none", async () => {
    const plain = mkdtempSync(join(tmpdir(), "ramp-report-unmanaged-"));
    const only = await startSimulator({ ...SIM_CREDENTIALS });
    try {
      only.admin.setBusinessDate("2026-03-02");
      const finance = only.admin.addDepartment("Finance");
      const newYork = only.admin.addLocation("New York");
      only.admin.addUser({ email: "ada.admin@acme.com", first_name: "Ada", last_name: "Admin", role: "BUSINESS_ADMIN" });
      const everything = { department_id: finance.id, location_id: newYork.id, employee_id: "E-7", is_manager: true, scheduled_deactivation_date: "2026-09-30" };
      const kim = only.admin.addUser({ email: "kim@acme.com", first_name: "Kim", last_name: "Keep", ...everything });
      only.admin.addUser({ email: "guest@partner.io", first_name: "Gus", last_name: "Guest", role: "GUEST_USER", scheduled_deactivation_date: "2026-09-02" });
      only.admin.addUser({ email: "lee@acme.com", first_name: "Lee", last_name: "Later", scheduled_deactivation_date: "2026-09-30" });
      only.admin.addUser({ email: "otto@acme.com", first_name: "Otto", last_name: "Open", scheduled_deactivation_date: "2026-09-30" });
      only.admin.addUser({ email: "max@acme.com", first_name: "Max", last_name: "Managed", manager_id: kim.id, department_id: finance.id });
      writeFileSync(
        join(plain, "roster.yaml"),
        "departments: [Finance]\nlocations: [New York]\nusers:\n" +
          "  - {email: ada.admin@acme.com, firstName: Ada, lastName: Admin, role: Admin}\n" +
          // Every field Ramp has left out of the roster: not managed, so no drift.
          "  - {email: kim@acme.com, firstName: Kim, lastName: Keep, role: Cardholder}\n" +
          "  - {email: guest@partner.io, firstName: Gus, lastName: Guest, role: Guest}\n" +
          // Written, and different from Ramp: drift.
          "  - {email: lee@acme.com, firstName: Lee, lastName: Later, role: Cardholder, deactivateOn: 2026-12-31}\n" +
          "  - {email: otto@acme.com, firstName: Otto, lastName: Open, role: Cardholder, deactivateOn: ~}\n" +
          // No manager written is no manager (the program clears it), and `department: ~` is none.
          "  - {email: max@acme.com, firstName: Max, lastName: Managed, role: Cardholder, department: ~}\n",
      );
      const run = await cli(["report", "--roster", join(plain, "roster.yaml"), "--format", "json"], { env: simEnv(only), now: NOW });
      assert.equal(run.stderr, "");
      assert.deepEqual(JSON.parse(run.stdout).drift, [
        { email: "lee@acme.com", name: "Lee Later", fields: [{ field: "deactivation date", roster: "2026-12-31", ramp: "2026-09-30" }] },
        {
          email: "max@acme.com",
          name: "Max Managed",
          fields: [
            { field: "department", roster: null, ramp: "Finance" },
            { field: "manager", roster: null, ramp: "kim@acme.com" },
          ],
        },
        { email: "otto@acme.com", name: "Otto Open", fields: [{ field: "deactivation date", roster: null, ramp: "2026-09-30" }] },
      ]);
      assert.equal(run.code, 1);
    } finally {
      await only.close();
      rmSync(plain, { recursive: true, force: true });
    }
  });

  it("exits 2 on an invalid roster, a bad --pending-days, or Ramp that cannot be read", async () => {
    const broken = join(repo, "broken.yaml");
    writeFileSync(broken, "users:\n  - {email: x@acme.com, firstName: X, lastName: Y, role: Boss}\n");
    const invalid = await cli(["report", "--roster", broken], { env: simEnv(sim) });
    assert.equal(invalid.code, 2);
    assert.match(invalid.stderr, /the roster .*broken\.yaml is invalid \(1 error, 0 warnings\):\n.*broken\.yaml:2:58: error: unknown role 'Boss'/);
    const days = await cli(["report", "--roster", join(repo, "roster.yaml"), "--pending-days", "two"], { env: simEnv(sim) });
    assert.equal(days.code, 2);
    assert.match(days.stderr, /--pending-days must be a whole number of days, not 'two'/);
    const refused = await cli(["report", "--roster", join(repo, "roster.yaml")], { env: { ...simEnv(sim), RAMP_CLIENT_SECRET: "wrong" } });
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /^ramp-roster report: cannot read Ramp at http:\/\/127\.0\.0\.1:\d+: .*invalid_client/);
  });
});
