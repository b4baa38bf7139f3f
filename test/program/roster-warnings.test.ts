// The program reads the roster as `validate` does, and prints its warnings (such as a folder's skipped files) on every
// preview and update. Run in a child process with no engine, where the SDK prints warnings to standard error.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { REPO, fixture } from "../roster/helpers.js";

describe("program: roster warnings", () => {
  it("warns about each entry a roster folder skips, as validate does", () => {
    const script = [
      `const { loadRosterForProgram } = require(${JSON.stringify(join(REPO, "packages/pulumi-ramp-roster/src/program/deploy-roster.ts"))});`,
      `const roster = loadRosterForProgram(${JSON.stringify(fixture("folder-valid"))});`,
      `console.log(roster.users.length);`,
    ].join("\n");
    const run = spawnSync(process.execPath, ["--import", "tsx", "-e", script], { cwd: REPO, encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), "2");
    const warned = run.stderr.split("\n").filter((line) => line.startsWith("warning: "));
    const folder = fixture("folder-valid");
    assert.deepEqual(warned, [
      `warning: [runtime] ${folder}/.hidden.yaml:1:1: warning: not read as part of the roster: a hidden file`,
      `warning: [runtime] ${folder}/README.md:1:1: warning: not read as part of the roster: not a *.yaml or *.yml file`,
      `warning: [runtime] ${folder}/roster.yml.bak:1:1: warning: not read as part of the roster: not a *.yaml or *.yml file`,
      `warning: [runtime] ${folder}/sub:1:1: warning: not read as part of the roster: a subfolder: only the folder's own files are read`,
    ]);
  });
});
