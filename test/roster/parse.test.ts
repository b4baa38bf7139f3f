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

  describe("YAML 1.2 whatever the file says", () => {
    const user = "users:\n  - {email: a@example.com, firstName: A, lastName: A, role: Cardholder, active: off}\n";

    it("refuses a %YAML directive other than 1.2, which would read 'off' as false and '<<' as a merge key", () => {
      for (const version of ["1.1", "1.0", "1.3"]) {
        assert.deepEqual(printedText(`# roster\n%YAML ${version}\n---\n${user}`), [
          `roster.yaml:2:1: error: '%YAML ${version}': a roster is read as YAML 1.2 (where yes, no, on and off are not booleans and '<<' is not a merge key): remove this line`,
        ]);
      }
      const merged = "%YAML 1.1\n---\nbase: &b {role: Cardholder}\nusers:\n  - {email: a@example.com, firstName: A, lastName: A, <<: *b}\n";
      assert.equal(parseText(merged).roster, undefined);
    });

    it("refuses a %TAG directive and any other directive", () => {
      assert.deepEqual(printedText(`%TAG !b! tag:yaml.org,2002:\n---\n${user.replace("off", "!b!bool off")}`), [
        "roster.yaml:1:1: error: '%TAG !b! tag:yaml.org,2002:': a roster takes no '%TAG' directive: remove this line and the tags that use it",
      ]);
      assert.deepEqual(printedText(`%FOO bar\n---\n${user}`), [
        "roster.yaml:1:1: error: '%FOO bar': a roster takes no directive other than '%YAML 1.2': remove this line",
      ]);
    });

    it("accepts %YAML 1.2, where 'off' is a string", () => {
      assert.deepEqual(printedText(`%YAML 1.2\n---\n${user}`), [
        `roster.yaml:4:81: error: 'active' must be true or false, not the string "off"`,
      ]);
    });

    it("resolves no tag beyond the core schema: an explicit !!merge is no merge key, !!timestamp no date", () => {
      const text = [
        "users:",
        "  - &a {email: a@example.com, firstName: A, lastName: A, role: Cardholder, deactivateOn: !!timestamp 2027-03-31}",
        "  - {!!merge <<: *a, email: b@example.com}",
        "",
      ].join("\n");
      assert.deepEqual(printedText(text), [
        "roster.yaml:2:90: warning: YAML: Unresolved tag: tag:yaml.org,2002:timestamp",
        "roster.yaml:3:5: error: missing required field 'firstName'",
        "roster.yaml:3:5: error: missing required field 'lastName'",
        "roster.yaml:3:5: error: missing required field 'role' (set it on the user, or under 'defaults' in this file)",
        "roster.yaml:3:6: warning: YAML: Unresolved tag: tag:yaml.org,2002:merge",
        "roster.yaml:3:14: error: merge keys ('<<') are not supported: use 'defaults' for values shared by the users of a file",
      ]);
    });
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
