// A Pulumi program on a Node.js the package does not support stops before it does anything, and the engine shows
// what is needed as the error, without a stack trace. The program's Node.js reports an old version through a
// --require preload (NODE_OPTIONS), the way an old Node.js would.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SUPPORTED_NODE_TEXT } from "../../packages/pulumi-ramp-roster/src/node-support.js";
import { startSimulator, type RunningSimulator } from "../../packages/ramp-simulator/src/index.js";
import { errorText, StackWorkspace } from "../support/pulumi-engine.js";
import { assertBuildIsCurrent, baseRoster, rosterYaml } from "./support.js";

const credentials = { clientId: "e2e-client", clientSecret: "e2e-secret-never-printed-0a41" };

describe("e2e: a program on an unsupported Node.js", function () {
  this.timeout(120_000);
  let sim: RunningSimulator;
  let ws: StackWorkspace;
  let preloadDir: string;

  before(async () => {
    assertBuildIsCurrent();
    sim = await startSimulator(credentials);
    ws = await StackWorkspace.create({ name: "old-node", rosterText: rosterYaml(baseRoster()), ramp: { baseUrl: sim.baseUrl, ...credentials } });
    preloadDir = fs.mkdtempSync(path.join(os.tmpdir(), "ramp-old-node-"));
    fs.writeFileSync(path.join(preloadDir, "node-18.js"), `Object.defineProperty(process.versions, "node", { value: "18.20.8" });\n`);
  });
  after(async () => {
    ws?.dispose();
    await sim?.close();
    if (preloadDir) fs.rmSync(preloadDir, { recursive: true, force: true });
  });

  it("fails the preview with the message alone, before any call to Ramp", async () => {
    sim.admin.resetRequestLog();
    const { run, events } = await ws.preview([], {
      allowFailure: true,
      env: { NODE_OPTIONS: `--require ${path.join(preloadDir, "node-18.js")}` },
    });
    assert.notEqual(run.code, 0);
    assert.equal(
      errorText(events).trim(),
      `pulumi-ramp-roster needs ${SUPPORTED_NODE_TEXT}; this is Node.js 18.20.8. Install a supported Node.js and run again.`,
    );
    assert.doesNotMatch(run.stdout + run.stderr, /at Object\.<anonymous>|node:internal/, "no stack trace");
    assert.deepEqual(sim.admin.requestLog(), []);
  });
});
