// docs/ci.md shows a real plan comment: the one the e2e test makes with the real engine, kept in step here.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { EXPECTED_PLAN_MARKDOWN } from "../e2e/plan-expected.js";
import { REPO } from "../roster/helpers.js";

describe("docs/ci.md", () => {
  it("shows the plan comment of the end-to-end test, as a quote", () => {
    const quoted = EXPECTED_PLAN_MARKDOWN.trimEnd()
      .split("\n")
      .map((line) => (line === "" ? ">" : `> ${line}`))
      .join("\n");
    assert.ok(readFileSync(join(REPO, "docs", "ci.md"), "utf8").includes(`${quoted}\n`), "the plan comment of docs/ci.md differs from test/e2e/plan-expected.ts");
  });
});
