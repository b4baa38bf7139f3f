// scheduled_deactivation_date on invite and update: a date, null ("none": for a guest it stops Ramp's six-month
// default), and values refused before anything is sent.
import { strict as assert } from "node:assert";
import { RampUnsupportedChangeError } from "../../packages/pulumi-ramp-roster/src/client/index.js";
import { rejectionOf, useSimulator } from "./helpers.js";

describe("RampClient scheduled deactivation", () => {
  const h = useSimulator();
  const person = (email: string, role = "BUSINESS_USER") => ({ email, firstName: "T", lastName: "Emp", role });
  const stored = (id: string) => h.sim.admin.users().find((u) => u.id === id)?.scheduled_deactivation_date;

  it("invites with a date, and a guest with an explicit null gets none instead of Ramp's six-month default", async () => {
    h.sim.admin.setBusinessDate("2026-09-15");
    const client = h.client();
    const dated = await client.inviteUser({ ...person("c@example.com"), scheduledDeactivationDate: "2027-03-31" }, { idempotencyKey: "k1" });
    assert.equal(stored(dated.userId), "2027-03-31");
    assert.equal((await client.getUser(dated.userId)).scheduledDeactivationDate, "2027-03-31");
    const guest = await client.inviteUser({ ...person("g@example.com", "GUEST_USER"), scheduledDeactivationDate: null }, { idempotencyKey: "k2" });
    assert.equal(stored(guest.userId), null);
    const silent = await client.inviteUser(person("s@example.com", "GUEST_USER"), { idempotencyKey: "k3" });
    assert.equal(stored(silent.userId), "2027-03-15", "what leaving it out costs a guest");
    const bodies = h.sim.admin
      .requestLog()
      .filter((e) => e.route === "POST /users/deferred")
      .map((e) => JSON.parse(e.body ?? "{}") as Record<string, unknown>);
    assert.equal(bodies[1]?.scheduled_deactivation_date, null);
    assert.ok("scheduled_deactivation_date" in (bodies[1] ?? {}), "null is sent, not left out");
    assert.ok(!("scheduled_deactivation_date" in (bodies[2] ?? {})));
  });

  it("sets and clears the date with an update", async () => {
    const user = h.sim.admin.addUser({ email: "u@example.com" });
    const client = h.client();
    await client.updateUser(user.id, { scheduledDeactivationDate: "2027-06-30" });
    assert.equal(stored(user.id), "2027-06-30");
    await client.updateUser(user.id, { scheduledDeactivationDate: null });
    assert.equal(stored(user.id), null);
  });

  it("refuses a date that is not YYYY-MM-DD before sending anything", async () => {
    const user = h.sim.admin.addUser({ email: "u@example.com" });
    const client = h.client();
    for (const bad of ["2027-02-30", "31.03.2027", "2027-3-31", ""]) {
      assert.ok((await rejectionOf(client.updateUser(user.id, { scheduledDeactivationDate: bad }))) instanceof RampUnsupportedChangeError, bad);
      const invite = await rejectionOf(client.inviteUser({ ...person("x@example.com"), scheduledDeactivationDate: bad }, { idempotencyKey: `k-${bad}` }));
      assert.ok(invite instanceof RampUnsupportedChangeError, bad);
      assert.match(invite.message, /^Cannot invite user x@example.com: scheduled_deactivation_date must be a date written YYYY-MM-DD/);
    }
    assert.deepEqual(h.counts(), {});
  });
});
