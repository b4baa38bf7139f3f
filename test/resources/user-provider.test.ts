import { strict as assert } from "node:assert";
import type { RampContext } from "../../packages/pulumi-ramp-roster/src/resources/context.js";
import { departmentKind } from "../../packages/pulumi-ramp-roster/src/resources/org-kinds.js";
import { createOrgUnitProvider } from "../../packages/pulumi-ramp-roster/src/resources/org-provider.js";
import { createUserProvider } from "../../packages/pulumi-ramp-roster/src/resources/user-provider.js";
import type { UserInputs } from "../../packages/pulumi-ramp-roster/src/resources/user-model.js";
import type { RunningSimulator } from "../../packages/ramp-simulator/src/index.js";
import { apiCalls, contextFor, simulator } from "../support/simulator.js";

type Provider = ReturnType<typeof createUserProvider>;

const jane = {
  email: "jane@example.com",
  firstName: "Jane",
  lastName: "Doe",
  role: "BUSINESS_USER",
  departmentId: null,
  locationId: null,
  managerId: null,
  active: true,
};

describe("RampUser provider against the simulator", () => {
  let sim: RunningSimulator;
  let ctx: RampContext;
  let users: Provider;

  beforeEach(async () => {
    sim = await simulator();
    ctx = contextFor(sim);
    ctx.programRegisteredUsers = true; // as in an up: the program registered users (a destroy is tested apart)
    users = createUserProvider(ctx);
  });
  afterEach(async () => {
    await ctx.close();
    await sim.close();
  });

  /** What the engine does for a new resource: check, then create. */
  async function create(inputs: UserInputs) {
    const checked = await users.check({}, inputs);
    assert.equal(checked.failures, undefined, JSON.stringify(checked.failures));
    return users.create(checked.inputs);
  }

  it("invites a new person once, and they stay INVITE_PENDING until they accept", async () => {
    const { id, outs } = await create(jane);
    assert.equal(outs.status, "INVITE_PENDING");
    assert.equal(outs.userId, id);
    assert.equal(apiCalls(sim)["POST /users/deferred"], 1);
    const [live] = sim.admin.users().filter((u) => u.email === "jane@example.com");
    assert.equal(live?.status, "INVITE_PENDING");

    sim.admin.acceptInvite("jane@example.com");
    const fresh = createUserProvider(contextFor(sim)); // a new run: a new provider process
    const read = await fresh.read(id, outs);
    assert.equal(read.props?.status, "USER_ACTIVE");
  });

  it("adopts a user who already exists instead of inviting them again", async () => {
    const [existing] = sim.admin.seedUsers(1);
    sim.admin.resetRequestLog();
    const { id, outs } = await create({ ...jane, email: existing!.email.toUpperCase(), firstName: "Renamed" });
    assert.equal(id, existing!.id);
    assert.equal(outs.firstName, "Renamed");
    const calls = apiCalls(sim);
    assert.equal(calls["POST /users/deferred"], undefined);
    assert.equal(calls["PATCH /users/{id}"], 1);
  });

  it("reactivates an inactive user found by email when confirmed by name, never inviting twice", async () => {
    const [existing] = sim.admin.seedUsers(1);
    sim.admin.updateUser(existing!.id, { status: "USER_INACTIVE" });
    sim.admin.resetRequestLog();
    const { id, outs } = await create({
      ...jane,
      email: existing!.email,
      firstName: existing!.first_name,
      lastName: existing!.last_name,
      confirmReactivation: true,
    });
    assert.equal(id, existing!.id);
    assert.equal(outs.active, true);
    const calls = apiCalls(sim);
    assert.equal(calls["PATCH /users/{id}/reactivate"], 1);
    assert.equal(calls["POST /users/deferred"], undefined);
    assert.equal(sim.admin.users().find((u) => u.id === id)?.status, "USER_ACTIVE");
  });

  it("adopts someone invited by another hand after our listing, instead of failing", async () => {
    await ctx.users.all(); // the listing is taken before the other invite
    sim.admin.addUser({ email: "jane@example.com", first_name: "Jane", last_name: "Doe", role: "BUSINESS_USER", status: "INVITE_PENDING" });
    const { id } = await create(jane);
    assert.equal(id, sim.admin.users().find((u) => u.email === "jane@example.com")?.id);
    assert.equal(sim.admin.users().filter((u) => u.email === "jane@example.com").length, 1);
  });

  it("records an inactive user without a Ramp account without inviting them, and invites on active: true", async () => {
    const { id, outs } = await create({ ...jane, active: false });
    assert.equal(id, "absent:jane@example.com");
    assert.equal(outs.status, "NO_ACCOUNT");
    assert.equal(outs.userId, null);
    // one listing, and one each of the suspended and draft users the default listing leaves out
    assert.deepEqual(apiCalls(sim), { "GET /users": 3 });
    const olds = outs;
    assert.deepEqual((await users.diff(id, olds, { ...jane, active: false })).changes, false);
    // Activating them needs an invite, which is a new resource: the engine replaces the placeholder.
    assert.deepEqual((await users.diff(id, olds, jane)).replaces, ["active"]);
    await users.delete(id, olds);
    assert.equal(apiCalls(sim)["PATCH /users/{id}/deactivate"], undefined);
  });

  it("deactivates an account someone created by hand for a user the roster keeps inactive", async () => {
    const { id, outs } = await create({ ...jane, active: false });
    sim.admin.addUser({ email: "jane@example.com", first_name: "Jane", last_name: "Doe", role: "BUSINESS_USER", status: "USER_ACTIVE" });
    const fresh = createUserProvider(contextFor(sim));
    const read = await fresh.read(id, outs);
    assert.equal(read.props?.active, true);
    const news = { ...jane, active: false };
    await fresh.check(read.inputs!, news); // the engine checks what the program registers
    const diff = await fresh.diff(id, read.props!, news);
    assert.deepEqual([diff.changes, diff.replaces], [true, []]);
    const updated = await fresh.update(id, read.props!, news);
    assert.equal(updated.outs.status, "USER_INACTIVE");
    assert.equal(sim.admin.users().find((u) => u.email === "jane@example.com")?.status, "USER_INACTIVE");
  });

  it("PATCHes only the changed fields, and clears a manager with null", async () => {
    const boss = await create({ ...jane, email: "boss@example.com", firstName: "Bo", lastName: "Ss" });
    const report = await create({ ...jane, managerId: boss.id });
    assert.equal(sim.admin.users().find((u) => u.id === report.id)?.manager_id, boss.id);
    sim.admin.resetRequestLog();

    const olds = { ...report.outs };
    const news = { ...jane, lastName: "Smith", managerId: null };
    const diff = await users.diff(report.id, olds, news);
    assert.equal(diff.changes, true);
    const { outs } = await users.update(report.id, olds, (await users.check(olds, news)).inputs);
    assert.equal(outs.lastName, "Smith");
    assert.equal(outs.managerId, null);

    const patches = sim.admin.requestLog().filter((r) => r.route === "PATCH /users/{id}");
    assert.equal(patches.length, 1);
    assert.deepEqual(JSON.parse(patches[0]!.body ?? "{}"), { last_name: "Smith", direct_manager_id: null });
    const live = sim.admin.users().find((u) => u.id === report.id);
    assert.equal(live?.last_name, "Smith");
    assert.equal(live?.manager_id, null);
  });

  it("deactivates on active: false and reactivates on active: true", async () => {
    const { id, outs } = await create(jane);
    const olds = outs;
    const off = await users.update(id, olds, { ...jane, active: false });
    assert.equal(off.outs.status, "USER_INACTIVE");
    assert.equal(sim.admin.users().find((u) => u.id === id)?.status, "USER_INACTIVE");
    const on = await users.update(id, off.outs, jane);
    assert.equal(on.outs.active, true);
    assert.notEqual(sim.admin.users().find((u) => u.id === id)?.status, "USER_INACTIVE");
  });

  it("delete deactivates, and is a no-op for a user already gone", async () => {
    const { id, outs } = await create(jane);
    // Removal from the roster happens in a later run: a new provider process, whose program registers the others.
    const laterRun = () => {
      const later = contextFor(sim);
      later.programRegisteredUsers = true;
      return createUserProvider(later);
    };
    await laterRun().delete(id, outs);
    assert.equal(sim.admin.users().find((u) => u.id === id)?.status, "USER_INACTIVE");
    sim.admin.deleteUser(id);
    await laterRun().delete(id, outs);
  });

  it("answers a change of email with a replacement that creates before it deletes", async () => {
    const { id, outs } = await create(jane);
    const diff = await users.diff(id, outs, { ...jane, email: "jane.doe@example.com" });
    assert.deepEqual(diff, { changes: true, replaces: ["email"], deleteBeforeReplace: false });
  });

  it("does not deactivate a user that a new roster entry adopted in the same run (email changed in Ramp first)", async () => {
    const { id, outs } = await create(jane);
    sim.admin.updateUser(id, { email: "jane.doe@example.com" }); // changed by hand in Ramp's UI
    const warnings: string[] = [];
    const run = createUserProvider(contextFor(sim), (m) => warnings.push(m)); // the next run's provider process
    const renamed = await run.create({ ...jane, email: "jane.doe@example.com" }); // the roster's new entry adopts
    assert.equal(renamed.id, id);
    sim.admin.resetRequestLog();
    await run.delete(id, outs); // the old entry, removed from the roster
    assert.equal(apiCalls(sim)["PATCH /users/{id}/deactivate"], undefined);
    assert.notEqual(sim.admin.users().find((u) => u.id === id)?.status, "USER_INACTIVE");
    assert.match(warnings[0]!, /not deactivating jane@example\.com .*belongs to another resource of this stack/);
  });

  it("read shows drift made by hand, and returns no id for a user deleted out of band", async () => {
    const { id, outs } = await create(jane);
    sim.admin.updateUser(id, { role: "BUSINESS_BOOKKEEPER", status: "USER_INACTIVE" });
    const fresh = createUserProvider(contextFor(sim));
    const read = await fresh.read(id, outs);
    assert.equal(read.props?.role, "BUSINESS_BOOKKEEPER");
    assert.equal(read.inputs?.active, false);
    const drift = await fresh.diff(id, read.props!, jane);
    assert.equal(drift.changes, true);

    sim.admin.deleteUser(id);
    assert.deepEqual(await createUserProvider(contextFor(sim)).read(id, outs), {});
  });

  it("deactivateOn: a guest is invited with an explicit date or none (never Ramp's six-month default), and a change PATCHes it", async () => {
    sim.admin.resetRequestLog();
    const guest = await create({ ...jane, role: "GUEST_USER", deactivateOn: null });
    const [invite] = sim.admin.requestLog().filter((r) => r.route === "POST /users/deferred");
    assert.equal(JSON.parse(invite!.body ?? "{}").scheduled_deactivation_date, null);
    assert.equal(sim.admin.users().find((u) => u.id === guest.id)?.scheduled_deactivation_date, null);

    const next = createUserProvider(contextFor(sim));
    const read = await next.read(guest.id, guest.outs);
    assert.equal(read.props?.deactivateOn, null);
    const wanted = { ...jane, role: "GUEST_USER", deactivateOn: "2027-03-31" };
    assert.deepEqual((await next.diff(guest.id, read.props!, wanted)).changes, true);
    sim.admin.resetRequestLog();
    const { outs } = await next.update(guest.id, read.props!, wanted);
    assert.equal(outs.deactivateOn, "2027-03-31");
    assert.deepEqual(
      sim.admin.requestLog().filter((r) => r.route === "PATCH /users/{id}").map((r) => JSON.parse(r.body ?? "{}")),
      [{ scheduled_deactivation_date: "2027-03-31" }],
    );
  });

  it("refreshes many users with one listing per 100, not one GET each", async () => {
    const seeded = sim.admin.seedUsers(250);
    sim.admin.resetRequestLog();
    const fresh = createUserProvider(contextFor(sim));
    await Promise.all(seeded.map((u) => fresh.read(u.id, { email: u.email })));
    const calls = apiCalls(sim);
    // 3 pages, and one page each of the suspended and draft users the default listing leaves out
    assert.deepEqual(calls, { "GET /users": 5 });
  });
});

