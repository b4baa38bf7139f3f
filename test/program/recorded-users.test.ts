// What the program reads from its own last checkpoint (readStackResourceOutputs): the users it recorded, and whom the
// roster removed (the stack output carried forward run to run).
import { strict as assert } from "node:assert";
import { recordedUsersOf, removedFromRosterOf, USER_RESOURCE_TYPE } from "../../packages/pulumi-ramp-roster/src/program/recorded-users.js";

const stack = (outputs: unknown) => ({ "urn:pulumi:prod::ramp-roster::pulumi:pulumi:Stack::ramp-roster-prod": { type: "pulumi:pulumi:Stack", outputs } });
const user = (email: string, outputs: Record<string, unknown>) => ({
  [`urn:pulumi:prod::ramp-roster::${USER_RESOURCE_TYPE}::user:${email}`]: { type: USER_RESOURCE_TYPE, outputs: { email, ...outputs } },
});

describe("recorded users and removals, from the stack's last checkpoint", () => {
  it("reads each user's Ramp id, status and what the roster last asked (rosterActive), absent in states of 0.1.0", () => {
    const users = recordedUsersOf({
      ...user("a@x.com", { userId: "id-a", active: false, rosterActive: false }),
      ...user("b@x.com", { userId: "id-b", active: false }),
    });
    assert.deepEqual(users, [
      { email: "a@x.com", userId: "id-a", active: false, protect: false, retainOnDelete: false, rosterActive: false },
      { email: "b@x.com", userId: "id-b", active: false, protect: false, retainOnDelete: false },
    ]);
  });

  it("reads removedFromRoster at the top of the stack's outputs or one level down (export const ramp = deployRoster())", () => {
    assert.deepEqual(removedFromRosterOf(stack({ removedFromRoster: { "Gus@x.com": "id-gus" } })), { "gus@x.com": "id-gus" });
    assert.deepEqual(removedFromRosterOf(stack({ ramp: { removedFromRoster: { "gus@x.com": "id-gus" } } })), { "gus@x.com": "id-gus" });
    // Anything malformed is left out: the record only ever allows a reactivation, so losing it fails closed.
    assert.deepEqual(removedFromRosterOf(stack({ removedFromRoster: { "gus@x.com": 7, "amy@x.com": "id-amy" } })), { "amy@x.com": "id-amy" });
    assert.deepEqual(removedFromRosterOf(stack({ removedFromRoster: ["gus@x.com"] })), {});
    assert.deepEqual(removedFromRosterOf({}), {});
  });
});
