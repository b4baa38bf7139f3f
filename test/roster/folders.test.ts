// Roster folders: which files are read, in which order, merged how, and issues naming the right file.
import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { loadRoster, parseRoster } from "../../packages/pulumi-ramp-roster/src/roster/index.js";
import { FIXTURES, fixture, issuesOf, printed } from "./helpers.js";

describe("roster: folders", () => {
  it("reads *.yaml and *.yml in name order; hidden files, other files and sub-folders are skipped with a warning each", () => {
    const result = loadRoster(fixture("folder-valid"));
    assert.deepEqual(printed(result.issues), [
      "folder-valid/.hidden.yaml:1:1: warning: not read as part of the roster: a hidden file",
      "folder-valid/README.md:1:1: warning: not read as part of the roster: not a *.yaml or *.yml file",
      "folder-valid/roster.yml.bak:1:1: warning: not read as part of the roster: not a *.yaml or *.yml file",
      "folder-valid/sub:1:1: warning: not read as part of the roster: a subfolder: only the folder's own files are read",
    ]);
    assert.deepEqual(result.roster?.files.map((f) => relative(FIXTURES, f)), ["folder-valid/10-org.yaml", "folder-valid/20-team.yml"]);
  });

  it("resolves a manager, department and location declared in another file; defaults stay in their file", () => {
    const roster = loadRoster(fixture("folder-valid")).roster;
    const [boss, jane] = roster?.users ?? [];
    assert.equal(jane?.manager, "boss@example.com");
    assert.equal(jane?.department, "Engineering");
    assert.equal(jane?.location, "Berlin");
    assert.equal(jane?.role, "BUSINESS_USER");
    assert.equal(relative(FIXTURES, jane?.source.file ?? ""), "folder-valid/20-team.yml");
    // 20-team.yml's defaults do not reach 10-org.yaml's user
    assert.equal(boss?.department, undefined);
    assert.equal(boss?.location, undefined);
  });

  it("reports each issue in its own file, cross-file duplicates and cycles included", () => {
    assert.deepEqual(issuesOf("folder-broken"), [
      "folder-broken/a-org.yaml:2:1: warning: 'defaults' apply only to the users of the same file, and this file has none",
      "folder-broken/b-team.yaml:7:14: error: manager cycle: jane@example.com → joe@example.com → jane@example.com",
      "folder-broken/b-team.yaml:11:14: error: unknown manager 'nobody@example.com': no user in the roster has this email",
      "folder-broken/b-team.yaml:12:17: error: unknown department 'Enginering' (did you mean 'Engineering'?)",
      `folder-broken/c-team.yaml:8:12: error: duplicate email 'JANE@example.com' (first used as 'jane@example.com' at ${fixture("folder-broken/b-team.yaml")}:4)`,
      "folder-broken/c-team.yaml:11:5: error: unknown field 'fristName' (did you mean 'firstName'?)",
    ]);
  });

  it("does not report unknown references while a file of the folder cannot be parsed", () => {
    // a.yaml names a manager and a department that b.yaml may declare once its syntax is fixed
    assert.deepEqual(issuesOf("folder-syntax"), [
      "folder-syntax/a.yaml:8:5: error: duplicate key 'firstName' (first at line 3)",
      "folder-syntax/b.yaml:1:14: error: this '[' is never closed: end the list with ']' (a list that goes on over more lines needs them indented more than its key)",
      // past the syntax error, the rest of b.yaml is checked as usual
      "folder-syntax/b.yaml:3:5: error: missing required field 'firstName'",
      "folder-syntax/b.yaml:3:5: error: missing required field 'lastName'",
      "folder-syntax/b.yaml:3:5: error: missing required field 'role' (set it on the user, or under 'defaults' in this file)",
    ]);
  });

  it("reports a folder without roster files, and a path that does not exist", () => {
    assert.deepEqual(issuesOf("folder-empty"), ["folder-empty:1:1: error: no *.yaml or *.yml files in this folder (it holds README.md)"]);
    assert.deepEqual(issuesOf("no-such-roster"), ["no-such-roster:1:1: error: cannot read the roster: no such file or folder"]);
  });

  it("names files with the folder path as given: relative, ./ and a trailing slash kept", () => {
    const dir = mkdtempSync(join(tmpdir(), "roster-"));
    const cwd = process.cwd();
    try {
      writeFileSync(join(dir, "b.yaml"), "users:\n  - {email: b@example.com, firstName: B, lastName: B, role: Guest, manager: a@example.com}\n");
      writeFileSync(join(dir, "a.YML"), "users:\n  - {email: a@example.com, firstName: A, lastName: A, role: Guest, manager: x@example.com}\n");
      process.chdir(dir);
      assert.deepEqual(loadRoster(".").issues.map((i) => `${i.file}:${i.line}:${i.column}`), ["./a.YML:2:77"]);
      assert.deepEqual(loadRoster("./").issues.map((i) => i.file), ["./a.YML"]);
      process.chdir(join(dir, ".."));
      const name = relative(process.cwd(), dir);
      assert.deepEqual(loadRoster(name).issues.map((i) => i.file), [`${name}/a.YML`]);
      assert.deepEqual(loadRoster(`./${name}/`).issues.map((i) => i.file), [`./${name}/a.YML`]);
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("parseRoster merges files given in memory, in the order given", () => {
    const result = parseRoster([
      { path: "people.yaml", text: "users:\n  - {email: a@example.com, firstName: A, lastName: A, role: Guest, department: Ops}\n" },
      { path: "org.yaml", text: "departments: [Ops]\n" },
    ]);
    assert.deepEqual(result.issues, []);
    assert.deepEqual(result.roster?.files, ["people.yaml", "org.yaml"]);
    assert.equal(result.roster?.users[0]?.department, "Ops");
  });
});
