// The edges a newcomer meets first (issue 18): the version, an empty roster file, what a roster folder leaves out,
// every problem after a YAML syntax error, and a usage error that says what to do without burying it in the help.
import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO } from "../roster/helpers.js";
import { cli } from "./helpers.js";

describe("ramp-roster: a newcomer's first commands", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "ramp-roster-first-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("prints its version with --version, -v or version, and lists the option in its help", async () => {
    const { version } = JSON.parse(readFileSync(join(REPO, "packages/pulumi-ramp-roster/package.json"), "utf8")) as { version: string };
    for (const flag of ["--version", "-v", "version"]) {
      const run = await cli([flag]);
      assert.deepEqual(run, { code: 0, stdout: `ramp-roster ${version}\n`, stderr: "" }, flag);
    }
    assert.match((await cli(["help"])).stdout, /\n {2}--version {2}print the version of ramp-roster\n/);
  });

  it("refuses an empty roster file at file:1:1", async () => {
    const file = join(dir, "roster.yaml");
    writeFileSync(file, "# everyone was here\n\n");
    const run = await cli(["validate", file]);
    assert.equal(run.code, 1);
    assert.match(run.stdout, new RegExp(`^${file}:1:1: error: empty roster file: `));
  });

  it("warns about what a roster folder does not read, and why", async () => {
    const folder = join(dir, "roster");
    mkdirSync(join(folder, "archive"), { recursive: true });
    writeFileSync(join(folder, "team.yaml"), "users:\n  - {email: a@example.com, firstName: A, lastName: A, role: Admin}\n");
    writeFileSync(join(folder, "finance.yml.bak"), "users: []\n");
    writeFileSync(join(folder, ".draft.yaml"), "users: []\n");
    writeFileSync(join(folder, "archive", "old.yaml"), "users: []\n");
    const run = await cli(["validate", folder]);
    assert.equal(run.code, 0, run.stdout);
    assert.equal(
      run.stdout,
      [
        `${folder}/.draft.yaml:1:1: warning: not read as part of the roster: a hidden file`,
        `${folder}/archive:1:1: warning: not read as part of the roster: a subfolder: only the folder's own files are read`,
        `${folder}/finance.yml.bak:1:1: warning: not read as part of the roster: not a *.yaml or *.yml file`,
        `${folder}: 1 user, 0 departments, 0 locations — valid, 3 warnings`,
        "",
      ].join("\n"),
    );
  });

  it("reports the other problems of a file after a YAML syntax error, and an unclosed bracket or quote in plain words", async () => {
    const file = join(dir, "roster.yaml");
    writeFileSync(
      file,
      [
        "departments: [Engineering, Finance",
        "users:",
        "  - email: a@example.com",
        "    firstName: A",
        "    lastName: A",
        "    role: Admn",
        "  - email: b@example.com",
        "    firstName: 'Bea",
        "    lastName: B",
        "    role: Guest",
        "",
      ].join("\n"),
    );
    const run = await cli(["validate", file]);
    assert.equal(run.code, 1);
    const lines = run.stdout.split("\n");
    assert.match(lines[0] ?? "", new RegExp(`^${file}:1:14: error: this '\\[' is never closed: end the list with '\\]'`));
    assert.match(lines[1] ?? "", new RegExp(`^${file}:6:11: error: unknown role 'Admn'`));
    assert.match(lines[2] ?? "", new RegExp(`^${file}:8:16: error: this quote \\('\\) is never closed`));
    assert.equal(lines[3], `${file}: 3 errors, 0 warnings`);
  });

  it("refuses a bad export with the reason and a one-line pointer to --help, not the whole help", async () => {
    const run = await cli(["export"]);
    assert.deepEqual(run, { code: 2, stdout: "", stderr: "ramp-roster export: missing --out PATH\nRun 'ramp-roster export --help' for its options.\n" });
  });
});
