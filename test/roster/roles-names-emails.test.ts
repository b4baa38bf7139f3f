// The small pieces: role names, email addresses, "did you mean".
import { strict as assert } from "node:assert";
import { API_ROLES, emailKey } from "../../packages/pulumi-ramp-roster/src/ramp-facts.js";
import { isEmail, toApiRole, toDisplayRole } from "../../packages/pulumi-ramp-roster/src/roster/index.js";
import { closest } from "../../packages/pulumi-ramp-roster/src/roster/suggest.js";
import { editDistance } from "../../packages/pulumi-ramp-roster/src/text.js";

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

describe("roster: suggestions", () => {
  it("counts a swap of neighbours as one edit", () => {
    assert.equal(editDistance("fristname", "firstname"), 1);
    assert.equal(editDistance("abc", "abc"), 0);
    assert.equal(editDistance("", "abc"), 3);
    assert.equal(editDistance("kitten", "sitting"), 3);
  });

  it("suggests across case, snake_case and prefixes, and not for far-off names", () => {
    assert.equal(closest("first_name", ["email", "firstName", "lastName"]), "firstName");
    assert.equal(closest("EMAIL", ["email", "firstName"]), "email");
    assert.equal(closest("New York", ["London", "New York HQ"]), "New York HQ");
    assert.equal(closest("Enginering", ["Finance", "Engineering"]), "Engineering");
    assert.equal(closest("colour", ["email", "firstName", "lastName", "role"]), undefined);
    assert.equal(closest("ab", ["xy"]), undefined);
    // ties go to the earlier candidate; the exact same name is no suggestion
    assert.equal(closest("cat", ["bat", "hat"]), "bat");
    assert.equal(closest("cat", ["cat"]), undefined);
  });
});
