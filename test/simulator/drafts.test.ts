import assert from "node:assert/strict";
import { errorCode, useSimulator } from "./helpers.js";

describe("simulator: draft users and scheduled invitations (beta)", () => {
  const h = useSimulator();
  const live = async (id: string) => (await h.api.get(`/users/${id}`)).body;
  const draft = async (email = "joiner@example.com") => (await h.api.invite({ email, is_draft: true })).body.data.user_id as string;
  const invite = (id: string, body: Record<string, unknown>) => h.api.post(`/users/${id}/invite`, body);

  it("creates a draft with is_draft: USER_DRAFT, no invitation, no date", async () => {
    const id = await draft();
    const user = await live(id);
    assert.deepEqual([user.status, user.scheduled_invitation_date], ["USER_DRAFT", null]);
    assert.deepEqual(h.sim.admin.invitationsSent(), {});
  });

  it("schedules, moves and cancels the invitation; the business date reaching the day sends it once", async () => {
    h.sim.admin.setBusinessDate("2026-12-01");
    const id = await draft();
    assert.equal((await invite(id, { action: "SCHEDULE", invitation_time: "2027-01-04T00:00:00Z" })).status, 200);
    assert.equal((await live(id)).scheduled_invitation_date, "2027-01-04");
    assert.equal((await invite(id, { action: "SCHEDULE", invitation_time: "2027-01-11T00:00:00Z" })).status, 200);
    assert.equal((await live(id)).scheduled_invitation_date, "2027-01-11", "moved, not a second invitation");
    h.sim.admin.setBusinessDate("2027-01-10");
    assert.equal((await live(id)).status, "USER_DRAFT", "the day before: still a draft");
    h.sim.admin.setBusinessDate("2027-01-11");
    const sent = await live(id);
    assert.deepEqual([sent.status, sent.scheduled_invitation_date], ["INVITE_PENDING", null]);
    h.sim.admin.setBusinessDate("2027-02-01");
    assert.deepEqual(h.sim.admin.invitationsSent(), { "joiner@example.com": 1 });
  });

  it("DESCHEDULE cancels (and is a no-op without a schedule); a deactivated draft is never invited", async () => {
    h.sim.admin.setBusinessDate("2026-12-01");
    const id = await draft();
    assert.equal((await invite(id, { action: "DESCHEDULE" })).status, 200);
    await invite(id, { action: "SCHEDULE", invitation_time: "2027-01-04T00:00:00Z" });
    await invite(id, { action: "DESCHEDULE" });
    assert.equal((await live(id)).scheduled_invitation_date, null);
    const other = await draft("other@example.com");
    await invite(other, { action: "SCHEDULE", invitation_time: "2027-01-04T00:00:00Z" });
    assert.equal((await h.api.patch(`/users/${other}/deactivate`)).status, 200);
    h.sim.admin.setBusinessDate("2027-01-05");
    assert.equal((await live(id)).status, "USER_DRAFT");
    assert.equal((await live(other)).status, "USER_INACTIVE");
    assert.equal((await h.api.patch(`/users/${other}/reactivate`)).status, 200);
    assert.equal((await live(other)).status, "USER_DRAFT", "a reactivated draft is a draft again, not active");
    assert.deepEqual(h.sim.admin.invitationsSent(), {});
  });

  it("SEND_NOW invites a draft once; SCHEDULE and SEND_NOW refuse a user who is not a draft", async () => {
    const id = await draft();
    assert.equal((await invite(id, { action: "SEND_NOW" })).status, 200);
    assert.equal((await live(id)).status, "INVITE_PENDING");
    for (const body of [{ action: "SEND_NOW" }, { action: "SCHEDULE", invitation_time: "2099-01-04T00:00:00Z" }]) {
      const answer = await invite(id, body);
      assert.equal(answer.status, 400, body.action);
      assert.equal(errorCode(answer), "DEVELOPER_7001");
    }
    assert.deepEqual(h.sim.admin.invitationsSent(), { "joiner@example.com": 1 });
  });

  it("refuses a bad action, a SCHEDULE without a time or in the past, and an unknown user", async () => {
    h.sim.admin.setBusinessDate("2026-12-01");
    const id = await draft();
    assert.equal((await invite(id, { action: "LATER" })).status, 422);
    assert.equal((await invite(id, { action: "SCHEDULE" })).status, 400);
    assert.equal((await invite(id, { action: "SCHEDULE", invitation_time: "2027-01-04" })).status, 422);
    assert.equal((await invite(id, { action: "SCHEDULE", invitation_time: "2026-11-30T00:00:00Z" })).status, 400);
    assert.equal((await invite("0b7e7c0e-0000-4000-8000-000000000000", { action: "SEND_NOW" })).status, 400);
    assert.equal((await live(id)).status, "USER_DRAFT");
  });

  it("a business without the beta refuses drafts and invitation calls with 403, and still invites as before", async () => {
    const id = await draft();
    assert.equal((await h.api.call("PUT", "/_admin/drafts-refused", { body: { refused: true } })).status, 204);
    const refused = await h.api.post("/users/deferred", {
      email: "beta@example.com", first_name: "B", last_name: "E", role: "BUSINESS_USER", idempotency_key: "k-beta", is_draft: true,
    });
    assert.equal(refused.status, 403);
    assert.ok(refused.body.error_v2.additional_info.is_draft);
    assert.equal((await invite(id, { action: "SEND_NOW" })).status, 403);
    assert.equal((await live(id)).status, "USER_DRAFT");
    const plain = await h.api.invite({ email: "plain@example.com" });
    assert.equal((await live(plain.body.data.user_id)).status, "INVITE_PENDING");
  });
});
