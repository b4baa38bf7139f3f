// Joiners (issue 20) at the provider, against the simulator over HTTP with its business date pinned: a first day
// ahead makes a draft with a scheduled invitation; moving the day reschedules; no day ahead sends it now; removal
// cancels it and deactivates the draft outside the budget; a draft found in Ramp is adopted as a draft; a business
// that refuses the beta holds the joiner, never inviting early. Nobody is ever invited twice.
import { strict as assert } from "node:assert";
import { RampContext as Context } from "../../packages/pulumi-ramp-roster/src/resources/context.js";
import { createUserProvider } from "../../packages/pulumi-ramp-roster/src/resources/user-provider.js";
import type { RunningSimulator } from "../../packages/ramp-simulator/src/index.js";
import { apiCalls, rampEnv, simulator } from "../support/simulator.js";

const TODAY = "2026-12-01";
const joiner = { email: "jo@example.com", firstName: "Jo", lastName: "Iner", role: "BUSINESS_USER", managerId: null, active: true, startOn: "2027-01-04" };

describe("RampUser provider: joiners with a first day (startOn)", () => {
  let sim: RunningSimulator;
  const contexts: Context[] = [];
  /** A new provider process, as each engine run starts one. */
  function run(warnings: string[] = [], guard: Record<string, string> = {}) {
    const ctx = new Context(rampEnv(sim));
    ctx.configureGuard((key) => guard[key]);
    ctx.programRegisteredUsers = true;
    contexts.push(ctx);
    return createUserProvider(ctx, (m) => warnings.push(m));
  }
  const live = (email = joiner.email) => sim.admin.users().find((u) => u.email === email)!;

  beforeEach(async () => {
    sim = await simulator();
    sim.admin.setBusinessDate(TODAY);
  });
  afterEach(async () => {
    for (const ctx of contexts.splice(0)) await ctx.close();
    await sim.close();
  });

  it("creates a draft with the invitation scheduled for the day; Ramp sends it on the day, once", async () => {
    const created = await run().create({ ...joiner });
    assert.deepEqual([live().status, live().scheduled_invitation_date], ["USER_DRAFT", "2027-01-04"]);
    assert.deepEqual([created.outs.status, created.outs.startOn, created.outs.active], ["USER_DRAFT", "2027-01-04", true]);
    // The next run, still before the day: nothing to do.
    const next = run();
    const read = await next.read(created.id, created.outs);
    assert.deepEqual(await next.diff(created.id, read.props!, { ...joiner }), { changes: false, replaces: [], deleteBeforeReplace: false });
    sim.admin.setBusinessDate("2027-01-04");
    assert.equal(live().status, "INVITE_PENDING");
    // The run on the day (the program no longer passes startOn): Ramp has invited them; nothing is sent again.
    const onTheDay = run();
    const after = await onTheDay.read(created.id, created.outs);
    const { startOn: _day, ...withoutDay } = joiner;
    assert.equal((await onTheDay.diff(created.id, after.props!, withoutDay)).changes, false);
    assert.deepEqual(sim.admin.invitationsSent(), { "jo@example.com": 1 });
  });

  it("moving the day reschedules; removing it (or reaching it first) sends the invite now, and never twice", async () => {
    const created = await run().create({ ...joiner });
    const moved = { ...joiner, startOn: "2027-01-11" };
    let provider = run();
    let read = await provider.read(created.id, created.outs);
    const diff = await provider.diff(created.id, read.props!, moved);
    assert.deepEqual([diff.changes, diff.replaces], [true, []]);
    sim.admin.resetRequestLog();
    const updated = await provider.update(created.id, read.props!, moved);
    assert.equal(live().scheduled_invitation_date, "2027-01-11");
    assert.equal(updated.outs.startOn, "2027-01-11");
    assert.deepEqual(apiCalls(sim), { "POST /users/{id}/invite": 1 }, "one call: the schedule moved, nothing else");

    const { startOn: _day, ...now } = joiner;
    provider = run();
    read = await provider.read(created.id, updated.outs);
    assert.equal((await provider.diff(created.id, read.props!, now)).changes, true);
    const sent = await provider.update(created.id, read.props!, now);
    assert.equal(live().status, "INVITE_PENDING");
    assert.equal(sent.outs.status, "INVITE_PENDING");
    // Run after run, startOn back or not: someone invited is not invited again.
    for (const wanted of [now, joiner]) {
      provider = run();
      read = await provider.read(created.id, sent.outs);
      assert.equal((await provider.diff(created.id, read.props!, wanted)).changes, false);
    }
    sim.admin.setBusinessDate("2027-02-01");
    assert.deepEqual(sim.admin.invitationsSent(), { "jo@example.com": 1 });
  });

  it("removing a joiner before the day cancels the invitation and deactivates the draft, outside the deactivation budget", async () => {
    const created = await run().create({ ...joiner });
    const other = await run().create({ ...joiner, email: "other@example.com", startOn: "2027-02-01" });
    const provider = run([], { "ramp:maxDeactivations": "0" });
    await provider.delete(created.id, created.outs);
    // active: false in the roster instead of a removal: the same.
    const read = await provider.read(other.id, other.outs);
    await provider.update(other.id, read.props!, { ...joiner, email: "other@example.com", startOn: "2027-02-01", active: false });
    for (const email of ["jo@example.com", "other@example.com"]) {
      assert.deepEqual([live(email).status, live(email).scheduled_invitation_date], ["USER_INACTIVE", null], email);
    }
    sim.admin.setBusinessDate("2027-03-01");
    assert.deepEqual(sim.admin.invitationsSent(), {}, "nobody is invited on the day");
  });

  it("adopts a draft found in Ramp as a draft and schedules it (the run killed between the draft and its schedule)", async () => {
    const found = sim.admin.addUser({ email: joiner.email, status: "USER_DRAFT", first_name: "Jo", last_name: "Iner" });
    const created = await run().create({ ...joiner });
    assert.equal(created.id, found.id);
    assert.deepEqual([live().status, live().scheduled_invitation_date], ["USER_DRAFT", "2027-01-04"]);
    assert.equal(sim.admin.users().length, 1);
    // A draft adopted by someone already past their day (no startOn) is invited now.
    const late = sim.admin.addUser({ email: "late@example.com", status: "USER_DRAFT" });
    await run().create({ ...joiner, email: "late@example.com", startOn: undefined });
    assert.equal(live("late@example.com").status, "INVITE_PENDING");
    assert.equal(late.status, "USER_DRAFT");
  });

  it("a business that refuses drafts: the joiner is held, said by name, and invited by the first run on their day", async () => {
    sim.admin.refuseDrafts(true);
    const warnings: string[] = [];
    const created = await run(warnings).create({ ...joiner });
    assert.equal(sim.admin.users().length, 0, "nobody created, nobody invited early");
    assert.match(warnings.join("\n"), /jo@example\.com: Ramp refused draft users for this business .*Held: not invited before their first day 2027-01-04/);
    assert.deepEqual([created.outs.status, created.outs.startOn, created.outs.rosterActive], ["NO_ACCOUNT", "2027-01-04", true]);
    // Before the day: no change, even when the day moves (only the record's day changes).
    let provider = run();
    let read = await provider.read(created.id, created.outs);
    assert.equal((await provider.diff(created.id, read.props!, { ...joiner })).changes, false);
    const moved = { ...joiner, startOn: "2027-01-11" };
    assert.deepEqual(await provider.diff(created.id, read.props!, moved), { changes: true, replaces: [], deleteBeforeReplace: false });
    const updated = await provider.update(created.id, read.props!, moved);
    assert.equal(updated.outs.startOn, "2027-01-11");
    assert.equal(sim.admin.users().length, 0);
    // On the day the program passes no startOn: a replacement, whose create invites.
    sim.admin.setBusinessDate("2027-01-11");
    const { startOn: _day, ...onTheDay } = joiner;
    provider = run();
    read = await provider.read(created.id, updated.outs);
    assert.deepEqual((await provider.diff(created.id, read.props!, onTheDay)).replaces, ["active"]);
    await provider.create(onTheDay);
    assert.equal(live().status, "INVITE_PENDING");
  });
});
