// Role names: the roster's UI names and Ramp's API names.
import { strict as assert } from "node:assert";
import { API_ROLES } from "../../packages/pulumi-ramp-roster/src/ramp-facts.js";
import { toApiRole, toDisplayRole } from "../../packages/pulumi-ramp-roster/src/roster/index.js";

describe("roster: roles", () => {
  it("maps every UI name to its API name, case-insensitively, with blanks collapsed", () => {
    const pairs: [string, string][] = [
      ["Admin", "BUSINESS_ADMIN"],
      ["Cardholder", "BUSINESS_USER"],
      ["Bookkeeper", "BUSINESS_BOOKKEEPER"],
      ["Owner", "BUSINESS_OWNER"],
      ["Guest", "GUEST_USER"],
      ["IT Admin", "IT_ADMIN"],
      ["Auditor", "AUDITOR"],
    ];
    for (const [display, api] of pairs) {
      assert.equal(toApiRole(display), api);
      assert.equal(toApiRole(display.toUpperCase()), api);
      assert.equal(toApiRole(` ${display.toLowerCase()} `), api);
      assert.equal(toDisplayRole(api), display);
    }
    assert.equal(toApiRole("it    ADMIN"), "IT_ADMIN");
  });

  it("accepts API names exactly as Ramp spells them", () => {
    for (const api of API_ROLES) assert.equal(toApiRole(api), api);
    assert.equal(API_ROLES.length, 7);
    assert.equal(toApiRole("business_admin"), undefined);
    assert.equal(toApiRole("Administrator"), undefined);
    assert.equal(toApiRole(""), undefined);
  });

  it("leaves roles it does not know as they are when displaying (read-side roles must not crash)", () => {
    assert.equal(toDisplayRole("COORDINATOR"), "COORDINATOR");
    assert.equal(toDisplayRole("UNBUNDLED_ADMIN"), "UNBUNDLED_ADMIN");
    assert.equal(toApiRole("COORDINATOR"), undefined);
  });
});
