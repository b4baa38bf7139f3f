// A refused write (any 4xx on deactivate, reactivate, update or invite) is reported with everything Ramp support asks
// for: the call, the user, the HTTP status, Ramp's error code and message, and the x-trace-id. Never a secret.
import { strict as assert } from "node:assert";
import { RampApiError } from "../../packages/pulumi-ramp-roster/src/client/index.js";
import { CLIENT_SECRET, rejectionOf, useSimulator } from "./helpers.js";

const TRACE = "\\(x-trace-id [0-9a-f]{32}\\)$";

describe("RampClient refusals", () => {
  const h = useSimulator();

  for (const [operation, route, call] of [
    ["deactivate user", "deactivate", (c: ReturnType<typeof h.client>, id: string) => c.deactivateUser(id)],
    ["reactivate user", "reactivate", (c: ReturnType<typeof h.client>, id: string) => c.reactivateUser(id)],
  ] as const) {
    it(`names the call, the user, the status, Ramp's code and message and the trace id when Ramp refuses to ${operation}`, async () => {
      const [user] = h.sim.admin.seedUsers(1);
      const message = "User deactivation through the API is not enabled for this business";
      h.sim.admin.injectFault({ kind: "status", status: 400, errorCode: "DEVELOPER_7001", message, method: "PATCH", path: `/users/${user!.id}/${route}` });
      const err = await rejectionOf(call(h.client(), user!.id));
      assert.ok(err instanceof RampApiError);
      assert.equal(err.operation, operation);
      assert.equal(err.subject, user!.id);
      assert.match(
        err.message,
        new RegExp(`^Could not ${operation} ${user!.id}: PATCH /developer/v1/users/${user!.id}/${route} failed with HTTP 400 DEVELOPER_7001: ${message} ${TRACE}`),
      );
      assert.ok(!err.message.includes(CLIENT_SECRET));
    });
  }

  it("reports a refused update the same way", async () => {
    const user = h.sim.admin.addUser({ email: "u@example.com" });
    const err = await rejectionOf(h.client().updateUser(user.id, { departmentId: "0b7e7c0e-0000-4000-8000-000000000000" }));
    assert.ok(err instanceof RampApiError);
    assert.match(err.message, new RegExp(`^Could not update user ${user.id}: PATCH /developer/v1/users/${user.id} failed with HTTP 400 DEVELOPER_7001: Unknown id in department_id ${TRACE}`));
  });

  it("reports a refused invite with the email it was for (no user id exists yet)", async () => {
    const err = await rejectionOf(
      h.client().inviteUser({ email: "ada@example.com", firstName: "Ada", lastName: "L", role: "BUSINESS_ADMIN", scheduledDeactivationDate: "2027-01-31" }, { idempotencyKey: "k-adm" }),
    );
    assert.ok(err instanceof RampApiError);
    assert.equal(err.subject, "ada@example.com");
    assert.match(
      err.message,
      new RegExp(`^Could not invite user ada@example.com: POST /developer/v1/users/deferred failed with HTTP 400 DEVELOPER_7001: A scheduled deactivation date cannot be set for a BUSINESS_ADMIN. ${TRACE}`),
    );
  });

  it("says so when Ramp's answer carries no error code or message", async () => {
    const [user] = h.sim.admin.seedUsers(1);
    h.sim.admin.injectFault({ kind: "status", status: 409, errorCode: "", message: "", method: "PATCH", path: "/users/" });
    const err = await rejectionOf(h.client().deactivateUser(user!.id));
    assert.match(err.message, new RegExp(`HTTP 409 \\(no error code\\): \\(no message\\) ${TRACE}`));
  });
});
