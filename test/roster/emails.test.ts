// Email addresses: what is accepted, and the key they are compared by.
import { strict as assert } from "node:assert";
import { emailKey } from "../../packages/pulumi-ramp-roster/src/ramp-facts.js";
import { isEmail } from "../../packages/pulumi-ramp-roster/src/roster/index.js";

describe("roster: emails", () => {
  it("accepts plain addresses", () => {
    for (const ok of ["a@example.com", "first.last+tag@sub.example.co.uk", "o'neil@example.ie", "x@xn--bcher-kva.ch", "A_B-c@Example.COM"]) {
      assert.ok(isEmail(ok), ok);
    }
  });

  it("refuses what Ramp would not invite", () => {
    for (const bad of ["", "a", "a@", "@a.com", "a@b", "a@@b.com", "a b@c.com", "a@b..com", ".a@b.com", "a.@b.com", "a@-b.com", "a@b.c", "a@b.123", `${"x".repeat(65)}@b.com`]) {
      assert.equal(isEmail(bad), false, bad);
    }
  });

  it("keys an email by its trimmed lower-case form", () => {
    assert.equal(emailKey("  Jane.Doe@Example.COM "), "jane.doe@example.com");
  });
});
