// A deactivateOn that has passed: a warning when the loader is given today, and the users the program must not
// reactivate (issue 16, item 1).
import { strict as assert } from "node:assert";
import { loadRoster, parseRoster, pastDeactivations } from "../../packages/pulumi-ramp-roster/src/roster/index.js";
import { fixture, printed } from "./helpers.js";

describe("roster: a deactivateOn that has passed", () => {
  const path = fixture("deactivate-on-past.yaml");

  it("is a warning at the date for an active user; the day itself and later days are not past", () => {
    const result = loadRoster(path, { today: "2026-12-06" });
    assert.ok(result.roster, "a warning does not stop the load");
    assert.deepEqual(printed(result.issues), [
      "deactivate-on-past.yaml:6:19: warning: jane@example.com: deactivateOn 2026-11-30 has passed: Ramp deactivates people on that date; " +
        "remove them from the roster or mark them 'active: false'",
    ]);
    const dayAfter = loadRoster(path, { today: "2026-12-07" });
    assert.deepEqual(
      dayAfter.issues.map((i) => [i.line, i.severity]),
      [
        [6, "warning"],
        [10, "warning"],
      ],
    );
  });

  it("is not checked without today, so that parsing does not depend on the clock", () => {
    const result = loadRoster(path);
    assert.deepEqual(result.issues, []);
  });

  it("pastDeactivations lists the active users whose date has passed, for the program", () => {
    const { roster } = loadRoster(path);
    assert.ok(roster);
    assert.deepEqual(
      pastDeactivations(roster, "2026-12-07").map((u) => u.email),
      ["jane@example.com", "last.day@example.com"],
    );
    assert.deepEqual(pastDeactivations(roster, "2026-11-30"), []);
    assert.throws(() => pastDeactivations(roster, "7 Dec 2026"), /'today' must be a date written YYYY-MM-DD/);
    assert.throws(() => parseRoster([{ path: "r.yaml", text: "users: []" }], { today: "2026-02-30" }), /'today' must be/);
  });
});
