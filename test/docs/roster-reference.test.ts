// docs/roster-reference.md is written from the roster's schema (npm run docs:roster): a field added, removed or
// changed without running it fails here, and so does an example roster that leaves a field out.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isMap, isSeq, parseDocument } from "yaml";
import { DefaultsSchema, UserSchema } from "../../packages/pulumi-ramp-roster/src/roster/schema.js";
import { PolicySchema } from "../../packages/pulumi-ramp-roster/src/roster/policy.js";
import { loadRoster } from "../../packages/pulumi-ramp-roster/src/roster/index.js";
import { REFERENCE_PATH, rosterReference } from "../../scripts/roster-reference.js";
import { EXAMPLES } from "../roster/helpers.js";

describe("docs: the roster reference", () => {
  it("is what npm run docs:roster writes from the schema (run it after changing the roster's fields)", () => {
    assert.equal(readFileSync(REFERENCE_PATH, "utf8"), rosterReference(), "docs/roster-reference.md is stale: run npm run docs:roster");
  });
});

describe("examples/roster.yaml", () => {
  const file = join(EXAMPLES, "roster.yaml");

  it("validates without errors or warnings", () => {
    assert.deepEqual(loadRoster(file).issues, []);
  });

  it("uses every field of a user, of defaults and of the policy, and a department and location mapping", () => {
    const data = parseDocument(readFileSync(file, "utf8")).toJS() as Record<string, unknown>;
    const keysOf = (items: unknown): string[] => (Array.isArray(items) ? items.flatMap((i) => (i && typeof i === "object" ? Object.keys(i) : [])) : Object.keys(items ?? {}));
    const missing = (used: string[], all: string[]) => all.filter((field) => !used.includes(field));
    // Fields shown commented out count too: they are written where a reader looks for them.
    const commented = [...readFileSync(file, "utf8").matchAll(/^\s*#\s*([A-Za-z]+):/gm)].map((m) => m[1] as string);
    const users = [...keysOf(data.users), ...commented];
    assert.deepEqual(missing(users, Object.keys(UserSchema.shape)), [], "user fields the example does not show");
    assert.deepEqual(missing([...keysOf(data.defaults), ...commented], Object.keys(DefaultsSchema.shape)), [], "defaults the example does not show");
    assert.deepEqual(missing([...keysOf(data.policy), ...commented], Object.keys(PolicySchema.shape)), [], "policy fields the example does not show");
    const doc = parseDocument(readFileSync(file, "utf8"));
    for (const section of ["departments", "locations"]) {
      const list = doc.get(section);
      assert.ok(isSeq(list) && list.items.some((item) => isMap(item)), `${section}: no entry written as a mapping`);
    }
    assert.deepEqual(missing([...keysOf(data.locations), ...commented], ["name", "entityId", "renamedFrom"]), []);
    assert.deepEqual(missing([...keysOf(data.departments), ...commented], ["name", "renamedFrom"]), []);
  });
});