describe("RampDepartment provider against the simulator", () => {
  let sim: RunningSimulator;
  let ctx: RampContext;
  const warnings: string[] = [];

  beforeEach(async () => {
    sim = await simulator();
    ctx = contextFor(sim);
  });
  afterEach(async () => {
    await ctx.close();
    await sim.close();
  });

  const departments = () => createOrgUnitProvider(ctx, departmentKind, (message) => warnings.push(message));

  it("adopts an existing department with the same name in any case, renaming it to the roster's spelling", async () => {
    const existing = sim.admin.addDepartment("engineering");
    const { id, outs } = await departments().create({ name: "Engineering" });
    assert.equal(id, existing.id);
    assert.equal(outs.name, "Engineering");
    assert.deepEqual(sim.admin.departments().map((d) => d.name), ["Engineering"]);
  });

  it("creates, renames with a PATCH, and on delete only warns that Ramp keeps it", async () => {
    const provider = departments();
    const { id } = await provider.create({ name: "Finance" });
    assert.equal((await provider.diff(id, { name: "Finance" }, { name: "Finance & Ops" })).changes, true);
    await provider.update(id, { name: "Finance" }, { name: "Finance & Ops" });
    assert.equal(sim.admin.departments().find((d) => d.id === id)?.name, "Finance & Ops");
    await provider.delete(id, { name: "Finance & Ops" });
    assert.match(warnings.at(-1)!, /Ramp has no API to delete a department: 'Finance & Ops'/);
    assert.equal(sim.admin.departments().length, 1);
  });
});
