import assert from "node:assert/strict";
import { addMonths } from "../../packages/ramp-simulator/src/index.js";
import { errorCode, useSimulator } from "./helpers.js";

describe("simulator: scheduled_deactivation_date", () => {
  const h = useSimulator();
  const invite = (fields: Record<string, unknown>) => h.api.invite({ email: "x@example.com", ...fields });
  const live = async (id: string) => (await h.api.get(`/users/${id}`)).body;

  it("stores the date given on create, and null or nothing as no date for a cardholder", async () => {
    const dated = await invite({ email: "a@example.com", scheduled_deactivation_date: "2027-03-31" });
    assert.equal((await live(dated.body.data.user_id)).scheduled_deactivation_date, "2027-03-31");
    const none = await invite({ email: "b@example.com", scheduled_deactivation_date: null });
    assert.equal((await live(none.body.data.user_id)).scheduled_deactivation_date, null);
    const absent = await invite({ email: "c@example.com" });
    assert.equal((await live(absent.body.data.user_id)).scheduled_deactivation_date, null);
  });

  it("gives a guest invited without the field six months, and none with an explicit null (2026 spec)", async () => {
    h.sim.admin.setBusinessDate("2026-08-31");
    const silent = await invite({ email: "g1@example.com", role: "GUEST_USER" });
    assert.equal((await live(silent.body.data.user_id)).scheduled_deactivation_date, "2027-02-28");
    assert.equal(addMonths("2026-08-31", 6), "2027-02-28");
    const explicit = await invite({ email: "g2@example.com", role: "GUEST_USER", scheduled_deactivation_date: null });
    assert.equal((await live(explicit.body.data.user_id)).scheduled_deactivation_date, null);
  });

  it("refuses a date for an admin or the owner (400), and an invalid date (422)", async () => {
    const admin = await h.api.post("/users/deferred", {
      email: "adm@example.com", first_name: "A", last_name: "D", role: "BUSINESS_ADMIN", idempotency_key: "k1",
      scheduled_deactivation_date: "2027-01-01",
    });
    assert.equal(admin.status, 400);
    assert.ok(admin.body.error_v2.additional_info.scheduled_deactivation_date);
    for (const bad of ["2027-02-30", "31/03/2027", 20270331]) {
      const answer = await h.api.post("/users/deferred", {
        email: "u@example.com", first_name: "U", last_name: "S", role: "BUSINESS_USER", idempotency_key: `k-${String(bad)}`,
        scheduled_deactivation_date: bad,
      });
      assert.equal(answer.status, 422, String(bad));
      assert.equal(errorCode(answer), "DEVELOPER_7001");
    }
    const user = h.sim.admin.addUser({ email: "u@example.com" });
    assert.equal((await h.api.patch(`/users/${user.id}`, { scheduled_deactivation_date: "2027-13-01" })).status, 422);
  });

  it("sets and clears the date with PATCH; a role change to admin must clear it in the same request", async () => {
    const user = h.sim.admin.addUser({ email: "u@example.com" });
    assert.equal((await h.api.patch(`/users/${user.id}`, { scheduled_deactivation_date: "2027-03-31" })).status, 204);
    assert.equal((await live(user.id)).scheduled_deactivation_date, "2027-03-31");
    assert.equal((await h.api.patch(`/users/${user.id}`, { role: "BUSINESS_ADMIN" })).status, 400);
    assert.equal((await live(user.id)).role, "BUSINESS_USER", "nothing changed");
    assert.equal((await h.api.patch(`/users/${user.id}`, { role: "BUSINESS_ADMIN", scheduled_deactivation_date: null })).status, 204);
    const now = await live(user.id);
    assert.equal(now.role, "BUSINESS_ADMIN");
    assert.equal(now.scheduled_deactivation_date, null);
    assert.equal((await h.api.patch(`/users/${user.id}`, { scheduled_deactivation_date: "2027-03-31" })).status, 400);
  });

  it("deactivates the user on the day, once: a reactivation afterwards sticks", async () => {
    h.sim.admin.setBusinessDate("2027-03-30");
    const user = h.sim.admin.addUser({ email: "u@example.com", scheduled_deactivation_date: "2027-03-31" });
    const other = h.sim.admin.addUser({ email: "o@example.com", scheduled_deactivation_date: "2027-04-01" });
    assert.equal((await live(user.id)).status, "USER_ACTIVE");
    h.sim.admin.setBusinessDate("2027-03-31");
    const after = await live(user.id);
    assert.equal(after.status, "USER_INACTIVE");
    assert.equal(after.scheduled_deactivation_date, null);
    assert.equal((await live(other.id)).status, "USER_ACTIVE");
    assert.equal((await h.api.patch(`/users/${user.id}/reactivate`)).status, 200);
    assert.equal((await live(user.id)).status, "USER_ACTIVE");
    const put = await h.api.call("PUT", "/_admin/business-date", { body: { date: "2027-04-02" } });
    assert.equal(put.status, 204);
    assert.equal(h.sim.admin.users().find((u) => u.id === other.id)?.status, "USER_INACTIVE");
    assert.equal((await h.api.call("PUT", "/_admin/business-date", { body: { date: "tomorrow" } })).status, 400);
  });
});
