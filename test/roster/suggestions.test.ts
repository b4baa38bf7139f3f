// "Did you mean": the edit distance and the closest known name.
import { strict as assert } from "node:assert";
import { closest } from "../../packages/pulumi-ramp-roster/src/roster/suggest.js";
import { editDistance } from "../../packages/pulumi-ramp-roster/src/text.js";

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
