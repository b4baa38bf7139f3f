import { strict as assert } from "node:assert";
import type { RampUserRecord } from "../../packages/pulumi-ramp-roster/src/client/types.js";
import {
  checkUserInputs,
  diffUser,
  inputsFromOutputs,
  normaliseUserInputs,
  outputsFromLive,
  patchFor,
  UNKNOWN_VALUE,
  userFromOutputs,
} from "../../packages/pulumi-ramp-roster/src/resources/user-model.js";

const live: RampUserRecord = {
  id: "u-1",
  email: "Jane@Example.com",
  firstName: "Jane",
  lastName: "Doe",
  role: "BUSINESS_USER",
  status: "USER_ACTIVE",
  departmentId: "d-1",
  locationId: "l-1",
  managerId: "m-1",
  employeeId: "E-1",
  isManager: false,
  entityId: "e-1",
  businessId: "b-1",
  phone: null,
};

const wanted = {
  email: "jane@example.com",
  firstName: "Jane",
  lastName: "Doe",
  role: "BUSINESS_USER",
  departmentId: "d-1",
  locationId: "l-1",
  managerId: "m-1",
  active: true,
};

describe("RampUserRecord check", () => {
  it("accepts good inputs", () => assert.deepEqual(checkUserInputs(wanted), []));

  it("names each bad property", () => {
    const failures = checkUserInputs({
      email: "not-an-email",
      firstName: "",
      lastName: "x".repeat(256),
      role: "BUSINESS_OWNER",
      departmentId: 7,
      isManager: "yes",
      active: "true",
    });
    assert.deepEqual(
      failures.map((f) => f.property),
      ["email", "firstName", "lastName", "role", "departmentId", "isManager", "active"],
    );
    assert.match(failures.find((f) => f.property === "lastName")!.reason, /256 characters; Ramp accepts at most 255/);
    assert.match(failures.find((f) => f.property === "role")!.reason, /cannot be invited or assigned/);
  });

  it("refuses a manager on an admin, as Ramp does", () => {
    const failures = checkUserInputs({ ...wanted, role: "BUSINESS_ADMIN" });
    assert.deepEqual(failures.map((f) => f.property), ["managerId"]);
  });

  it("lets unknown values through during preview", () => {
    assert.deepEqual(checkUserInputs({ ...wanted, departmentId: UNKNOWN_VALUE, managerId: UNKNOWN_VALUE }), []);
  });
});

describe("RampUserRecord diff", () => {
  const olds = { ...outputsFromLive(live, wanted), __provider: "serialized" };

  it("sees no change when the live user matches, whatever the email's case", () => {
    assert.deepEqual(diffUser(olds, wanted), { changes: false, replaces: [], fields: [] });
  });

  it("lists each changed field, and only those", () => {
    const diff = diffUser(olds, { ...wanted, role: "BUSINESS_ADMIN", departmentId: "d-2", managerId: null });
    assert.deepEqual(diff, { changes: true, replaces: [], fields: ["role", "departmentId", "managerId"] });
  });

  it("replaces the user when the email changes", () => {
    const diff = diffUser(olds, { ...wanted, email: "jane.doe@example.com" });
    assert.deepEqual(diff.replaces, ["email"]);
  });

  it("treats active: false and back as a change of 'active'", () => {
    assert.deepEqual(diffUser(olds, { ...wanted, active: false }).fields, ["active"]);
    const inactive = { ...olds, status: "USER_INACTIVE", active: false };
    assert.deepEqual(diffUser(inactive, wanted).fields, ["active"]);
    assert.equal(diffUser(inactive, { ...wanted, active: false }).changes, false);
  });

  it("ignores fields the roster leaves unmanaged, and treats unknown values as changes", () => {
    const unmanaged = { email: wanted.email, firstName: "Jane", lastName: "Doe", role: "BUSINESS_USER", active: true };
    assert.equal(diffUser(olds, unmanaged).changes, false);
    assert.deepEqual(diffUser(olds, { ...wanted, departmentId: UNKNOWN_VALUE }).fields, ["departmentId"]);
  });

  it("does not see a change between a missing and a false isManager, or a missing and a null manager", () => {
    const noFlags = { ...olds, isManager: undefined, managerId: null };
    assert.equal(diffUser(noFlags, { ...wanted, isManager: false, managerId: null }).changes, false);
  });
});

describe("RampUserRecord patches and outputs", () => {
  it("patches only the fields that differ from the live user", () => {
    assert.deepEqual(patchFor(live, normaliseUserInputs({ ...wanted, lastName: "Smith", managerId: null })).patch, {
      lastName: "Smith",
      managerId: null,
    });
  });

  it("leaves unmanaged fields out of the patch", () => {
    const inputs = normaliseUserInputs({ email: "jane@example.com", firstName: "Jane", lastName: "Doe", role: "BUSINESS_USER" });
    assert.deepEqual(patchFor(live, inputs), { patch: {}, uncleared: [] });
  });

  it("patches from the recorded outputs on update", () => {
    const olds = outputsFromLive(live, wanted);
    // Ramp's API takes no null for a location (only for the manager): it is never sent, and reported instead.
    assert.deepEqual(patchFor(userFromOutputs(live.id, { ...olds }), normaliseUserInputs({ ...wanted, role: "IT_ADMIN", locationId: null })), {
      patch: { role: "IT_ADMIN" },
      uncleared: ["locationId"],
    });
  });

  it("exposes only managed optional fields, so a refresh cannot invent drift", () => {
    const outs = outputsFromLive(live, { departmentId: "d-1" });
    assert.equal(outs.departmentId, "d-1");
    assert.equal("managerId" in outs, false);
    assert.equal("employeeId" in outs, false);
    const inputs = inputsFromOutputs(outs);
    assert.equal("status" in inputs, false);
    assert.equal(inputs.active, true);
  });
});
