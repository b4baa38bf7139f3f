// Issues 7 and 16 under the real Pulumi engine, one scenario per test: a run never takes access from someone
// the roster did not remove, never leaves access with someone it did remove, never gives access back that was removed
// outside the roster without a confirmation naming the person, and never leaves a stack the next run cannot refresh.
// Each scenario has its own simulator and stack.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { startSimulator, type RunningSimulator } from "../../packages/ramp-simulator/src/index.js";
import { errorText, StackWorkspace } from "../support/pulumi-engine.js";
import { cli } from "../cli/helpers.js";
import { assertBuildIsCurrent, bodiesOf, liveUser, rampChanges, rosterYaml, updatedFields, type E2ERoster, type E2EUser } from "./support.js";

const credentials = { clientId: "e2e-client", clientSecret: "e2e-secret-never-printed-93ab" };

const person = (email: string, role = "Cardholder", extra: Partial<E2EUser> = {}): E2EUser => {
  const [first = "x", last = "y"] = email.split("@")[0]!.split(".");
  const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);
  return { email, firstName: cap(first), lastName: cap(last), role, ...extra };
};
const company = (users: E2EUser[]): E2ERoster => ({ departments: [], locations: [], users });
const admin = person("ada.admin@example.com", "Admin");

const diagnostics = (events: { diagnostics: { severity: string; message: string }[] }, severity: string) =>
  events.diagnostics.filter((d) => d.severity === severity).map((d) => d.message).join("\n");

