// Every broken fixture: every message, at its line and column. One fixture per kind of mistake.
import { strict as assert } from "node:assert";
import { formatIssue, loadRoster, parseRoster } from "../../packages/pulumi-ramp-roster/src/roster/index.js";
import { fixture, issuesOf } from "./helpers.js";

const ROLES = "roles are Admin, Cardholder, Bookkeeper, IT Admin, Auditor, Guest, or Ramp's API names (BUSINESS_ADMIN ...)";
const USER_FIELDS =
  "email, formerEmails, firstName, lastName, role, department, location, manager, employeeId, isManager, active, deactivateOn, startOn, protect, retainOnDelete";
const OWNER = "role Owner (BUSINESS_OWNER) cannot be invited or assigned through Ramp's API: leave the business owner out of the roster, or choose another role";
const ADMIN_MANAGER = "Ramp refuses a manager on an Admin (BUSINESS_ADMIN) through its API: remove 'manager' from this user";
const NOT_A_USER = "a user must be a mapping with email, firstName, lastName and the other user fields";

const cases: Record<string, string[]> = {
  "unknown-fields.yaml": [
    "unknown-fields.yaml:3:5: error: unknown field 'budget'; known fields: name, renamedFrom",
    "unknown-fields.yaml:6:5: error: unknown field 'entity_id' (did you mean 'entityId'?)",
    "unknown-fields.yaml:9:3: error: unknown field 'title'; known fields: role, department, location, protect, retainOnDelete",
    "unknown-fields.yaml:10:1: error: unknown field 'user' (did you mean 'users'?)",
    // the typo alone: no "missing required field 'firstName'" on top
    "unknown-fields.yaml:14:5: error: unknown field 'fristName' (did you mean 'firstName'?)",
    "unknown-fields.yaml:16:5: error: unknown field 'dept' (did you mean 'department'?)",
    "unknown-fields.yaml:20:5: error: unknown field 'name' (did you mean 'firstName' and 'lastName'?)",
    `unknown-fields.yaml:21:5: error: unknown field 'colour'; known fields: ${USER_FIELDS}`,
  ],
  "wrong-types.yaml": [
    `wrong-types.yaml:3:12: error: 'protect' must be true or false, not the string "no"`,
    `wrong-types.yaml:8:13: error: 'active' must be true or false, not the string "yes"`,
    `wrong-types.yaml:9:16: error: 'isManager' must be true or false, not the string "yes"`,
    `wrong-types.yaml:10:17: error: 'employeeId' must be a string, not the number 007; quote it to keep it as written: employeeId: "007"`,
    `wrong-types.yaml:12:16: error: 'firstName' must be a string, not the number 42; quote it to keep it as written: firstName: "42"`,
    `wrong-types.yaml:13:15: error: 'lastName' must be a string, not the boolean true; quote it to keep it as written: lastName: "true"`,
    // `retainOnDelete:` with nothing after it: reported at the key
    "wrong-types.yaml:14:5: error: 'retainOnDelete' must be true or false, not an empty value",
    "wrong-types.yaml:15:14: error: 'protect' must be true or false, not null",
    "wrong-types.yaml:16:17: error: 'department' must be a string, not a list",
    "wrong-types.yaml:17:14: error: 'manager' must be a string, not a mapping",
  ],
  "wrong-sections.yaml": [
    `wrong-sections.yaml:1:14: error: 'departments' must be a list, not the string "Engineering"`,
    "wrong-sections.yaml:3:3: error: 'locations' must be a list, not a mapping",
    `wrong-sections.yaml:4:11: error: 'defaults' must be a mapping, not the string "Cardholder"`,
    `wrong-sections.yaml:10:5: error: ${NOT_A_USER}; not the string "just-a-name"`,
    `wrong-sections.yaml:11:4: error: ${NOT_A_USER}; not an empty value`,
    `wrong-sections.yaml:12:5: error: ${NOT_A_USER}; not a list`,
  ],
  "not-a-mapping.yaml": [
    "not-a-mapping.yaml:1:1: error: a roster file must be a mapping with some of the sections departments, locations, defaults, users, policy; not a list",
    "not-a-mapping.yaml:1:1: warning: the roster has no users",
  ],
  "missing-fields.yaml": [
    "missing-fields.yaml:2:5: error: missing required field 'email'",
    "missing-fields.yaml:5:5: error: missing required field 'firstName'",
    "missing-fields.yaml:5:5: error: missing required field 'lastName'",
    "missing-fields.yaml:7:5: error: missing required field 'role' (set it on the user, or under 'defaults' in this file)",
  ],
  "duplicate-emails.yaml": [
    "duplicate-emails.yaml:10:12: error: duplicate email 'Jane@Example.COM' (first used as 'jane@example.com' at line 4)",
    // quoted with blanks: trimmed, and pointed at from the opening quote
    "duplicate-emails.yaml:13:12: error: duplicate email 'joe@example.com' (first used at line 7)",
  ],
  "duplicate-keys.yaml": [
    "duplicate-keys.yaml:2:1: error: duplicate key 'departments' (first at line 1)",
    "duplicate-keys.yaml:8:5: error: duplicate key 'lastName' (first at line 6)",
    `duplicate-keys.yaml:9:5: error: unknown field 'tags'; known fields: ${USER_FIELDS}`,
    "duplicate-keys.yaml:9:18: error: duplicate key 'a' (first at line 9, column 12)",
  ],
  "duplicate-names.yaml": [
    "duplicate-names.yaml:4:11: error: duplicate department 'engineering' (first declared as 'Engineering' at line 2)",
    "duplicate-names.yaml:5:5: error: duplicate department 'Finance' (first declared at line 3)",
    "duplicate-names.yaml:8:5: error: duplicate location 'New York HQ' (first declared at line 7)",
    "duplicate-names.yaml:9:11: error: duplicate location 'NEW YORK HQ' (first declared as 'New York HQ' at line 7)",
  ],
  "unknown-references.yaml": [
    // a default is checked (and reported) once, where it is written
    "unknown-references.yaml:7:13: error: unknown location 'New York' (did you mean 'New York HQ'?)",
    "unknown-references.yaml:12:17: error: unknown department 'Enginering' (did you mean 'Engineering'?)",
    "unknown-references.yaml:13:15: error: unknown location 'london' (did you mean 'London'?)",
    "unknown-references.yaml:17:17: error: unknown department 'Marketing': declare it under 'departments'",
    "unknown-references.yaml:18:14: error: unknown manager 'jane@exmaple.com': no user in the roster has this email (did you mean 'jane@example.com'?)",
    "unknown-references.yaml:22:14: error: unknown manager 'zed@elsewhere.org': no user in the roster has this email",
  ],
  "renamed-from-errors.yaml": [
    "renamed-from-errors.yaml:5:31: error: a name in 'renamedFrom' is empty",
    "renamed-from-errors.yaml:5:35: error: duplicate former name 'accounting' (first given as 'Accounting' at line 5)",
    "renamed-from-errors.yaml:7:18: error: 'Finance' is a current department; a department cannot have been renamed from it",
    "renamed-from-errors.yaml:9:26: error: 'engineering' is already a former name of department 'Platform Engineering' (line 3); a department cannot have been renamed to two names",
    "renamed-from-errors.yaml:9:39: error: 'GO-TO-MARKET' is this department's own name in another case: a change of case needs no 'renamedFrom'",
    "renamed-from-errors.yaml:11:5: error: 'renamedFrom' must be a name or a list of names, not an empty value",
    "renamed-from-errors.yaml:13:18: error: 'renamedFrom' is an empty list: list the former names, or remove it",
    "renamed-from-errors.yaml:15:19: error: a name in 'renamedFrom' must be a string; not the number 42",
    "renamed-from-errors.yaml:15:23: error: a name in 'renamedFrom' must be a string; not a mapping",
    "renamed-from-errors.yaml:17:5: error: unknown field 'formerName' (did you mean 'renamedFrom'?)",
    "renamed-from-errors.yaml:22:19: error: 'nyc' is already a former name of location 'New York HQ' (line 20); a location cannot have been renamed to two names",
    "renamed-from-errors.yaml:22:24: error: a name in 'renamedFrom' is empty",
    "renamed-from-errors.yaml:22:30: error: 'Remote' is this location's own name; remove it from 'renamedFrom'",
    // users refer to current names: a former one is unknown, and the message gives the name to write
    "renamed-from-errors.yaml:28:17: error: unknown department 'Engineering' (renamed to 'Platform Engineering')",
    "renamed-from-errors.yaml:29:15: error: unknown location 'NYC' (renamed to 'New York HQ')",
    "renamed-from-errors.yaml:34:17: error: unknown department 'Sales' (renamed to 'Go-To-Market')",
  ],
  "former-emails-errors.yaml": [
    "former-emails-errors.yaml:8:37: error: an email in 'formerEmails' is empty",
    "former-emails-errors.yaml:8:41: error: duplicate former email 'JOE@example.com' (first given as 'joe@example.com' at line 8)",
    "former-emails-errors.yaml:8:58: error: 'joe.bloggs@example.com' is this user's own email; remove it from 'formerEmails'",
    // managers are named by their current email: a former one is unknown, and the message gives the email to write
    "former-emails-errors.yaml:12:14: error: unknown manager 'jane@example.com' (now 'jane.doe@example.com')",
    "former-emails-errors.yaml:14:20: error: 'ann@example.com' is this user's own email in another case: emails are compared case-insensitively, so it needs no 'formerEmails'",
    "former-emails-errors.yaml:14:37: error: 'jane@example.com' is already a former email of 'jane.doe@example.com' (line 3); one email cannot have become two users",
    "former-emails-errors.yaml:14:55: error: 'joe.bloggs@example.com' is the current email of another user (line 7); a user cannot have had another user's email",
    "former-emails-errors.yaml:14:79: error: malformed email 'ann@example' in 'formerEmails': the domain 'example' has no top-level domain (such as .com)",
    "former-emails-errors.yaml:18:14: error: unknown manager 'JOE@example.com' (now 'joe.bloggs@example.com')",
    "former-emails-errors.yaml:20:5: error: 'formerEmails' must be an email or a list of emails, not an empty value",
    "former-emails-errors.yaml:25:19: error: 'formerEmails' is an empty list: list the former emails, or remove it",
    "former-emails-errors.yaml:30:20: error: an email in 'formerEmails' must be a string; not the number 42",
    "former-emails-errors.yaml:30:24: error: an email in 'formerEmails' must be a string; not a mapping",
    "former-emails-errors.yaml:30:54: error: malformed email 'tim@old' in 'formerEmails': the domain 'old' has no top-level domain (such as .com)",
    "former-emails-errors.yaml:35:5: error: unknown field 'previousEmail' (did you mean 'formerEmails'?)",
    // a department's or location's word, on a user
    "former-emails-errors.yaml:40:5: error: unknown field 'renamedFrom' (did you mean 'formerEmails'?)",
  ],
  "manager-cycle.yaml": [
    "manager-cycle.yaml:7:14: error: manager cycle: a@example.com → b@example.com → c@example.com → a@example.com",
    "manager-cycle.yaml:23:14: error: manager cycle: e@example.com → f@example.com → e@example.com",
  ],
  "self-manager.yaml": ["self-manager.yaml:6:14: error: jane@example.com cannot be their own manager"],
  "owner-role.yaml": [
    // the default is reported once, not once per user that takes it
    `owner-role.yaml:2:9: error: ${OWNER}`,
    `owner-role.yaml:13:11: error: ${OWNER}`,
  ],
  "admin-with-manager.yaml": [
    `admin-with-manager.yaml:10:14: error: ${ADMIN_MANAGER}`,
    `admin-with-manager.yaml:15:14: error: ${ADMIN_MANAGER}`,
  ],
  "unknown-role.yaml": [
    `unknown-role.yaml:5:11: error: unknown role 'Admn' (did you mean 'Admin'?); ${ROLES}`,
    `unknown-role.yaml:9:11: error: unknown role 'business_user' (did you mean 'BUSINESS_USER'?); ${ROLES}`,
    `unknown-role.yaml:13:11: error: unknown role 'COORDINATOR'; ${ROLES}`,
  ],
  "names.yaml": [
    "names.yaml:5:16: error: 'firstName' is empty",
    "names.yaml:6:15: error: 'lastName' is empty",
    "names.yaml:8:16: error: 'firstName' is 256 characters long; Ramp accepts at most 255",
  ],
  "malformed-emails.yaml": [
    "malformed-emails.yaml:4:12: error: malformed email 'jane.example.com': no '@'",
    "malformed-emails.yaml:7:12: error: malformed email 'joe@example': the domain 'example' has no top-level domain (such as .com)",
    "malformed-emails.yaml:10:12: error: malformed email 'ann lee@example.com': it contains a blank",
    "malformed-emails.yaml:13:12: error: malformed email '@example.com': nothing before the '@'",
    "malformed-emails.yaml:16:12: error: malformed email 'sue@@example.com': more than one '@'",
    "malformed-emails.yaml:19:12: error: malformed email 'tim@exa_mple.com': 'exa_mple.com' is not a valid domain",
    "malformed-emails.yaml:22:12: error: 'email' is empty",
  ],
  "bad-defaults.yaml": [
    // users without a role of their own are not also reported as missing one
    `bad-defaults.yaml:3:9: error: unknown role 'Cardholdr' (did you mean 'Cardholder'?); ${ROLES}`,
    "bad-defaults.yaml:4:15: error: unknown department 'Enginering' (did you mean 'Engineering'?)",
  ],
  "merge-key.yaml": [
    "merge-key.yaml:1:1: error: unknown field 'base'; known fields: departments, locations, defaults, users, policy",
    "merge-key.yaml:4:5: error: merge keys ('<<') are not supported: use 'defaults' for values shared by the users of a file",
    "merge-key.yaml:4:5: error: missing required field 'role' (set it on the user, or under 'defaults' in this file)",
  ],
  "syntax-error.yaml": [
    "syntax-error.yaml:4:15: error: YAML syntax error: Nested mappings are not allowed in compact mappings",
    "syntax-error.yaml:4:15: error: YAML syntax error: Implicit keys need to be on a single line",
  ],
  "tab-indent.yaml": ["tab-indent.yaml:2:1: error: YAML syntax error: Tabs are not allowed as indentation"],
  "multiple-documents.yaml": [
    "multiple-documents.yaml:6:1: error: a roster file holds one YAML document, and this '---' starts a second one: split it into files of a roster folder",
  ],
  "many-errors.yaml": [
    "many-errors.yaml:1:37: error: duplicate department 'engineering' (first declared as 'Engineering' at line 1)",
    "many-errors.yaml:4:5: error: unknown field 'entity_id' (did you mean 'entityId'?)",
    "many-errors.yaml:5:5: error: a location must be a name, or a mapping with a name and an optional entityId; not the number 42",
    // the location above has a bad field, but its name still counts
    "many-errors.yaml:8:13: error: unknown location 'New York' (did you mean 'New York HQ'?)",
    "many-errors.yaml:11:5: error: unknown field 'fristName' (did you mean 'firstName'?)",
    `many-errors.yaml:14:14: error: ${ADMIN_MANAGER}`,
    "many-errors.yaml:14:14: error: unknown manager 'bob@example.com': no user in the roster has this email (did you mean 'bea@example.com'?)",
    "many-errors.yaml:15:12: error: duplicate email 'Jane@Example.com' (first used as 'jane@example.com' at line 10)",
    `many-errors.yaml:18:13: error: 'active' must be true or false, not the string "yes"`,
    `many-errors.yaml:19:17: error: 'employeeId' must be a string, not the number 007; quote it to keep it as written: employeeId: "007"`,
    "many-errors.yaml:20:12: error: malformed email 'bob@example': the domain 'example' has no top-level domain (such as .com)",
    "many-errors.yaml:22:15: error: 'lastName' is empty",
    `many-errors.yaml:23:11: error: ${OWNER}`,
    "many-errors.yaml:24:17: error: unknown department 'Enginering' (did you mean 'Engineering'?)",
    // carl's email is the last of two `email:` keys, as YAML reads it
    "many-errors.yaml:25:14: error: unknown manager 'carl@example.com': no user in the roster has this email (did you mean 'carl2@example.com'?)",
    "many-errors.yaml:29:5: error: duplicate key 'email' (first at line 26)",
    `many-errors.yaml:31:11: error: unknown role 'Admn' (did you mean 'Admin'?); ${ROLES}`,
    "many-errors.yaml:34:15: error: 'lastName' is 300 characters long; Ramp accepts at most 255",
    "many-errors.yaml:35:14: error: self@example.com cannot be their own manager",
    "many-errors.yaml:36:5: error: unknown field 'dept' (did you mean 'department'?)",
    "many-errors.yaml:40:14: error: manager cycle: ann@example.com → bea@example.com → ann@example.com",
    "many-errors.yaml:40:14: warning: manager 'bea@example.com' is inactive (active: false at line 45)",
    "many-errors.yaml:49:14: error: unknown manager 'nobody@example.com': no user in the roster has this email",
    `many-errors.yaml:50:5: error: ${NOT_A_USER}; not the string "bob"`,
    `many-errors.yaml:51:4: error: ${NOT_A_USER}; not an empty value`,
  ],
  "deactivate-on.yaml": [
    "deactivate-on.yaml:7:19: error: 'deactivateOn' is not a day of the calendar: 2027-02-30",
    `deactivate-on.yaml:11:19: error: 'deactivateOn' must be a date written YYYY-MM-DD, such as 2027-03-31, not "31/03/2027"`,
    "deactivate-on.yaml:15:19: error: 'deactivateOn' must be a date written YYYY-MM-DD, such as 2027-03-31, not the number 20270331",
    "deactivate-on.yaml:20:19: error: Ramp cannot schedule the deactivation of an Admin (BUSINESS_ADMIN): remove 'deactivateOn' from this user, or choose another role",
    "deactivate-on.yaml:24:5: error: unknown field 'endDate' (did you mean 'deactivateOn'?)",
  ],
  "start-on.yaml": [
    "start-on.yaml:6:14: error: 'startOn' is not a day of the calendar: 2027-02-30",
    `start-on.yaml:10:14: error: 'startOn' must be a date written YYYY-MM-DD, such as 2027-01-04, not "04/01/2027"`,
    "start-on.yaml:14:14: error: startOn 2027-04-01 is after deactivateOn 2027-03-31: the person would be invited after their access ends; fix one of the dates",
    "start-on.yaml:19:5: error: unknown field 'startDate' (did you mean 'startOn'?)",
  ],
};

