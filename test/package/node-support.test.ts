// Which Node.js the package runs on: the range, the packages' "engines", and the early stop of the program entry and
// the ramp-roster bin on an unsupported Node.js. The process tests run the built files on this Node.js with its
// version changed before anything loads (a --require preload), the way an older Node.js would report itself.
import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { isSupportedNode, nodeSupportProblem, SUPPORTED_NODE_RANGE, SUPPORTED_NODE_TEXT } from "../../packages/pulumi-ramp-roster/src/node-support.js";

const REPO = path.resolve(__dirname, "..", "..");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node <args>` from the repository root with process.versions.node set to `nodeVersion`. */
function runAs(nodeVersion: string, args: string[]): Promise<Run> {
  const preload = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ramp-node-version-")), "preload.js");
  fs.writeFileSync(preload, `Object.defineProperty(process.versions, "node", { value: ${JSON.stringify(nodeVersion)} });\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--require", preload, ...args], { cwd: REPO });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      fs.rmSync(path.dirname(preload), { recursive: true, force: true });
      resolve({ code, stdout, stderr });
    });
  });
}

const expectedProblem = (node: string) =>
  `pulumi-ramp-roster needs ${SUPPORTED_NODE_TEXT}; this is Node.js ${node}. Install a supported Node.js and run again.`;

describe("supported Node.js versions", () => {
  it("admits 20.18.1 and later 20.x, 22.x, and 24 onwards; refuses the rest", () => {
    const supported = ["20.18.1", "20.19.0", "v20.20.2", "22.0.0", "22.23.3", "24.0.0", "24.21.0", "26.10.0"];
    const refused = ["16.20.2", "18.20.8", "19.9.0", "20.0.0", "20.18.0", "21.7.3", "23.11.1", "not-a-version"];
    assert.deepEqual(supported.filter((v) => !isSupportedNode(v)), []);
    assert.deepEqual(refused.filter((v) => isSupportedNode(v)), []);
  });

  it("is the range both package.json files declare as engines.node", () => {
    for (const file of ["package.json", "packages/pulumi-ramp-roster/package.json"]) {
      const { engines } = JSON.parse(fs.readFileSync(path.join(REPO, file), "utf8")) as { engines: { node: string } };
      assert.equal(engines.node, SUPPORTED_NODE_RANGE, file);
    }
  });

  it("refuses @pulumi/pulumi releases that need a newer Node.js than the one running, naming both", () => {
    const newer = { version: "3.276.0", engines: { node: ">=22" } };
    assert.equal(
      nodeSupportProblem("20.20.2", newer),
      "@pulumi/pulumi 3.276.0 needs Node.js >=22; this is Node.js 20.20.2. " +
        "Use Node.js 22 or later, or @pulumi/pulumi 3.248.0 (the last release that runs on Node.js 20).",
    );
    assert.equal(nodeSupportProblem("22.0.0", newer), undefined);
    assert.equal(nodeSupportProblem("24.21.0", newer), undefined);
    assert.equal(nodeSupportProblem("20.20.2", { version: "3.248.0", engines: { node: ">=20" } }), undefined);
    assert.equal(nodeSupportProblem("20.20.2"), undefined, "no @pulumi/pulumi found: only Node.js itself is checked");
    assert.equal(nodeSupportProblem("18.20.8", newer), expectedProblem("18.20.8"), "Node.js itself first");
  });
});

describe("an unsupported Node.js stops the entry points early", function () {
  this.timeout(30_000);

  before(() => {
    for (const file of ["packages/pulumi-ramp-roster/dist/node-support.js", "packages/pulumi-ramp-roster/dist/require-supported-node.js"]) {
      assert.ok(fs.existsSync(path.join(REPO, file)), `${file} is missing: run 'npm run build' first`);
    }
  });

  it("the ramp-roster bin prints what is needed and exits 1 without running the command", async () => {
    const run = await runAs("18.20.8", ["packages/pulumi-ramp-roster/bin/ramp-roster.js", "validate", "examples/roster.yaml"]);
    assert.deepEqual(run, { code: 1, stdout: "", stderr: `ramp-roster: ${expectedProblem("18.20.8")}\n` });
    const supported = await runAs("22.23.3", ["packages/pulumi-ramp-roster/bin/ramp-roster.js", "validate", "examples/roster.yaml"]);
    assert.equal(supported.code, 0, supported.stderr);
  });

  it("the program entry throws UnsupportedNodeError before it loads any dependency", async () => {
    // What a Pulumi program's `import ... from "pulumi-ramp-roster"` does, then which modules had been loaded.
    const script = `
      try { require("pulumi-ramp-roster"); console.log("loaded"); }
      catch (e) {
        const loaded = Object.keys(require.cache).filter((f) => f.includes("node_modules") && !f.endsWith("package.json"));
        console.log(JSON.stringify({ name: e.name, message: e.message, loaded }));
      }`;
    const run = await runAs("20.17.0", ["-e", script]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { name: "UnsupportedNodeError", message: expectedProblem("20.17.0"), loaded: [] });
  });

  it("the provider runtime that Pulumi's stored provider loads stops the same way", async () => {
    const run = await runAs("21.7.3", ["-e", `require("pulumi-ramp-roster/runtime")`]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /UnsupportedNodeError: pulumi-ramp-roster needs Node\.js 22, 24 or later .*; this is Node\.js 21\.7\.3\./);
  });
});