describe("e2e: access safety (issues 7 and 16)", function () {
  this.timeout(600_000);
  let sim: RunningSimulator;
  let ws: StackWorkspace | undefined;

  before(() => assertBuildIsCurrent());
  beforeEach(async () => {
    sim = await startSimulator({ ...credentials, taskDelayMs: 20 });
  });
  afterEach(async () => {
    ws?.dispose();
    ws = undefined;
    await sim.close();
  });

  async function stack(name: string, roster: E2ERoster): Promise<StackWorkspace> {
    ws = await StackWorkspace.create({ name, rosterText: rosterYaml(roster), ramp: { baseUrl: sim.baseUrl, ...credentials } });
    return ws;
  }
  const deactivateCalls = () => sim.admin.requestCounts()["PATCH /users/{id}/deactivate"] ?? 0;
  const inviteCalls = () => sim.admin.requestCounts()["POST /users/deferred"] ?? 0;

  it("1. an email changed in Ramp is drift the drift check names; up neither re-invites nor deactivates anyone", async () => {
    const roster = company([admin, person("bo.b@example.com")]);
    const w = await stack("email-drift", roster);
    await w.up();
    sim.admin.acceptInvite("bo.b@example.com");
    sim.admin.updateUser("bo.b@example.com", { email: "bo.b@new-domain.com" }); // the identity provider renamed them

    const drift = await w.preview(["--refresh", "--expect-no-changes"], { allowFailure: true });
    assert.notEqual(drift.run.code, 0, "the drift check fails");
    assert.deepEqual(rampChanges(drift.events), { update: ["user:bo.b@example.com"] });
    assert.deepEqual(updatedFields(drift.events), { "user:bo.b@example.com": ["email"] });
    assert.match(
      diagnostics(drift.events, "warning"),
      /bo\.b@example\.com has the email bo\.b@new-domain\.com in Ramp.*write 'email: bo\.b@new-domain\.com' with 'formerEmails: bo\.b@example\.com'/s,
    );

    sim.admin.resetRequestLog();
    const up = await w.up();
    assert.deepEqual(Object.keys(rampChanges(up.events)), ["update"], "no create, delete or replace");
    assert.equal(inviteCalls(), 0);
    assert.equal(deactivateCalls(), 0);
    assert.equal(liveUser(sim, "bo.b@new-domain.com").status, "USER_ACTIVE");

    // The roster catches up: the same Ramp user, an update, nobody replaced.
    w.writeRoster(rosterYaml(company([admin, { ...person("bo.b@new-domain.com"), formerEmails: "bo.b@example.com" } as E2EUser])));
    sim.admin.resetRequestLog();
    const caughtUp = await w.up();
    assert.equal(rampChanges(caughtUp.events)["create-replacement"], undefined);
    assert.equal(inviteCalls() + deactivateCalls(), 0);
    await w.preview(["--refresh", "--expect-no-changes"]);
  });

  it("2a. existing Ramp users added with active: false are counted by the guard before anyone is deactivated", async () => {
    const existing = ["a.one", "b.two", "c.three", "d.four"].map((n) => sim.admin.addUser({ email: `${n}@example.com`, first_name: "X", last_name: "Y", status: "USER_ACTIVE" }));
    const w = await stack("adopt-inactive", company([admin, ...existing.map((u) => person(u.email, "Cardholder", { active: false }))]));
    const preview = await w.preview([], { allowFailure: true });
    assert.notEqual(preview.run.code, 0);
    assert.match(errorText(preview.events), /would deactivate 4 users, more than ramp:maxDeactivations \(3\)/);
    assert.match(errorText(preview.events), /a\.one@example\.com \(added with active: false, active in Ramp\)/);
    const up = await w.up([], { allowFailure: true });
    assert.notEqual(up.run.code, 0);
    assert.equal(deactivateCalls(), 0);
  });

  it("2b. a failed first run that adopted people, then a revert: the guard counts the adopted", async () => {
    const existing = ["a.one", "b.two", "c.three", "d.four"].map((n) => sim.admin.addUser({ email: `${n}@example.com`, first_name: "X", last_name: "Y", status: "USER_ACTIVE" }));
    const w = await stack("failed-revert", company([admin, ...existing.map((u) => person(u.email)), person("new.hire@example.com")]));
    sim.admin.injectFault({ kind: "task_error", message: "invite refused", count: 10 }); // every invite fails
    const failed = await w.up([], { allowFailure: true });
    assert.notEqual(failed.run.code, 0, "the first run fails");
    // It adopted the four (no invite needed) before failing, and wrote no outputs.
    assert.ok((w.readCheckpoint()?.resources ?? []).filter((r) => r.urn.includes("::user:")).length >= 4);
    sim.admin.clearFaults();

    w.writeRoster(rosterYaml(company([admin]))); // the merge is reverted
    const preview = await w.preview([], { allowFailure: true });
    assert.notEqual(preview.run.code, 0);
    assert.match(errorText(preview.events), /would deactivate 4 users/);
    const up = await w.up([], { allowFailure: true });
    assert.notEqual(up.run.code, 0);
    assert.equal(deactivateCalls(), 0);
    for (const u of existing) assert.equal(liveUser(sim, u.email).status, "USER_ACTIVE");
  });

  it("2c. a program that nests the outputs (export const ramp = deployRoster()) is guarded the same", async () => {
    const everyone = company([admin, ...["a.one", "b.two", "c.three", "d.four"].map((n) => person(`${n}@example.com`))]);
    const w = await stack("nested-outputs", everyone);
    fs.writeFileSync(path.join(w.projectDir, "index.ts"), `import { deployRoster } from "pulumi-ramp-roster";\nexport const ramp = deployRoster();\n`);
    await w.up();
    w.writeRoster(rosterYaml(company([admin])));
    const preview = await w.preview([], { allowFailure: true });
    assert.match(errorText(preview.events), /would deactivate 4 users/);
    await w.up([], { allowFailure: true });
    assert.equal(deactivateCalls(), 0);
  });

  it("2d. pulumi destroy, which runs no program, deactivates only users confirmed by name, however often it is retried", async () => {
    const everyone = company([admin, ...["a.one", "b.two", "c.three", "d.four"].map((n) => person(`${n}@example.com`))]);
    // A confirmation committed for an earlier run: the provider's recorded config keeps it, and destroy ignores it.
    const w = await stack("destroy", everyone);
    await w.setConfig("ramp:confirmDeactivations", "a.one@example.com");
    await w.up();
    for (const attempt of [1, 2]) {
      const refused = await w.pulumi(["destroy", "--yes"], { allowFailure: true });
      assert.notEqual(refused.code, 0, `attempt ${attempt}`);
      assert.match(refused.stdout + refused.stderr, /refusing to deactivate .*no roster program ran in this process/);
      assert.equal(deactivateCalls(), 0, `attempt ${attempt}: nobody unconfirmed is deactivated, not even a first batch`);
    }
    assert.equal(sim.admin.users().filter((u) => u.status !== "USER_INACTIVE").length, 5);

    const confirm = everyone.users.map((u) => u.email).join(",");
    await w.pulumi(["destroy", "--yes"], { env: { RAMP_CONFIRM_DEACTIVATIONS: confirm } });
    assert.equal(sim.admin.users().filter((u) => u.status !== "USER_INACTIVE").length, 0);
  });

  it("4. a failed create, update and delete each leave a stack that refresh, preview, up and destroy can use", async () => {
    const existing = sim.admin.addUser({ email: "old.timer@example.com", first_name: "Olde", last_name: "Timer", status: "USER_ACTIVE" });
    const roster = company([admin, person("old.timer@example.com"), person("gus.gone@example.com")]);
    const w = await stack("failures", roster);
    const refused = { kind: "status", status: 400, errorCode: "DEVELOPER_7001", message: "refused by Ramp" } as const;

    // create: the adoption's PATCH (Olde → the roster's Old) fails
    sim.admin.injectFault({ ...refused, method: "PATCH", path: `/users/${existing.id}` });
    const create = await w.up([], { allowFailure: true });
    assert.notEqual(create.run.code, 0);
    assert.match(errorText(create.events), /found old\.timer@example\.com in Ramp .*refused by Ramp/);
    await w.pulumi(["refresh", "--yes"]);
    await w.up();
    assert.equal(liveUser(sim, "old.timer@example.com").first_name, "Old", "the next run finished the adoption");

    // update: a role change's PATCH fails
    w.writeRoster(rosterYaml(company([admin, person("old.timer@example.com", "Bookkeeper"), person("gus.gone@example.com")])));
    sim.admin.injectFault({ ...refused, method: "PATCH", path: `/users/${existing.id}` });
    const update = await w.up([], { allowFailure: true });
    assert.notEqual(update.run.code, 0);
    assert.match(errorText(update.events), /old\.timer@example\.com \(.*\): .*400.*refused by Ramp/);
    await w.preview(["--refresh"]);
    await w.up();
    assert.equal(liveUser(sim, "old.timer@example.com").role, "BUSINESS_BOOKKEEPER");

    // delete: the deactivation is refused (deactivation through the API is beta for businesses without SCIM)
    w.writeRoster(rosterYaml(company([admin, person("old.timer@example.com", "Bookkeeper")])));
    const gus = liveUser(sim, "gus.gone@example.com");
    sim.admin.injectFault({ ...refused, method: "PATCH", path: `/users/${gus.id}/deactivate` });
    const del = await w.up([], { allowFailure: true });
    assert.notEqual(del.run.code, 0);
    assert.match(errorText(del.events) + del.run.stderr, /gus\.gone@example\.com \(.*\): .*400.*refused by Ramp/);
    await w.pulumi(["refresh", "--yes"]);
    await w.up();
    assert.equal(liveUser(sim, "gus.gone@example.com").status, "USER_INACTIVE");

    await w.pulumi(["destroy", "--yes"], { env: { RAMP_CONFIRM_DEACTIVATIONS: "ada.admin@example.com,old.timer@example.com,gus.gone@example.com" } });
    assert.equal(sim.admin.users().filter((u) => u.status !== "USER_INACTIVE").length, 0);
  });

  it("6. offboarding is not held hostage by onboarding: with --continue-on-error a removal happens though an invite fails", async () => {
    const w = await stack("hostage", company([admin, person("gus.gone@example.com")]));
    await w.up();
    w.writeRoster(rosterYaml(company([admin, person("new.hire@example.com")])));
    sim.admin.injectFault({ kind: "task_error", message: "invite refused", count: 10 });
    const up = await w.up(["--continue-on-error"], { allowFailure: true });
    assert.notEqual(up.run.code, 0, "the run still fails, naming what failed");
    assert.match(errorText(up.events), /new\.hire@example\.com/);
    assert.equal(liveUser(sim, "gus.gone@example.com").status, "USER_INACTIVE", "the removal was carried out");
  });

  describe("access is granted only by a reviewed roster line (issue 16)", () => {
    const calls = (route: string) => sim.admin.requestCounts()[route] ?? 0;
    const newHire = person("nia.new@example.com");

    it("1. a contractor deactivated by Ramp on their date stays deactivated through an unrelated up; the date is never PATCHed back", async () => {
      // An end date ahead of the machine's clock (the program's today), which the simulator's business date then reaches.
      const endDay = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
      const contractor = person("cole.contractor@example.com", "Cardholder", { deactivateOn: endDay });
      const w = await stack("end-date", company([admin, contractor]));
      await w.up();
      assert.equal(liveUser(sim, contractor.email).scheduled_deactivation_date, endDay);
      sim.admin.acceptInvite(contractor.email);
      sim.admin.setBusinessDate(endDay); // Ramp deactivates them on the day, and clears the date

      w.writeRoster(rosterYaml(company([admin, contractor, newHire]))); // an unrelated change merges
      const preview = await w.preview();
      assert.match(diagnostics(preview.events, "warning"), /cole\.contractor@example\.com is USER_INACTIVE in Ramp: deactivated in Ramp, not by the roster.*left inactive/s);
      sim.admin.resetRequestLog();
      const up = await w.up();
      assert.equal(liveUser(sim, contractor.email).status, "USER_INACTIVE");
      assert.equal(calls("PATCH /users/{id}/reactivate"), 0);
      assert.deepEqual(bodiesOf(sim, "PATCH /users/{id}"), [], "no PATCH: not the past date, nor anything else");
      assert.equal(liveUser(sim, newHire.email).status, "INVITE_PENDING", "the rest of the run went ahead");
      assert.match(diagnostics(up.events, "warning"), /cole\.contractor@example\.com/);
      assert.deepEqual((await w.outputs()).needsAttention, { [contractor.email]: "USER_INACTIVE" });
      // The drift check names them until the roster says what happened.
      const drift = await w.preview(["--refresh", "--expect-no-changes"], { allowFailure: true });
      assert.notEqual(drift.run.code, 0);
      w.writeRoster(rosterYaml(company([admin, { ...contractor, active: false }, newHire])));
      await w.up();
      await w.preview(["--refresh", "--expect-no-changes"]);
      assert.equal(calls("PATCH /users/{id}/reactivate"), 0);
    });

    it("2. an admin's emergency deactivation in Ramp is not undone by the next merge; a confirmation committed in the pull request reactivates", async () => {
      const fired = person("fred.fired@example.com");
      const w = await stack("cut-off", company([admin, fired]));
      await w.up();
      sim.admin.acceptInvite(fired.email);
      sim.admin.updateUser(fired.email, { status: "USER_INACTIVE" }); // an admin cut them off an hour ago

      const drift = await w.preview(["--refresh", "--expect-no-changes"], { allowFailure: true });
      assert.notEqual(drift.run.code, 0, "the drift check names them");
      assert.match(diagnostics(drift.events, "warning"), /fred\.fired@example\.com is USER_INACTIVE in Ramp/);

      w.writeRoster(rosterYaml(company([admin, fired, newHire])));
      sim.admin.resetRequestLog();
      const up = await w.up();
      assert.equal(liveUser(sim, fired.email).status, "USER_INACTIVE");
      assert.equal(calls("PATCH /users/{id}/reactivate"), 0);
      assert.equal(liveUser(sim, newHire.email).status, "INVITE_PENDING");
      assert.deepEqual((await w.outputs()).needsAttention, { [fired.email]: "USER_INACTIVE" });
      assert.match(diagnostics(up.events, "warning"), /fred\.fired@example\.com .*ramp:confirmReactivations/s);

      // Intended: the pull request commits the confirmation naming them.
      await w.setConfig("ramp:confirmReactivations", fired.email);
      const confirmed = await w.preview();
      assert.match(diagnostics(confirmed.events, "info"), /confirmed: reactivation of people whose access was removed outside the roster by ramp:confirmReactivations: fred\.fired@example\.com/);
      await w.up();
      assert.equal(liveUser(sim, fired.email).status, "USER_ACTIVE");
      assert.equal(calls("PATCH /users/{id}/reactivate"), 1);
      // Left in the config, it is stale: the next preview says so, and it reactivates no one else.
      const stale = await w.preview();
      assert.match(diagnostics(stale.events, "info"), /stale confirmation: ramp:confirmReactivations names fred\.fired@example\.com, whom this run does not need to reactivate/);
    });

    it("3. a new hire under a former employee's email adopts the old account inactive: no invite, no reactivation, until confirmed", async () => {
      const former = sim.admin.addUser({ email: "sam.same@example.com", first_name: "Sam", last_name: "Same", status: "USER_INACTIVE", role: "BUSINESS_ADMIN" });
      const w = await stack("reused-email", company([admin]));
      await w.up();
      w.writeRoster(rosterYaml(company([admin, person("sam.same@example.com")])));
      const preview = await w.pulumi(["preview", "--json"]);
      const plan = await cli(["plan", "--format", "json"], { stdin: preview.stdout });
      assert.equal(plan.code, 0, plan.stderr);
      const planned = JSON.parse(plan.stdout) as { invitations: unknown[]; adoptions: { email: string; status: string; rampRole: string }[]; held: { email: string }[] };
      assert.deepEqual(planned.invitations, [], "not an invitation");
      assert.deepEqual(planned.adoptions.map((a) => [a.email, a.status, a.rampRole]), [["sam.same@example.com", "USER_INACTIVE", "Admin"]]);
      assert.deepEqual(planned.held.map((h) => h.email), ["sam.same@example.com"]);
      sim.admin.resetRequestLog();
      await w.up();
      assert.equal(calls("POST /users/deferred"), 0);
      assert.equal(calls("PATCH /users/{id}/reactivate"), 0);
      assert.equal(liveUser(sim, former.email).status, "USER_INACTIVE");
      await w.up([], { env: { RAMP_CONFIRM_REACTIVATIONS: "sam.same@example.com" } });
      assert.equal(liveUser(sim, former.email).status, "USER_ACTIVE");
      assert.equal(liveUser(sim, former.email).role, "BUSINESS_USER", "with the roster's role");
    });

    it("7. a replacement stopped before its delete: the next run's leftover delete does not cut off the account that replaced it", async () => {
      const alice = person("alice.again@example.com", "Cardholder", { active: false });
      const bob = person("bob.report@example.com", "Cardholder", { manager: alice.email });
      const w = await stack("leftover-delete", company([admin, alice, bob]));
      await w.up(); // alice is recorded without a Ramp account (inactive, never invited)
      sim.admin.acceptInvite(bob.email);
      // alice becomes active: her placeholder is replaced by an invite; bob then points at her new id, and that PATCH
      // fails, which stops the run before the placeholder's delete.
      w.writeRoster(rosterYaml(company([admin, { ...alice, active: true }, bob])));
      sim.admin.injectFault({ kind: "status", status: 500, method: "PATCH", path: `/users/${liveUser(sim, bob.email).id}`, count: 20 });
      const stopped = await w.up([], { allowFailure: true });
      assert.notEqual(stopped.run.code, 0);
      assert.equal(liveUser(sim, alice.email).status, "INVITE_PENDING", "the replacement's invite was sent");
      assert.ok((w.readCheckpoint()?.resources ?? []).some((r) => r.urn.endsWith("::user:alice.again@example.com") && (r as { delete?: boolean }).delete), "the placeholder's delete is left pending");
      sim.admin.clearFaults();
      sim.admin.resetRequestLog();
      await w.up();
      assert.equal(calls("PATCH /users/{id}/deactivate"), 0);
      assert.equal(liveUser(sim, alice.email).status, "INVITE_PENDING", "the leftover delete deactivated nobody");
      assert.equal(liveUser(sim, bob.email).manager_id, liveUser(sim, alice.email).id);
      await w.preview(["--refresh", "--expect-no-changes"]);
    });
  });
});
