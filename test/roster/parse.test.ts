// parseRoster on texts: YAML details (positions through aliases, CRLF, BOM), the error type and the loader API.
import { strict as assert } from "node:assert";
import {
  RosterValidationError,
  formatIssue,
  loadRosterOrThrow,
  parseRoster,
  type RosterIssue,
} from "../../packages/pulumi-ramp-roster/src/roster/index.js";
import { fixture, parseText, printedText } from "./helpers.js";

describe("roster: parsing", () => {
  it("points into flow collections and at values reached through an alias", () => {
    const text = [
      "departments: [Ops]",
      "users:",
      "  - {email: a@example.com, firstName: A, lastName: A, role: Guest, department: Opps}",
      "  - &b",
      "    email: b@example.com",
      "    firstName: B",
      "    lastName: B",
      "    role: Guest",
      "    active: maybe",
      "  - *b",
      "",
    ].join("\n");
    assert.deepEqual(printedText(text), [
      "roster.yaml:3:80: error: unknown department 'Opps' (did you mean 'Ops'?)",
      `roster.yaml:9:13: error: 'active' must be true or false, not the string "maybe"`,
      // the alias repeats the user: its own issues are reported where the alias is written
      `roster.yaml:10:5: error: 'active' must be true or false, not the string "maybe"`,
      "roster.yaml:10:5: error: duplicate email 'b@example.com' (first used at line 5)",
    ]);
  });

  it("counts lines the same with CRLF line ends and a byte-order mark", () => {
    const text = "\uFEFFusers:\r\n  - email: a@example.com\r\n    firstName: A\r\n    lastName: A\r\n    role: Ownr\r\n";
    assert.deepEqual(printedText(text), [
      "roster.yaml:5:11: error: unknown role 'Ownr' (did you mean 'Owner'?); roles are Admin, Cardholder, Bookkeeper, IT Admin, Auditor, Guest, or Ramp's API names (BUSINESS_ADMIN ...)",
    ]);
  });

  it("reads YAML 1.2: yes/no are strings, quoted numbers stay as written", () => {
    const ok = parseText('users:\n  - {email: a@example.com, firstName: "No", lastName: Yes, role: Guest, employeeId: "0042"}\n');
    assert.deepEqual(ok.issues, []);
    assert.deepEqual(
      ok.roster?.users.map((u) => [u.firstName, u.lastName, u.employeeId]),
      [["No", "Yes", "0042"]],
    );
  });

  it("returns the issues sorted by file order, line and column, each once", () => {
    const result = parseRoster([
      { path: "b.yaml", text: "users:\n  - {email: x@example.com, firstName: X, lastName: X, role: Owner, oops: 1}\n" },
      { path: "a.yaml", text: "defaults: {role: Owner}\nusers:\n  - {email: y@example.com, firstName: Y, lastName: Y}\n  - {email: z@example.com, firstName: Z, lastName: Z}\n" },
    ]);
    assert.deepEqual(
      result.issues.map((i) => `${i.file}:${i.line}:${i.column}`),
      ["b.yaml:2:61", "b.yaml:2:68", "a.yaml:1:18"],
    );
  });
});

describe("roster: errors", () => {
  const issue: RosterIssue = { file: "team/eng.yaml", line: 12, column: 5, severity: "error", message: "unknown field 'x'" };

  it("formats an issue as file:line:column: severity: message", () => {
    assert.equal(formatIssue(issue), "team/eng.yaml:12:5: error: unknown field 'x'");
    assert.equal(formatIssue({ ...issue, severity: "warning" }), "team/eng.yaml:12:5: warning: unknown field 'x'");
  });

  it("loadRosterOrThrow throws a RosterValidationError listing every issue", () => {
    const path = fixture("self-manager.yaml");
    assert.throws(
      () => loadRosterOrThrow(path),
      (e: unknown) => {
        assert.ok(e instanceof RosterValidationError);
        assert.equal(e.name, "RosterValidationError");
        assert.equal(e.issues.length, 1);
        assert.equal(e.message, `invalid roster (1 error, 0 warnings):\n  ${path}:6:14: error: jane@example.com cannot be their own manager`);
        return true;
      },
    );
  });

  it("loadRosterOrThrow returns a roster with warnings, and hands them to onWarning", () => {
    const warnings: string[] = [];
    const roster = loadRosterOrThrow(fixture("inactive-manager.yaml"), { onWarning: (w) => warnings.push(w.message) });
    assert.equal(roster.users.length, 2);
    assert.deepEqual(warnings, ["manager 'jane@example.com' is inactive (active: false at line 7)"]);
  });
});
