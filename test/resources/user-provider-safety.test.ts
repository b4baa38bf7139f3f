// Issue 7's invariants at the provider: what a run does to one person, whatever the engine asks, against the
// simulator over HTTP. The end-to-end suite (test/e2e/safety.test.ts) shows the same under the real engine.
import { strict as assert } from "node:assert";
import { IncompleteUserChangeError } from "../../packages/pulumi-ramp-roster/src/resources/errors.js";
import { createUserProvider } from "../../packages/pulumi-ramp-roster/src/resources/user-provider.js";
import type { RunningSimulator } from "../../packages/ramp-simulator/src/index.js";
import { RampContext as Context } from "../../packages/pulumi-ramp-roster/src/resources/context.js";
import { apiCalls, rampEnv, simulator } from "../support/simulator.js";

const jane = {
  email: "jane@example.com",
  firstName: "Jane",
  lastName: "Doe",
  role: "BUSINESS_USER",
  managerId: null,
  active: true,
};
/** What the engine hands a provider: the serialized provider rides along in inputs and outputs. */
const PROVIDER = "exports.handler = __provider_stub;";

/** The engine adds it to the props it hands over, beside the declared inputs. */
const WITH_PROVIDER = { __provider: PROVIDER };

describe("RampUser provider: access safety (issue 7)", () => {
  let sim: RunningSimulator;
  const contexts: Context[] = [];
  /** The provider process's environment: the simulator's credentials, and confirmations a test sets. */
  let env: NodeJS.ProcessEnv;
  /**
   * A new provider process, as each engine run starts one; guard config as the stack config would give it. An `up`
   * (the program registers users, which the engine checks) unless `destroy` says no program runs.
   */
  function run(guard: Record<string, string> = {}, warnings: string[] = [], { destroy = false } = {}) {
    const ctx = new Context(env);
    ctx.configureGuard((key) => guard[key]);
    ctx.programRegisteredUsers = !destroy;
    contexts.push(ctx);
    return createUserProvider(ctx, (m) => warnings.push(m));
  }

  beforeEach(async () => {
    sim = await simulator();
    env = rampEnv(sim);
  });
  afterEach(async () => {
    for (const ctx of contexts.splice(0)) await ctx.close();
    await sim.close();
  });

  describe("1. an email changed in Ramp is drift, never a replacement", () => {
    it("read keeps the roster's email as identity; diff asks for an update, and update invites and deactivates no one", async () => {
      const created = await run().create({ ...jane });
      sim.admin.acceptInvite(created.id);
      sim.admin.updateUser(created.id, { email: "jane.doe@new-domain.com" }); // an IdP changed it
      const warnings: string[] = [];
      const next = run({}, warnings);
      const read = await next.read(created.id, created.outs);
      assert.equal(read.id, created.id);
      assert.equal(read.props?.email, "jane@example.com");
      assert.equal(read.props?.rampEmail, "jane.doe@new-domain.com");
      assert.equal(read.inputs?.email, "jane.doe@new-domain.com", "preview --diff shows Ramp's email against the roster's");
      assert.match(warnings[0]!, /jane@example\.com .* has the email jane\.doe@new-domain\.com in Ramp.*formerEmails: jane@example\.com/);

      const diff = await next.diff(created.id, read.props!, { ...jane });
      assert.deepEqual(diff, { changes: true, replaces: [], deleteBeforeReplace: false });
      sim.admin.resetRequestLog();
      const updated = await next.update(created.id, read.props!, { ...jane });
      assert.equal(updated.outs.rampEmail, "jane.doe@new-domain.com");
      const calls = apiCalls(sim);
      assert.equal(calls["POST /users/deferred"], undefined);
      assert.equal(calls["PATCH /users/{id}/deactivate"], undefined);
      assert.equal(sim.admin.users().find((u) => u.id === created.id)?.status, "USER_ACTIVE");
    });

    it("the roster catching up (new email, formerEmails) is an update of the same user, not a replacement", async () => {
      const created = await run().create({ ...jane });
      sim.admin.updateUser(created.id, { email: "jane.doe@example.com" });
      const next = run();
      const read = await next.read(created.id, created.outs);
      const diff = await next.diff(created.id, read.props!, { ...jane, email: "jane.doe@example.com" });
      assert.deepEqual(diff.replaces, []);
      const { outs } = await next.update(created.id, read.props!, { ...jane, email: "jane.doe@example.com" });
      assert.equal(outs.email, "jane.doe@example.com");
      assert.equal(outs.rampEmail, undefined);
    });
  });

  describe("2. every deactivation passes the run's budget, whichever way the engine reached it", () => {
    it("refuses deletes past ramp:maxDeactivations, before anything is written, unless confirmed by email", async () => {
      const people = await Promise.all(["a", "b", "c"].map((n) => run().create({ ...jane, email: `${n}@example.com` })));
      const destroy = run({ "ramp:maxDeactivations": "1" }); // an up whose roster removed all three
      await destroy.delete(people[0]!.id, people[0]!.outs);
      sim.admin.resetRequestLog();
      await assert.rejects(destroy.delete(people[1]!.id, people[1]!.outs), (err: Error) => {
        assert.equal(err.name, "DeactivationRefusedError");
        assert.match(err.message, /refusing to deactivate b@example\.com .*ramp:maxDeactivations \(1\).*RAMP_CONFIRM_DEACTIVATIONS=/);
        return true;
      });
      assert.equal(apiCalls(sim)["PATCH /users/{id}/deactivate"], undefined);
      assert.notEqual(sim.admin.users().find((u) => u.id === people[1]!.id)?.status, "USER_INACTIVE");

      env.RAMP_CONFIRM_DEACTIVATIONS = "B@example.com, c@example.com";
      await destroy.delete(people[1]!.id, people[1]!.outs);
      await destroy.delete(people[2]!.id, people[2]!.outs);
      assert.equal(sim.admin.users().filter((u) => u.status === "USER_INACTIVE").length, 3);
    });

    it("counts an update to active: false and an adoption of someone the roster lists as inactive", async () => {
      const [a, b] = sim.admin.seedUsers(2);
      const provider = run({ "ramp:maxDeactivations": "1" });
      await provider.create({ ...jane, email: a!.email, firstName: a!.first_name, lastName: a!.last_name, active: false });
      await assert.rejects(
        provider.create({ ...jane, email: b!.email, firstName: b!.first_name, lastName: b!.last_name, active: false }),
        /could not bring them to the roster's state: .*refusing to deactivate/,
      );
      assert.equal(sim.admin.users().find((u) => u.id === b!.id)?.status, "USER_ACTIVE");
    });
  });

  describe("2 (issue 16). without a program (pulumi destroy), every deactivation is confirmed by name", () => {
    it("a destroy deactivates nobody unconfirmed, however often it is retried, and a recorded confirmation does not count", async () => {
      const people = await Promise.all(["a", "b"].map((n) => run().create({ ...jane, email: `${n}@example.com` })));
      for (const attempt of [1, 2]) {
        // The recorded config of the last up: its limit and a confirmation left in it, stale now.
        const destroy = run({ "ramp:maxDeactivations": "3", "ramp:confirmDeactivations": "a@example.com" }, [], { destroy: true });
        await assert.rejects(destroy.delete(people[0]!.id, people[0]!.outs), (err: Error) => {
          assert.equal(err.name, "DeactivationRefusedError", `attempt ${attempt}`);
          assert.match(err.message, /no roster program ran in this process .*RAMP_CONFIRM_DEACTIVATIONS=/);
          return true;
        });
      }
      assert.equal(sim.admin.users().filter((u) => u.status === "USER_INACTIVE").length, 0);
      env.RAMP_CONFIRM_DEACTIVATIONS = "a@example.com";
      const confirmed = run({}, [], { destroy: true });
      await confirmed.delete(people[0]!.id, people[0]!.outs);
      await assert.rejects(confirmed.delete(people[1]!.id, people[1]!.outs), /refusing to deactivate b@example\.com/);
      assert.deepEqual(
        sim.admin.users().filter((u) => u.status === "USER_INACTIVE").map((u) => u.email),
        ["a@example.com"],
      );
    });
  });

  describe("a delete left over from a stopped replacement cuts off no one the roster keeps (issue 16, 7)", () => {
    it("deactivates nobody for a record whose email the program registers in this run (pulumi up --replace, then stopped)", async () => {
      const created = await run().create({ ...jane });
      const warnings: string[] = [];
      const next = run({}, warnings);
      await next.check({ ...jane }, { ...jane }); // the program registers jane again: the new half of the replacement
      await next.delete(created.id, created.outs); // the old half's delete, left pending by the stopped run
      assert.notEqual(sim.admin.users().find((u) => u.id === created.id)?.status, "USER_INACTIVE");
      assert.match(warnings.join("\n"), /not deactivating jane@example\.com/);
      // A refresh reads and diffs every record, registered or not: that holds no one.
      const refreshOnly = run({}, [], { destroy: true });
      const read = await refreshOnly.read(created.id, created.outs);
      await refreshOnly.diff(created.id, read.props!, read.inputs!);
      env.RAMP_CONFIRM_DEACTIVATIONS = "jane@example.com";
      await refreshOnly.delete(created.id, created.outs);
      assert.equal(sim.admin.users().find((u) => u.id === created.id)?.status, "USER_INACTIVE");
    });
  });

  describe("access removed outside the roster stays removed (issue 16)", () => {
    it("an admin's deactivation in Ramp is not undone by an unrelated update; the roster's own removal is", async () => {
      const created = await run().create({ ...jane });
      sim.admin.acceptInvite(created.id);
      sim.admin.updateUser(created.id, { status: "USER_INACTIVE" }); // cut off by hand in Ramp
      const warnings: string[] = [];
      const next = run({}, warnings);
      const read = await next.read(created.id, created.outs);
      assert.equal(read.props?.active, false);
      assert.equal(read.props?.rosterActive, true, "the roster never asked for it");
      sim.admin.resetRequestLog();
      const updated = await next.update(created.id, read.props!, { ...jane, lastName: "Roe" });
      assert.equal(sim.admin.users().find((u) => u.id === created.id)?.status, "USER_INACTIVE");
      assert.equal(apiCalls(sim)["PATCH /users/{id}/reactivate"], undefined);
      assert.equal(updated.outs.active, false);
      assert.equal(updated.outs.rosterActive, true);
      assert.match(warnings.join("\n"), /jane@example\.com .* USER_INACTIVE in Ramp, and the roster did not take their access away.*RAMP_CONFIRM_REACTIVATIONS=jane@example\.com/);

      const confirmed = await run().update(created.id, updated.outs, { ...jane, confirmReactivation: true });
      assert.equal(confirmed.outs.active, true);
      assert.equal(sim.admin.users().find((u) => u.id === created.id)?.status, "USER_ACTIVE");

      // The roster's own removal (active: false), then active: true again: a reactivation the plan shows as a grant.
      const off = await run().update(created.id, confirmed.outs, { ...jane, active: false });
      assert.equal(off.outs.rosterActive, false);
      const back = await run().update(created.id, off.outs, { ...jane });
      assert.equal(back.outs.active, true);
    });

    it("a new roster user under a former person's inactive email adopts the account inactive; only a confirmation reactivates it", async () => {
      const [former] = sim.admin.seedUsers(1);
      sim.admin.updateUser(former!.id, { status: "USER_INACTIVE" });
      const warnings: string[] = [];
      const adopted = await run({}, warnings).create({ ...jane, email: former!.email });
      assert.equal(adopted.id, former!.id);
      assert.equal(adopted.outs.active, false);
      assert.equal(sim.admin.users().find((u) => u.id === former!.id)?.status, "USER_INACTIVE");
      assert.equal(apiCalls(sim)["POST /users/deferred"], undefined, "no invite either");
      assert.match(warnings.join("\n"), /USER_INACTIVE in Ramp, and the roster did not take their access away/);
      const confirmed = await run().create({ ...jane, email: former!.email, confirmReactivation: true });
      assert.equal(confirmed.outs.active, true);
      assert.equal(sim.admin.users().find((u) => u.id === former!.id)?.status, "USER_ACTIVE");
    });

    it("a scheduled deactivation is never PATCHed back onto a user Ramp deactivated on the date", async () => {
      const endDay = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10); // ahead of the real clock
      const created = await run().create({ ...jane, deactivateOn: endDay });
      sim.admin.acceptInvite(created.id);
      sim.admin.setBusinessDate(endDay); // Ramp deactivates them, and clears the date
      const next = run();
      const read = await next.read(created.id, created.outs);
      assert.equal(read.props?.active, false);
      sim.admin.resetRequestLog();
      await next.update(created.id, read.props!, { ...jane, deactivateOn: endDay, firstName: "Janet" });
      assert.deepEqual(
        Object.keys(apiCalls(sim)).filter((route) => !route.startsWith("GET ")),
        [],
        "no reactivation and no PATCH",
      );
    });
  });

  describe("3. a user found in Ramp is bound to their Ramp id; a placeholder never reaches Ramp", () => {
    it("binds an absent user invited by hand at refresh; removal then deactivates them", async () => {
      const absent = await run().create({ ...jane, active: false });
      assert.equal(absent.id, "absent:jane@example.com");
      const byHand = sim.admin.addUser({ email: "jane@example.com", first_name: "Jane", last_name: "Doe" });
      const next = run();
      const read = await next.read(absent.id, absent.outs);
      assert.equal(read.id, byHand.id);
      assert.equal(read.props?.userId, byHand.id);
      await next.delete(byHand.id, read.props!);
      assert.equal(sim.admin.users().find((u) => u.id === byHand.id)?.status, "USER_INACTIVE");
    });

    it("a placeholder's delete deactivates nobody: only the account a record holds is ever deactivated (issue 16, 7)", async () => {
      const absent = await run().create({ ...jane, active: false });
      // Whoever Ramp has under the email now was never recorded here: invited by hand, or by another resource that
      // replaced this placeholder in a run that stopped before this delete.
      const byHand = sim.admin.addUser({ email: "jane@example.com", first_name: "Jane", last_name: "Doe" });
      const warnings: string[] = [];
      await run({}, warnings).delete(absent.id, absent.outs);
      assert.equal(sim.admin.users().find((u) => u.id === byHand.id)?.status, "USER_ACTIVE");
      assert.match(warnings.join("\n"), /jane@example\.com was recorded without a Ramp account.*not deactivated/);
    });

    it("never sends a placeholder as a manager id", async () => {
      sim.admin.resetRequestLog();
      await run().create({ ...jane, managerId: "absent:boss@example.com" });
      const [invite] = sim.admin.requestLog().filter((r) => r.route === "POST /users/deferred");
      assert.equal("direct_manager_id" in JSON.parse(invite!.body ?? "{}"), false);
    });
  });

  describe("4. a failure leaves state the next run can use", () => {
    it("a failed adoption records the user with the serialized provider", async () => {
      const [existing] = sim.admin.seedUsers(1);
      sim.admin.injectFault({ kind: "status", status: 400, method: "PATCH", path: "/users/", errorCode: "DEVELOPER_7001", message: "refused" });
      const err = await run()
        .create({ ...jane, email: existing!.email, firstName: "Other", ...WITH_PROVIDER })
        .then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof IncompleteUserChangeError, String(err));
      assert.equal(err.id, existing!.id);
      assert.equal(err.properties.__provider, PROVIDER);
      assert.equal(err.properties.email, existing!.email);
    });

    it("'~' on a field Ramp cannot clear: the rest is done (a deactivation above all), the field reported, state recorded", async () => {
      const dept = sim.admin.addDepartment("Sales");
      const created = await run().create({ ...jane, departmentId: dept.id });
      sim.admin.resetRequestLog();
      const err = await run()
        .update(created.id, created.outs, { ...jane, departmentId: null, active: false, ...WITH_PROVIDER })
        .then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof IncompleteUserChangeError, String(err));
      assert.match(err.message, /jane@example\.com: departmentId not cleared: Ramp's API cannot remove a user's department/);
      assert.equal(err.properties.__provider, PROVIDER);
      assert.equal(err.properties.active, false);
      assert.equal(sim.admin.users().find((u) => u.id === created.id)?.status, "USER_INACTIVE");
      assert.equal(sim.admin.requestLog().filter((r) => r.route === "PATCH /users/{id}").length, 0, "no null is ever sent");
    });
  });

  describe("5. protect holds access and role", () => {
    it("check refuses deactivating or demoting a protected user, and keeps refusing while protect is removed in the same change", async () => {
      const users = run();
      const olds = { ...jane, role: "BUSINESS_ADMIN", protect: true };
      const deactivate = await users.check(olds, { ...olds, active: false });
      assert.deepEqual(deactivate.failures?.map((f) => f.property), ["active"]);
      const demote = await users.check(olds, { ...olds, role: "BUSINESS_USER", protect: false });
      assert.deepEqual(demote.failures?.map((f) => f.property), ["role"]);
      assert.match(demote.failures![0]!.reason, /remove protect in an earlier, separate change/);
      assert.equal((await users.check({ ...olds, protect: false }, { ...olds, protect: false, active: false })).failures, undefined);
    });

    it("an adoption of a protected roster user never changes the live role", async () => {
      const [existing] = sim.admin.seedUsers(1, { role: "BUSINESS_ADMIN" });
      await assert.rejects(run().create({ ...jane, email: existing!.email, role: "BUSINESS_USER", protect: true }), /protected \(protect: true\): their role stays BUSINESS_ADMIN/);
      assert.equal(sim.admin.users().find((u) => u.id === existing!.id)?.role, "BUSINESS_ADMIN");
    });
  });

  describe("7. statuses are read for what they mean", () => {
    it("finds a suspended roster user (the default listing leaves them out) and never invites them again", async () => {
      const suspended = sim.admin.addUser({ email: "jane@example.com", first_name: "Jane", last_name: "Doe", status: "USER_SUSPENDED" });
      sim.admin.resetRequestLog();
      const { id, outs } = await run().create({ ...jane });
      assert.equal(id, suspended.id);
      assert.equal(outs.status, "USER_SUSPENDED");
      assert.equal(apiCalls(sim)["POST /users/deferred"], undefined);
      assert.equal(apiCalls(sim)["PATCH /users/{id}/reactivate"], undefined);
    });
  });
});
