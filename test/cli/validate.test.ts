// `ramp-roster validate`, run as users and CI run it: the built bin, spawned, from the repository root.
import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import { appendFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sinon from "sinon";
import { REPO } from "../roster/helpers.js";
import { cli } from "./helpers.js";

const MAIN = join(REPO, "packages/pulumi-ramp-roster/dist/cli/main.js");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the bin; runs are started at once, so tests await several together. */
function ramp(...args: string[]): Promise<Run> {
  return rampWithNode([], ...args);
}

/** Run the bin with options for node itself (a smaller heap, say). */
function rampWithNode(nodeOptions: string[], ...args: string[]): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [...nodeOptions, MAIN, ...args], { cwd: REPO });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code, stdout, stderr }));
  });
}

function newestSource(dir: string): number {
  return Math.max(...readdirSync(dir).map((f) => statSync(join(dir, f)).mtimeMs));
}

const F = "test/fixtures/rosters";

describe("ramp-roster validate (the built CLI)", function () {
  this.timeout(30_000);

  before(() => {
    assert.ok(existsSync(MAIN), `${MAIN} is missing: run 'npm run build' first`);
    const built = statSync(MAIN).mtimeMs;
    for (const dir of ["packages/pulumi-ramp-roster/src/cli", "packages/pulumi-ramp-roster/src/roster"]) {
      assert.ok(newestSource(join(REPO, dir)) <= built, `${dir} changed after the last build: run 'npm run build'`);
    }
  });

  it("passes the example roster and the example folder with exit 0 and a summary", async () => {
    const [file, folder] = await Promise.all([ramp("validate", "examples/roster.yaml"), ramp("validate", "examples/roster-by-team")]);
    assert.deepEqual(file, { code: 0, stdout: "examples/roster.yaml: 12 users, 3 departments, 2 locations — valid\n", stderr: "" });
    assert.deepEqual(folder, { code: 0, stdout: "examples/roster-by-team: 12 users, 3 departments, 2 locations — valid\n", stderr: "" });
  });

  it("prints every issue as file:line:column with the path as given, then the counts, and exits 1", async () => {
    const r = await ramp("validate", `./${F}/folder-broken/`);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, "");
    assert.equal(
      r.stdout,
      [
        `./${F}/folder-broken/a-org.yaml:2:1: warning: 'defaults' apply only to the users of the same file, and this file has none`,
        `./${F}/folder-broken/b-team.yaml:7:14: error: manager cycle: jane@example.com → joe@example.com → jane@example.com`,
        `./${F}/folder-broken/b-team.yaml:11:14: error: unknown manager 'nobody@example.com': no user in the roster has this email`,
        `./${F}/folder-broken/b-team.yaml:12:17: error: unknown department 'Enginering' (did you mean 'Engineering'?)`,
        `./${F}/folder-broken/c-team.yaml:8:12: error: duplicate email 'JANE@example.com' (first used as 'jane@example.com' at ./${F}/folder-broken/b-team.yaml:4)`,
        `./${F}/folder-broken/c-team.yaml:11:5: error: unknown field 'fristName' (did you mean 'firstName'?)`,
        `./${F}/folder-broken/: 5 errors, 1 warning`,
        "",
      ].join("\n"),
    );
  });

  it("reports all 24 errors of the many-errors fixture at once", async () => {
    const r = await ramp("validate", `${F}/many-errors.yaml`);
    assert.equal(r.code, 1);
    const lines = r.stdout.trimEnd().split("\n");
    assert.equal(lines.length, 26);
    assert.equal(lines[0], `${F}/many-errors.yaml:1:37: error: duplicate department 'engineering' (first declared as 'Engineering' at line 1)`);
    assert.equal(lines[25], `${F}/many-errors.yaml: 24 errors, 1 warning`);
  });

  it("exits 0 on a roster with warnings only, and says so", async () => {
    const r = await ramp("validate", `${F}/inactive-manager.yaml`);
    assert.equal(r.code, 0);
    assert.equal(
      r.stdout,
      `${F}/inactive-manager.yaml:11:14: warning: manager 'jane@example.com' is inactive (active: false at line 7)\n` +
        `${F}/inactive-manager.yaml: 2 users, 0 departments, 0 locations — valid, 1 warning\n`,
    );
  });

  it("exits 1 on a path that does not exist", async () => {
    const r = await ramp("validate", "no/such/roster.yaml");
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "no/such/roster.yaml:1:1: error: cannot read the roster: no such file or folder\nno/such/roster.yaml: 1 error, 0 warnings\n");
  });

  it("refuses a 60 MB roster in a 64 MB heap: its size is checked before it is read", async () => {
    const dir = mkdtempSync(join(tmpdir(), "roster-cli-"));
    try {
      const file = join(dir, "roster.yaml");
      const user = "  - {email: someone@example.com, firstName: Some, lastName: One, role: Cardholder}\n";
      const chunk = user.repeat(12_500); // 1,037,500 bytes
      writeFileSync(file, "users:\n");
      for (let i = 0; i < 60; i++) appendFileSync(file, chunk);
      const r = await rampWithNode(["--max-old-space-size=64"], "validate", file);
      assert.deepEqual(r, {
        code: 1,
        stdout:
          `${file}:1:1: error: the file is 59.4 MiB (62,250,007 bytes); a roster file may be at most 16 MiB: split it into the files of a roster folder\n` +
          `${file}: 1 error, 0 warnings\n`,
        stderr: "",
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("writes a JSON report with --format json and --format=json", async () => {
    const valid = await ramp("validate", "--format", "json", "examples/roster.yaml");
    assert.equal(valid.code, 0);
    assert.deepEqual(JSON.parse(valid.stdout), {
      path: "examples/roster.yaml",
      valid: true,
      errors: 0,
      warnings: 0,
      files: ["examples/roster.yaml"],
      users: 12,
      departments: 3,
      locations: 2,
      issues: [],
    });
    const broken = await ramp("validate", `${F}/self-manager.yaml`, "--format=json");
    assert.equal(broken.code, 1);
    assert.deepEqual(JSON.parse(broken.stdout), {
      path: `${F}/self-manager.yaml`,
      valid: false,
      errors: 1,
      warnings: 0,
      issues: [
        { file: `${F}/self-manager.yaml`, line: 6, column: 14, severity: "error", message: "jane@example.com cannot be their own manager" },
      ],
    });
  });

  describe("a deactivateOn that has passed (today: the system clock's UTC date)", () => {
    const roster = `${F}/deactivate-on-past.yaml`;
    let clock: sinon.SinonFakeTimers | undefined;
    afterEach(() => clock?.restore());

    it("is a warning naming the user, file:line:column, and validate still exits 0", async () => {
      // 23:30 UTC on 6 December: still the 6th in UTC whatever the machine's time zone.
      clock = sinon.useFakeTimers({ now: Date.parse("2026-12-06T23:30:00Z"), toFake: ["Date"] });
      const text = await cli(["validate", roster]);
      assert.deepEqual(text, {
        code: 0,
        stdout:
          `${roster}:6:19: warning: jane@example.com: deactivateOn 2026-11-30 has passed: Ramp deactivates people on that date; ` +
          "remove them from the roster or mark them 'active: false'\n" +
          `${roster}: 5 users, 0 departments, 0 locations — valid, 1 warning\n`,
        stderr: "",
      });
      const json = await cli(["validate", "--format", "json", roster]);
      assert.equal(json.code, 0);
      assert.deepEqual(JSON.parse(json.stdout).issues.map((i: { severity: string; line: number }) => [i.severity, i.line]), [["warning", 6]]);
    });

    it("is no warning on or before the day", async () => {
      clock = sinon.useFakeTimers({ now: Date.parse("2026-11-30T00:00:00Z"), toFake: ["Date"] });
      assert.deepEqual(await cli(["validate", roster]), {
        code: 0,
        stdout: `${roster}: 5 users, 0 departments, 0 locations — valid\n`,
        stderr: "",
      });
    });
  });

  describe("usage", () => {
    const usageError = (r: Run, message: string) => {
      assert.equal(r.code, 2);
      assert.equal(r.stdout, "");
      assert.equal(r.stderr, `ramp-roster validate: ${message}\nRun 'ramp-roster validate --help' for its options.\n`);
    };

    it("exits 2 with the reason and a pointer to --help when no roster is found here, an unknown flag, a bad format or two paths", async () => {
      const runs = await Promise.all([
        ramp("validate"),
        ramp("validate", "--strict", "examples/roster.yaml"),
        ramp("validate", "--format", "xml", "examples/roster.yaml"),
        ramp("validate", "--format"),
        ramp("validate", "a.yaml", "b.yaml"),
      ]);
      const messages = [
        `no roster found in ${REPO}: neither roster.yaml, roster.yml, roster/ exists; add one, or set the stack's 'ramp:roster' (pulumi config set ramp:roster <file-or-folder>)`,
        "Unknown option '--strict'",
        "--format must be text or json, not 'xml'",
        "Option '--format <value>' argument missing",
        "one roster file or folder, not 2: a.yaml b.yaml",
      ];
      runs.forEach((r, i) => usageError(r, messages[i] ?? ""));
    });

    it("prints the command's help with --help or 'help validate', and exits 0", async () => {
      for (const r of await Promise.all([ramp("validate", "--help"), ramp("validate", "-h"), ramp("help", "validate")])) {
        assert.equal(r.code, 0);
        assert.ok(r.stdout.startsWith("Usage: ramp-roster validate [<file-or-folder>] [--stack NAME] [--format text|json]\n"), r.stdout);
      }
    });

    it("takes a path that starts with a dash after --", async () => {
      const r = await ramp("validate", "--", "-h");
      assert.equal(r.code, 1);
      assert.equal(r.stdout, "-h:1:1: error: cannot read the roster: no such file or folder\n-h: 1 error, 0 warnings\n");
    });

    it("lists the commands without one (exit 2), on help (exit 0), and on an unknown one (exit 2)", async () => {
      const [none, help, unknown] = await Promise.all([ramp(), ramp("help"), ramp("valdiate", "x")]);
      assert.equal(none.code, 2);
      assert.match(none.stderr, /^Usage: ramp-roster <command> \[options\]\n\nCommands:\n {2}validate +check a roster/);
      assert.equal(help.code, 0);
      assert.equal(help.stdout, none.stderr);
      assert.equal(unknown.code, 2);
      assert.ok(unknown.stderr.startsWith("ramp-roster: unknown command 'valdiate'\n\nUsage: ramp-roster <command>"), unknown.stderr);
    });
  });
});
