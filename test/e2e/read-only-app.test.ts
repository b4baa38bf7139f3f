// Least privilege under the real Pulumi engine: a pull request's job holds only a read-only Ramp app (and no write
// secret anywhere it can reach). It runs the preview and the drift check; an `up` with it stops before any write and
// names the scope it lacks. Then the merge's job, with the write app, carries the change out.
import { strict as assert } from "node:assert";
import { startSimulator, type RunningSimulator } from "../../packages/ramp-simulator/src/index.js";
import { errorText, StackWorkspace, type RampConnection } from "../support/pulumi-engine.js";
import { assertBuildIsCurrent, baseRoster, liveUser, rampChanges, rosterYaml, step, updatedFields, type E2ERoster } from "./support.js";

const writeApp = { clientId: "e2e-write-app", clientSecret: "e2e-write-secret-never-printed-2b8d" };
const readOnlyApp = {
  clientId: "e2e-read-only-app",
  clientSecret: "e2e-read-only-secret-never-printed-61f0",
  grantedScopes: ["users:read", "departments:read", "locations:read"],
};

describe("e2e: a read-only Ramp app for pull requests, the write app for merges", function () {
  this.timeout(300_000);
  let sim: RunningSimulator;
  let ws: StackWorkspace;
  let roster: E2ERoster;
  let writeConnection: RampConnection;
  let readOnlyConnection: RampConnection;

  /** Requests since the last reset that could have changed Ramp: anything but reads and token requests. */
  const writesToRamp = () => sim.admin.requestLog().filter((r) => r.method !== "GET" && r.route !== "POST /token");

  before(async () => {
    assertBuildIsCurrent();
    // Two apps of one business: the second, read-only, is what pull-request CI gets.
    const apps = { ...writeApp, otherApps: [readOnlyApp], taskDelayMs: 50 };
    sim = await startSimulator(apps);
    writeConnection = { baseUrl: sim.baseUrl, ...writeApp };
    readOnlyConnection = { baseUrl: sim.baseUrl, clientId: readOnlyApp.clientId, clientSecret: readOnlyApp.clientSecret };
    roster = baseRoster();
    ws = await StackWorkspace.create({ name: "read-only", rosterText: rosterYaml(roster), ramp: writeConnection });
    await ws.up();
  });
  after(async () => {
    ws?.dispose();
    await sim?.close();
  });

  it("a roster change: previewed with the read-only app, whose up is refused; carried out by the write app", async () => {
    await step("with the read-only app, the drift check runs, and the preview of a roster change shows it, writing nothing", async () => {
      ws.setRampEnvironment(readOnlyConnection);
      sim.admin.resetRequestLog();
      const drift = await ws.preview(["--refresh", "--expect-no-changes"], { allowFailure: true });
      assert.equal(drift.run.code, 0, errorText(drift.events));

      roster = {
        ...roster,
        users: [
          ...roster.users.map((u) => (u.email === "dan.dev@example.com" ? { ...u, role: "Bookkeeper" } : u)),
          { email: "nia.new@example.com", firstName: "Nia", lastName: "New", role: "Cardholder", department: "Engineering" },
        ],
      };
      ws.writeRoster(rosterYaml(roster));
      const preview = await ws.preview();
      assert.deepEqual(rampChanges(preview.events), { create: ["user:nia.new@example.com"], update: ["user:dan.dev@example.com"] });
      assert.deepEqual(updatedFields(preview.events), { "user:dan.dev@example.com": ["role"] });
      assert.deepEqual(writesToRamp(), []);
    });

    await step("an up with the read-only app fails before any write, naming the missing scope", async () => {
      sim.admin.resetRequestLog();
      const up = await ws.up([], { allowFailure: true });
      assert.notEqual(up.run.code, 0);
      assert.match(errorText(up.events), /lacks the scope users:write/);
      assert.deepEqual(writesToRamp(), [], "no write request reached Ramp");
      assert.equal(liveUser(sim, "dan.dev@example.com").role, "BUSINESS_USER");
      assert.equal(sim.admin.users().some((u) => u.email === "nia.new@example.com"), false);
      const leaked = `${up.run.stdout}${up.run.stderr}`;
      assert.ok(!leaked.includes(readOnlyApp.clientSecret) && !leaked.includes(writeApp.clientSecret), "no secret printed");
    });

    await step("the merge's job, with the write app, carries the change out", async () => {
      ws.setRampEnvironment(writeConnection);
      const up = await ws.up();
      assert.deepEqual(rampChanges(up.events), { create: ["user:nia.new@example.com"], update: ["user:dan.dev@example.com"] });
      assert.equal(liveUser(sim, "dan.dev@example.com").role, "BUSINESS_BOOKKEEPER");
      assert.equal(liveUser(sim, "nia.new@example.com").status, "INVITE_PENDING");
    });
  });
});
