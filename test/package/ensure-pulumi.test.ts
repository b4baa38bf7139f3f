// scripts/ensure-pulumi's choices, without building anything: an installed Pulumi wins; otherwise the CLI release
// follows the project's @pulumi/pulumi. The builds themselves are stopped by a stand-in `go` that reports a version
// too old, whose message names the release that would have been built; the cache is an empty temporary folder.
import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const REPO = path.resolve(__dirname, "..", "..");
const SCRIPT = path.join(REPO, "scripts", "ensure-pulumi");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe("scripts/ensure-pulumi", function () {
  this.timeout(30_000);
  let base: string;
  let fakeBin: string;

  function run(args: string[], extraPath: string[] = []): Promise<Run> {
    const env = {
      ...process.env,
      PATH: [...extraPath, fakeBin, path.dirname(process.execPath), "/usr/bin", "/bin"].join(path.delimiter),
      PULUMI_RAMP_ENGINE_CACHE: path.join(base, "cache"),
    };
    return new Promise((resolve, reject) => {
      const child = spawn("bash", [SCRIPT, ...args], { env });
      let stdout = "";
      let stderr = "";
      child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
      child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
  }

  function script(dir: string, name: string, body: string): void {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  }

  /** A project folder whose node_modules holds an @pulumi/pulumi of this version (package.json and launcher). */
  function project(version: string): string {
    const dir = path.join(base, `project-${version}`);
    const sdk = path.join(dir, "node_modules", "@pulumi", "pulumi");
    fs.mkdirSync(sdk, { recursive: true });
    fs.writeFileSync(path.join(sdk, "package.json"), JSON.stringify({ name: "@pulumi/pulumi", version }));
    script(sdk, "pulumi-resource-pulumi-nodejs", "exit 0");
    return dir;
  }

  beforeEach(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), "ramp-ensure-pulumi-"));
    fakeBin = path.join(base, "bin");
    // Too old for every release: a build would start here, so the message says which release it was for.
    script(fakeBin, "go", `[ "$1 $2" = "env GOVERSION" ] && echo go1.20.0 && exit 0; echo "unexpected: go $*" >&2; exit 9`);
  });
  afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

  it("uses an installed Pulumi that has all three programs, as it is", async () => {
    const installed = path.join(base, "installed");
    script(installed, "pulumi", `echo v3.999.0`);
    script(installed, "pulumi-language-nodejs", "exit 0");
    script(installed, "pulumi-resource-pulumi-nodejs", "exit 0");
    const r = await run(["--project", project("3.276.0")], [installed]);
    assert.deepEqual(r, { code: 0, stdout: `${installed}\n`, stderr: "ensure-pulumi: using the installed Pulumi v3.999.0\n" });
  });

  it("does not use an installed pulumi without the Node.js plugins, nor any with --build", async () => {
    const partial = path.join(base, "partial");
    script(partial, "pulumi", `echo v3.999.0`);
    const r = await run(["--project", project("3.248.0")], [partial]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Go 1\.25\.11 or later is needed to build Pulumi v3\.248\.0; this is Go 1\.20\.0/);

    script(partial, "pulumi-language-nodejs", "exit 0");
    script(partial, "pulumi-resource-pulumi-nodejs", "exit 0");
    const built = await run(["--build", "--project", project("3.248.0")], [partial]);
    assert.equal(built.code, 1);
    assert.doesNotMatch(built.stderr, /using the installed Pulumi/);
    assert.match(built.stderr, /to build Pulumi v3\.248\.0/);
  });

  it("builds the release matching the project's @pulumi/pulumi when it is one it knows", async () => {
    const newest = await run(["--build", "--project", project("3.276.0")]);
    assert.equal(newest.code, 1);
    assert.match(newest.stderr, /Go 1\.26\.6 or later is needed to build Pulumi v3\.276\.0; this is Go 1\.20\.0/);
    const pinned = await run(["--build", "--project", project("3.248.0")]);
    assert.match(pinned.stderr, /Go 1\.25\.11 or later is needed to build Pulumi v3\.248\.0/);
  });

  it("falls back to the pinned release, with a warning, for an @pulumi/pulumi it cannot build", async () => {
    const r = await run(["--build", "--project", project("3.260.0")]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /warning: .* uses @pulumi\/pulumi 3\.260\.0, which this script cannot build; using the CLI v3\.248\.0/);
    assert.match(r.stderr, /to build Pulumi v3\.248\.0/);
  });

  it("refuses --version of a release it cannot build, naming those it can", async () => {
    const r = await run(["--build", "--project", project("3.248.0"), "--version", "v3.200.0"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot build Pulumi v3\.200\.0: known releases are (v3\.248\.0 v3\.276\.0|v3\.276\.0 v3\.248\.0)/);
  });

  it("says to install the dependencies when the project has no @pulumi/pulumi", async () => {
    const empty = path.join(base, "empty");
    fs.mkdirSync(empty);
    const r = await run(["--build", "--project", empty]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /@pulumi\/pulumi is not installed in .*\/empty\/node_modules: run npm ci \(or npm install\) there first/);
  });
});
