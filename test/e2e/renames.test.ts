// Renaming a department and a location under the real Pulumi engine, against the simulator: with `renamedFrom`
// in the roster, the resources are carried over to their new names (Pulumi aliases), so Ramp sees one PATCH of
// each name, not a second department and location (Ramp cannot delete the first ones).
import { strict as assert } from "node:assert";
import { stringify } from "yaml";
import { startSimulator, type RunningSimulator } from "../../packages/ramp-simulator/src/index.js";
import { StackWorkspace } from "../support/pulumi-engine.js";
import { assertBuildIsCurrent, bodiesOf, liveUser, rampChanges, step, updatedFields, type E2EUser } from "./support.js";

const credentials = { clientId: "e2e-client", clientSecret: "e2e-secret-never-printed-9a41" };

interface OrgUnit {
  name: string;
  renamedFrom?: string | string[];
}

function roster(department: OrgUnit, location: OrgUnit): string {
  const users: E2EUser[] = [
    { email: "ada.admin@example.com", firstName: "Ada", lastName: "Admin", role: "Admin", department: department.name, location: location.name },
    { email: "bea.boss@example.com", firstName: "Bea", lastName: "Boss", role: "Cardholder", department: department.name, location: location.name },
  ];
  return stringify({ departments: [department, { name: "Finance" }], locations: [location], users });
}

/** What a person writes to rename Engineering and NYC. */
const renamed = () => roster({ name: "Platform Engineering", renamedFrom: "Engineering" }, { name: "New York HQ", renamedFrom: ["NYC"] });

describe("e2e: renaming a department and a location (renamedFrom)", function () {
  this.timeout(300_000);
  let sim: RunningSimulator;
  let ws: StackWorkspace;
  let engineeringId: string;
  let nycId: string;

  before(async () => {
    assertBuildIsCurrent();
    sim = await startSimulator({ ...credentials, taskDelayMs: 50 });
    ws = await StackWorkspace.create({
      name: "renames",
      rosterText: roster({ name: "Engineering" }, { name: "NYC" }),
      ramp: { baseUrl: sim.baseUrl, ...credentials },
    });
    const { events } = await ws.up();
    assert.deepEqual(rampChanges(events).create?.filter((name) => !name.startsWith("user:")), [
      "department:engineering",
      "department:finance",
      "location:nyc",
    ]);
    engineeringId = sim.admin.departments().find((d) => d.name === "Engineering")!.id;
    nycId = sim.admin.locations().find((l) => l.name === "NYC")!.id;
    for (const email of ["ada.admin@example.com", "bea.boss@example.com"]) {
      assert.equal(liveUser(sim, email).department_id, engineeringId);
      assert.equal(liveUser(sim, email).location_id, nycId);
    }
  });
  after(async () => {
    ws?.dispose();
    await sim?.close();
  });

  it("renames Engineering and NYC: previewed and applied as one PATCH each, then clean, and renamedFrom can go", async () => {
    await step("preview shows an update of the name of each, not a create and a delete", async () => {
      ws.writeRoster(renamed());
      const { events } = await ws.preview();
      assert.deepEqual(rampChanges(events), { update: ["department:platform engineering", "location:new york hq"] });
      assert.deepEqual(updatedFields(events), { "department:platform engineering": ["name"], "location:new york hq": ["name"] });
    });

    await step("up PATCHes each name once, POSTs nothing, keeps the ids, and leaves the users alone", async () => {
      sim.admin.resetRequestLog();
      const { events } = await ws.up();
      assert.deepEqual(rampChanges(events), { update: ["department:platform engineering", "location:new york hq"] });

      const counts = sim.admin.requestCounts();
      assert.equal(counts["PATCH /departments/{id}"], 1);
      assert.equal(counts["PATCH /locations/{id}"], 1);
      assert.deepEqual(bodiesOf(sim, "PATCH /departments/{id}"), [{ name: "Platform Engineering" }]);
      assert.deepEqual(bodiesOf(sim, "PATCH /locations/{id}"), [{ name: "New York HQ" }]);
      const log = sim.admin.requestLog();
      assert.ok(log.some((r) => r.route === "PATCH /departments/{id}" && r.path.endsWith(`/departments/${engineeringId}`)), "the PATCH is of Engineering's id");
      assert.ok(log.some((r) => r.route === "PATCH /locations/{id}" && r.path.endsWith(`/locations/${nycId}`)), "the PATCH is of NYC's id");
      const posts = Object.keys(counts).filter((route) => route.startsWith("POST ") && route !== "POST /token");
      assert.deepEqual(posts, [], "no department, location or user is created");
      assert.equal(counts["PATCH /users/{id}"], undefined, "the users still point at the same ids: no PATCH");

      assert.deepEqual(
        sim.admin.departments().map((d) => [d.name, d.id]).sort(),
        [["Finance", sim.admin.departments().find((d) => d.name === "Finance")!.id], ["Platform Engineering", engineeringId]].sort(),
      );
      assert.deepEqual(sim.admin.locations().map((l) => [l.name, l.id]), [["New York HQ", nycId]]);
      for (const email of ["ada.admin@example.com", "bea.boss@example.com"]) {
        assert.equal(liveUser(sim, email).department_id, engineeringId);
        assert.equal(liveUser(sim, email).location_id, nycId);
      }
      const outputs = await ws.outputs();
      assert.equal((outputs.departments as Record<string, string>)["Platform Engineering"], engineeringId);
      assert.equal((outputs.locations as Record<string, string>)["New York HQ"], nycId);
    });

    await step("a following 'preview --refresh --expect-no-changes' is clean", async () => {
      const clean = await ws.preview(["--refresh", "--expect-no-changes"]);
      assert.deepEqual(rampChanges(clean.events), {});
    });

    await step("renamedFrom can be removed once applied: the state knows the new names", async () => {
      ws.writeRoster(roster({ name: "Platform Engineering" }, { name: "New York HQ" }));
      sim.admin.resetRequestLog();
      const clean = await ws.preview(["--refresh", "--expect-no-changes"]);
      assert.deepEqual(rampChanges(clean.events), {});
      const writes = Object.keys(sim.admin.requestCounts()).filter((route) => !route.startsWith("GET ") && route !== "POST /token");
      assert.deepEqual(writes, []);
    });
  });
});