describe("roster: broken rosters", () => {
  for (const [name, expected] of Object.entries(cases)) {
    it(`${name}: every issue at its line and column, and no roster`, () => {
      assert.deepEqual(issuesOf(name), expected);
      assert.equal(loadRoster(fixture(name)).roster, undefined);
    });
  }
});

describe("roster: after a YAML syntax error", () => {
  it("checks the rest of the file: the damaged user is left out, the next one's problems are reported", () => {
    const text = [
      "users:",
      "  - email: a@example.com",
      "    firstName: A",
      "     lastName: A",
      "    role: Admn",
      "  - email: b@example.com",
      "    firstName: B",
      "    lastName: B",
      "    role: Cardholdr",
      "    manager: nobody@example.com",
      "",
    ].join("\n");
    const issues = parseRoster([{ path: "roster.yaml", text }]).issues.map(formatIssue);
    assert.deepEqual(issues, [
      "roster.yaml:3:16: error: YAML syntax error: Nested mappings are not allowed in compact mappings",
      "roster.yaml:3:16: error: YAML syntax error: Implicit keys need to be on a single line",
      // no unknown manager: the damaged user may be the one it names
      `roster.yaml:9:11: error: unknown role 'Cardholdr' (did you mean 'Cardholder'?); ${ROLES}`,
    ]);
  });

  it("stops at an error outside any section, where nothing after it can be trusted", () => {
    const issues = parseRoster([{ path: "roster.yaml", text: "'users:\n  - email: a@example.com\n" }]).issues.map(formatIssue);
    assert.equal(issues.length, 1, issues.join("\n"));
    assert.match(issues[0] ?? "", /^roster\.yaml:1:1: error: this quote \('\) is never closed/);
  });
});

describe("roster: warnings alone leave the roster valid", () => {
  it("a manager with active: false is a warning at the manager value", () => {
    const result = loadRoster(fixture("inactive-manager.yaml"));
    assert.deepEqual(issuesOf("inactive-manager.yaml"), [
      "inactive-manager.yaml:11:14: warning: manager 'jane@example.com' is inactive (active: false at line 7)",
    ]);
    assert.equal(result.roster?.users.find((u) => u.key === "joe@example.com")?.manager, "jane@example.com");
  });

  it("a roster without users is a warning", () => {
    assert.deepEqual(issuesOf("no-users.yaml"), ["no-users.yaml:1:1: warning: the roster has no users"]);
    assert.deepEqual(loadRoster(fixture("no-users.yaml")).roster?.departments.map((d) => d.name), ["Engineering"]);
  });

  it("an empty file (blanks and comments only) is an error: a file cut short must not pass", () => {
    assert.deepEqual(issuesOf("empty.yaml"), [
      "empty.yaml:1:1: error: empty roster file: no departments, locations, defaults, users or policy; write them, or delete the file",
      "empty.yaml:1:1: warning: the roster has no users",
    ]);
    assert.equal(loadRoster(fixture("empty.yaml")).roster, undefined);
    const inFolder = parseRoster([
      { path: "a.yaml", text: "users:\n  - {email: a@example.com, firstName: A, lastName: A, role: Guest}\n" },
      { path: "b.yaml", text: "\n\n" },
    ]);
    assert.equal(inFolder.roster, undefined);
    assert.deepEqual(inFolder.issues.map(formatIssue), [
      "b.yaml:1:1: error: empty roster file: no departments, locations, defaults, users or policy; write them, or delete the file",
    ]);
  });
});
