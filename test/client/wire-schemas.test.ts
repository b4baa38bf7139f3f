import { strict as assert } from "node:assert";
import { DeferredTaskWire, pageOf, parseErrorBody, toDeferredTask, TokenWire, toUser, UserWire } from "../../packages/pulumi-ramp-roster/src/client/schemas.js";

describe("wire schemas (unit)", () => {
  it("tolerates missing optional fields, nulls, unknown fields and new enum values", () => {
    const user = toUser(UserWire.parse({ id: "u1", email: "a@b.c", role: "COORDINATOR", status: "USER_SOMETHING_NEW", first_name: null, extra: 1 }));
    assert.deepEqual(user, {
      id: "u1",
      email: "a@b.c",
      firstName: "",
      lastName: "",
      role: "COORDINATOR",
      status: "USER_SOMETHING_NEW",
      departmentId: null,
      locationId: null,
      managerId: null,
      employeeId: null,
      isManager: null,
      entityId: null,
      businessId: null,
      phone: null,
      scheduledDeactivationDate: null,
      scheduledInvitationDate: null,
    });
    const page = pageOf(UserWire).parse({ data: [] });
    assert.deepEqual(page.page, { next: null });
    assert.deepEqual(pageOf(UserWire).parse({ data: [], page: { next: "" } }).page, { next: null });
  });

  it("never fails on a field the client does not use, whatever its type (Ramp's example answers phone as a number)", () => {
    const base = { id: "u1", email: "a@b.c", role: "BUSINESS_USER", status: "USER_ACTIVE" };
    for (const phone of [8004559999, "+1 800 455 9999", null, undefined, { n: 1 }, [1], true]) {
      for (const custom_fields of [[{ name: "Team", value: "Core" }], {}, "x", null]) {
        const parsed = UserWire.safeParse({ ...base, phone, custom_fields, lifecycle_status: 7 });
        assert.ok(parsed.success, JSON.stringify({ phone, custom_fields }));
      }
    }
    assert.equal(toUser(UserWire.parse({ ...base, phone: 8004559999 })).phone, "8004559999");
    assert.equal(toUser(UserWire.parse({ ...base, phone: { n: 1 } })).phone, null);
    assert.equal(toUser(UserWire.parse({ ...base, scheduled_deactivation_date: "2027-03-31" })).scheduledDeactivationDate, "2027-03-31");
    assert.equal(toUser(UserWire.parse({ ...base, scheduled_invitation_date: "2027-01-04" })).scheduledInvitationDate, "2027-01-04");
  });

  it("accepts token_type Bearer in any case, and refuses other token types", () => {
    assert.ok(TokenWire.safeParse({ access_token: "t", token_type: "bearer", expires_in: 864000 }).success);
    assert.ok(TokenWire.safeParse({ access_token: "t", token_type: "Bearer", expires_in: "864000" }).success);
    assert.ok(!TokenWire.safeParse({ access_token: "t", token_type: "mac" }).success);
    assert.ok(!TokenWire.safeParse({ token_type: "Bearer" }).success);
  });

  it("reads error_v2, the legacy error object and OAuth errors", () => {
    assert.deepEqual(parseErrorBody({ error_v2: { error_code: "DEVELOPER_7005", message: "used", additional_info: { k: 1 } }, error: {} }), {
      errorCode: "DEVELOPER_7005",
      message: "used",
      additionalInfo: { k: 1 },
    });
    assert.deepEqual(parseErrorBody({ error: "invalid_client", error_description: "nope" }), { errorCode: "invalid_client", message: "nope", additionalInfo: null });
    assert.deepEqual(parseErrorBody({ error: { error_code: "X", message: "legacy" } }), { errorCode: "X", message: "legacy", additionalInfo: null });
    assert.deepEqual(parseErrorBody("<html>"), { errorCode: null, message: null, additionalInfo: null });
    assert.deepEqual(parseErrorBody({ ramp_error_code: "DEVELOPER_7002", message: "gone" }), { errorCode: "DEVELOPER_7002", message: "gone", additionalInfo: null });
  });

  it("reads a task's result in either shape", () => {
    assert.deepEqual(toDeferredTask("t1", DeferredTaskWire.parse({ status: "success", data: { user_id: "u" } })), { id: "t1", status: "SUCCESS", userId: "u", error: null });
    assert.equal(toDeferredTask("t1", DeferredTaskWire.parse({ id: "t1", status: "ERROR", data: { error: { message: "boom" } } })).error, "boom");
  });
});
