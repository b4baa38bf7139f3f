// The roster writer: a draft → YAML that loads back to the same users, with comments where the draft puts them.
import { strict as assert } from "node:assert";
import { parseRoster, renderRosterFile, renderRosterFolder, type RosterDraft, type RosterUser } from "../../packages/pulumi-ramp-roster/src/roster/index.js";

function draft(): RosterDraft {
  return {
    header: ["Exported for a test.", "", "Second paragraph."],
    departments: ["Engineering", "Sales: EMEA"],
    locations: [{ name: "New York" }, { name: "Remote", entityId: "ent-2" }],
    beforeUsers: ["policy:", "  maxAdmins: 1"],
    users: [
      { email: "ada@example.com", firstName: "Ada", lastName: "Lovelace", role: "Admin", department: "Engineering", employeeId: "0042", isManager: true, active: true },
      {
        email: "bob@example.com",
        firstName: "yes",
        lastName: "O'Brien #1",
        role: "IT Admin",
        department: "Engineering",
        location: "Remote",
        manager: "ada@example.com",
        employeeId: "007",
        active: true,
        remark: "invite pending",
        notes: ["Ramp has a manager the roster cannot name."],
      },
      { email: "cy@example.com", firstName: "Cy", lastName: "Null", role: "Cardholder", department: "Sales: EMEA", location: "New York", active: false },
      { email: "dee@example.com", firstName: "Dee", lastName: "true", role: "Guest", active: true },
    ],
    footer: ["Left out:", "  - owner@example.com: the owner"],
  };
}

/** What a user is, without where it was written. */
function essence(users: readonly RosterUser[] | undefined) {
  return (users ?? []).map(({ source: _source, ...user }) => user).sort((a, b) => a.key.localeCompare(b.key));
}

describe("roster: writer", () => {
  it("writes one file that loads back to the draft's users, departments and locations, values quoted where needed", () => {
    const text = renderRosterFile(draft());
    const { roster, issues } = parseRoster([{ path: "roster.yaml", text }]);
    assert.deepEqual(issues, []);
    assert.deepEqual(roster?.departments.map((d) => d.name), ["Engineering", "Sales: EMEA"]);
    assert.deepEqual(roster?.locations.map(({ source: _s, ...l }) => l), [{ name: "New York" }, { name: "Remote", entityId: "ent-2" }]);
    assert.deepEqual(essence(roster?.users), [
      { email: "ada@example.com", key: "ada@example.com", firstName: "Ada", lastName: "Lovelace", role: "BUSINESS_ADMIN", department: "Engineering", employeeId: "0042", isManager: true, active: true, protect: false, retainOnDelete: false },
      {
        email: "bob@example.com",
        key: "bob@example.com",
        firstName: "yes",
        lastName: "O'Brien #1",
        role: "IT_ADMIN",
        department: "Engineering",
        location: "Remote",
        manager: "ada@example.com",
        employeeId: "007",
        active: true,
        protect: false,
        retainOnDelete: false,
      },
      { email: "cy@example.com", key: "cy@example.com", firstName: "Cy", lastName: "Null", role: "BUSINESS_USER", department: "Sales: EMEA", location: "New York", active: false, protect: false, retainOnDelete: false },
      { email: "dee@example.com", key: "dee@example.com", firstName: "Dee", lastName: "true", role: "GUEST_USER", active: true, protect: false, retainOnDelete: false },
    ]);
  });

  it("puts the header, group titles, notes, remarks, the commented policy and the footer where they explain something", () => {
    const lines = renderRosterFile(draft()).split("\n");
    // An empty comment line is written as a blank line, as the yaml package does.
    assert.deepEqual(lines.slice(0, 4), ["# Exported for a test.", "", "# Second paragraph.", ""]);
    const at = (line: string) => lines.indexOf(line);
    assert.ok(at("# policy:") > at("  - name: Remote") && at("#   maxAdmins: 1") === at("users:") - 1);
    assert.ok(at("  # Engineering (2)") === at("users:") + 1);
    assert.equal(lines[at("  # Ramp has a manager the roster cannot name.") + 1], "  - email: bob@example.com # invite pending");
    assert.ok(at("  # Sales: EMEA (1)") > at("  - email: bob@example.com # invite pending"));
    assert.ok(at("  # No department (1)") > at("  # Sales: EMEA (1)"));
    assert.deepEqual(lines.slice(-4), ["", "# Left out:", "#   - owner@example.com: the owner", ""]);
  });

  it("writes a folder: company.yaml with the declarations and users without a department, one file per department", () => {
    const files = renderRosterFolder(draft());
    assert.deepEqual(files.map((f) => f.path), ["company.yaml", "engineering.yaml", "sales-emea.yaml"]);
    const folder = parseRoster(files.map((f) => ({ path: `roster/${f.path}`, text: f.text })));
    const single = parseRoster([{ path: "roster.yaml", text: renderRosterFile(draft()) }]);
    assert.deepEqual(folder.issues, []);
    assert.deepEqual(essence(folder.roster?.users), essence(single.roster?.users));
    assert.deepEqual(folder.roster?.users.map((u) => [u.email, u.source.file]).sort(), [
      ["ada@example.com", "roster/engineering.yaml"],
      ["bob@example.com", "roster/engineering.yaml"],
      ["cy@example.com", "roster/sales-emea.yaml"],
      ["dee@example.com", "roster/company.yaml"],
    ]);
    assert.match(files[1]!.text, /^# Exported for a test\.\n\n# Second paragraph\.\n\n# Department: Engineering\n/);
    assert.match(files[0]!.text, /# Left out:\n/);
    assert.doesNotMatch(files[1]!.text, /Left out/);
  });

  it("gives departments whose names make the same file name files of their own", () => {
    const d = draft();
    d.departments = ["R&D", "R D"];
    d.users = d.users.map((u, i) => ({ ...u, department: i % 2 === 0 ? "R&D" : "R D", manager: undefined }));
    assert.deepEqual(renderRosterFolder(d).map((f) => f.path), ["company.yaml", "r-d.yaml", "r-d-2.yaml"]);
  });
});
