// Valid rosters → the model the program is written against: defaults, normalisation, sources.
import { strict as assert } from "node:assert";
import { resolve } from "node:path";
import { formatIssue, loadRoster, loadRosterOrThrow, parseRoster, type RosterUser } from "../../packages/pulumi-ramp-roster/src/roster/index.js";
import { EXAMPLES, fixture, parseText } from "./helpers.js";

describe("roster: the model of a valid roster", () => {
  it("applies the file's defaults, trims, lower-cases keys, and lets a user opt out with ~", () => {
    const path = fixture("defaults.yaml");
    const result = loadRoster(path);
    assert.deepEqual(result.issues, []);
    assert.deepEqual(result.roster, {
      files: [path],
      departments: [
        { name: "Engineering", source: { file: path, line: 1, column: 15 } },
        { name: "Finance", source: { file: path, line: 1, column: 28 } },
      ],
      locations: [
        { name: "New York HQ", source: { file: path, line: 2, column: 13 } },
        { name: "Remote", source: { file: path, line: 2, column: 26 } },
      ],
      users: [
        {
          email: "Jane.Doe@Example.com",
          key: "jane.doe@example.com",
          firstName: "Jane",
          lastName: "Doe",
          role: "BUSINESS_BOOKKEEPER",
          department: "Finance",
          location: "New York HQ",
          active: true,
          protect: true,
          retainOnDelete: true,
          source: { file: path, line: 10, column: 5 },
        },
        {
          email: "joe@example.com",
          key: "joe@example.com",
          firstName: "Joe",
          lastName: "Bloggs",
          role: "GUEST_USER",
          // `~` is "none", kept apart from absent ("not managed"): Ramp's API cannot clear them, so the plan checks
          department: null,
          location: null,
          manager: "jane.doe@example.com",
          employeeId: "007",
          isManager: false,
          active: false,
          protect: false,
          retainOnDelete: false,
          source: { file: path, line: 13, column: 5 },
        },
      ] satisfies RosterUser[],
    });
    // no key set to undefined: what is not in the roster is not in the model
    // (`~` is kept as null, "none"; a field not written is absent)
    const joe = result.roster?.users[1] ?? {};
    assert.deepEqual(Object.entries(joe).filter(([, value]) => value === undefined), []);
    assert.equal("deactivateOn" in joe, false);
  });

  it("accepts UI role names in any case and API names", () => {
    const roles = ["Admin", "cardholder", "BOOKKEEPER", "it admin", "Auditor", "guest", "IT_ADMIN", "BUSINESS_USER"];
    const text = `users:\n${roles.map((r, i) => `  - {email: u${i}@example.com, firstName: U, lastName: "${i}", role: ${r}}`).join("\n")}\n`;
    const result = parseText(text);
    assert.deepEqual(result.issues, []);
    assert.deepEqual(
      result.roster?.users.map((u) => u.role),
      ["BUSINESS_ADMIN", "BUSINESS_USER", "BUSINESS_BOOKKEEPER", "IT_ADMIN", "AUDITOR", "GUEST_USER", "IT_ADMIN", "BUSINESS_USER"],
    );
  });

  it("reads the example roster: 12 users, 3 departments, 2 locations, managers as keys, one inactive", () => {
    const roster = loadRosterOrThrow(resolve(EXAMPLES, "roster.yaml"));
    assert.equal(roster.users.length, 12);
    assert.deepEqual(roster.departments.map((d) => d.name), ["Engineering", "Finance", "Sales"]);
    assert.deepEqual(roster.locations.map((l) => l.name), ["New York HQ", "Remote (US)"]);
    assert.deepEqual(roster.users.filter((u) => !u.active).map((u) => u.key), ["tom.becker@example.com"]);
    const priya = roster.users.find((u) => u.key === "priya.shah@example.com");
    assert.equal(priya?.manager, "li.wei@example.com"); // written Li.Wei@example.com
    const auditor = roster.users.find((u) => u.role === "AUDITOR");
    assert.equal(auditor?.location, null); // `location: ~` ("none") beats the default
    assert.equal(auditor?.retainOnDelete, true);
    const keys = new Set(roster.users.map((u) => u.key));
    for (const u of roster.users) if (u.manager) assert.ok(keys.has(u.manager), u.manager);
  });

  it("reads the example folder as the same roster as the example file", () => {
    const file = loadRosterOrThrow(resolve(EXAMPLES, "roster.yaml"));
    const folder = loadRosterOrThrow(resolve(EXAMPLES, "roster-by-team"));
    const strip = (users: RosterUser[]) =>
      users.map(({ source: _source, ...rest }) => rest).sort((a, b) => a.key.localeCompare(b.key));
    assert.deepEqual(strip(folder.users), strip(file.users));
    assert.deepEqual(folder.departments.map((d) => d.name), file.departments.map((d) => d.name));
    assert.deepEqual(folder.locations.map((l) => l.name), file.locations.map((l) => l.name));
    assert.deepEqual(
      folder.files.map((f) => f.slice(EXAMPLES.length + 1)),
      ["roster-by-team/company.yaml", "roster-by-team/engineering.yaml", "roster-by-team/finance-and-sales.yaml"],
    );
  });

  it("keeps a location's entityId", () => {
    const result = parseText("locations:\n  - name: Berlin\n    entityId: ent_123\n  - Paris\n");
    assert.deepEqual(result.roster?.locations, [
      { name: "Berlin", entityId: "ent_123", source: { file: "roster.yaml", line: 2, column: 11 } },
      { name: "Paris", source: { file: "roster.yaml", line: 4, column: 5 } },
    ]);
  });

  it("keeps the former names of a renamed department or location (renamedFrom), one or a list, as written", () => {
    const path = fixture("renamed.yaml");
    const result = loadRoster(path);
    assert.deepEqual(result.issues, []);
    assert.deepEqual(result.roster?.departments, [
      { name: "Platform Engineering", renamedFrom: ["Engineering"], source: { file: path, line: 2, column: 11 } },
      { name: "Finance", source: { file: path, line: 4, column: 11 } },
      { name: "Go-To-Market", renamedFrom: ["Sales", "Sales & Marketing"], source: { file: path, line: 5, column: 11 } },
    ]);
    assert.deepEqual(result.roster?.locations, [
      { name: "New York HQ", entityId: "ent-1", renamedFrom: ["NYC"], source: { file: path, line: 8, column: 11 } },
      { name: "Remote", source: { file: path, line: 11, column: 5 } },
    ]);
    assert.deepEqual(
      result.roster?.users.map((u) => [u.key, u.department, u.location]),
      [
        ["jane@example.com", "Platform Engineering", "New York HQ"],
        ["joe@example.com", "Go-To-Market", "Remote"],
      ],
    );
  });

  it("checks former names across the files of a folder, naming the file of the first one", () => {
    const result = parseRoster([
      { path: "roster/a.yaml", text: "departments:\n  - name: Platform\n    renamedFrom: Engineering\n" },
      {
        path: "roster/b.yaml",
        text:
          "departments:\n  - name: R&D\n    renamedFrom: [engineering]\n" +
          "users:\n  - {email: a@example.com, firstName: A, lastName: B, role: Admin, department: Engineering}\n",
      },
    ]);
    assert.deepEqual(result.issues.map(formatIssue), [
      "roster/b.yaml:3:19: error: 'engineering' is already a former name of department 'Platform' (roster/a.yaml:3); a department cannot have been renamed to two names",
      "roster/b.yaml:5:80: error: unknown department 'Engineering' (renamed to 'Platform')",
    ]);
  });

  it("keeps the former emails of a user (formerEmails), one or a list, lower-cased like the key", () => {
    const result = loadRoster(fixture("former-emails.yaml"));
    assert.deepEqual(result.issues, []);
    assert.deepEqual(
      result.roster?.users.map((u) => [u.key, u.formerEmails, u.manager]),
      [
        ["jane.doe@example.com", ["jane@example.com"], undefined],
        ["joe.bloggs@example.com", ["joe@example.com", "jbloggs@old-domain.example.com"], "jane.doe@example.com"],
        ["ann@example.com", undefined, "jane.doe@example.com"],
      ],
    );
    // what is not in the roster is not in the model
    assert.equal("formerEmails" in result.roster!.users[2]!, false);
  });

  it("checks former emails across the files of a folder, naming the file of the first one", () => {
    const result = parseRoster([
      { path: "roster/a.yaml", text: "users:\n  - {email: jane.doe@example.com, formerEmails: jane@example.com, firstName: J, lastName: D, role: Admin}\n" },
      {
        path: "roster/b.yaml",
        text:
          "users:\n  - {email: j.doe@example.com, formerEmails: [Jane@example.com], firstName: J, lastName: D, role: Cardholder}\n" +
          "  - {email: sam@example.com, firstName: S, lastName: L, role: Cardholder, manager: jane@example.com}\n",
      },
    ]);
    assert.deepEqual(result.issues.map(formatIssue), [
      "roster/b.yaml:2:47: error: 'Jane@example.com' is already a former email of 'jane.doe@example.com' (roster/a.yaml:2); one email cannot have become two users",
      "roster/b.yaml:3:84: error: unknown manager 'jane@example.com' (now 'jane.doe@example.com')",
    ]);
  });

  it("treats null sections as empty", () => {
    const result = parseText("departments:\nlocations: ~\ndefaults:\nusers:\n");
    assert.deepEqual(result.roster, { files: ["roster.yaml"], departments: [], locations: [], users: [] });
    assert.deepEqual(result.issues.map((i) => i.message), ["the roster has no users"]);
  });

  it("reads deactivateOn, quoted or not, as an ISO date; ~ as null (no date); absent as not managed", () => {
    const result = parseText(
      [
        "defaults: {role: Cardholder}",
        "users:",
        "  - {email: a@example.com, firstName: A, lastName: A, deactivateOn: 2027-03-31}",
        '  - {email: b@example.com, firstName: B, lastName: B, deactivateOn: "2027-12-01"}',
        "  - {email: c@example.com, firstName: C, lastName: C, deactivateOn: ' 2028-02-29 ', role: Guest}",
        "  - {email: d@example.com, firstName: D, lastName: D, deactivateOn: ~}",
        "  - {email: e@example.com, firstName: E, lastName: E}",
        "",
      ].join("\n"),
    );
    assert.deepEqual(result.issues, []);
    assert.deepEqual(
      result.roster?.users.map((u) => u.deactivateOn),
      ["2027-03-31", "2027-12-01", "2028-02-29", null, undefined],
    );
    assert.equal("deactivateOn" in result.roster!.users[4]!, false, "what is not in the roster is not in the model");
  });

  it("takes deactivateOn with nothing after the colon as ~, and allows it on an Admin (no date is no scheduled deactivation)", () => {
    const result = parseText(
      [
        "users:",
        "  - email: a@example.com",
        "    firstName: A",
        "    lastName: A",
        "    role: Admin",
        "    deactivateOn:",
        "",
      ].join("\n"),
    );
    assert.deepEqual(result.issues, []);
    assert.equal(result.roster?.users[0]?.deactivateOn, null);
  });

});
