// startOn: a person's first day (issue 20). A day that has passed is a warning when the loader is given today; a day
// after deactivateOn is an error (start-on.yaml in broken-rosters.test.ts); the model carries it as written.
import { strict as assert } from "node:assert";
import { loadRoster } from "../../packages/pulumi-ramp-roster/src/roster/index.js";
import { fixture, printed } from "./helpers.js";

describe("roster: startOn", () => {
  const path = fixture("start-on-past.yaml");

  it("is a warning at the date once it has passed; the day itself is not past, and it may equal deactivateOn", () => {
    const result = loadRoster(path, { today: "2026-12-06" });
    assert.ok(result.roster, "a warning does not stop the load");
    assert.deepEqual(printed(result.issues), [
      "start-on-past.yaml:6:14: warning: started@example.com: startOn 2026-11-30 has passed: a person not yet in Ramp is invited at once; " +
        "remove 'startOn' once they have started",
    ]);
    assert.deepEqual(
      result.roster.users.map((u) => [u.key, u.startOn]),
      [
        ["started@example.com", "2026-11-30"],
        ["today@example.com", "2026-12-06"],
        ["joiner@example.com", "2027-01-04"],
      ],
    );
  });

  it("is not checked against the clock without today, and is absent from the model when not written", () => {
    assert.deepEqual(loadRoster(path).issues, []);
    const { roster } = loadRoster(fixture("deactivate-on-past.yaml"));
    assert.ok(roster);
    assert.ok(roster.users.every((u) => !("startOn" in u)));
  });
});
