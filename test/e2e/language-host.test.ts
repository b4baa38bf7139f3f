// The language host this repository builds (tools/pulumi-language-nodejs, used when no Pulumi CLI is installed)
// under the real engine: what it hands the program must be what upstream's host hands it.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT, StackWorkspace } from "../support/pulumi-engine.js";

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
const config = new pulumi.Config("probe");
export const greeting = config.get("greeting") ?? "none";
export const secret = config.getSecret("token") !== undefined;
`;

describe("e2e: the language host", function () {
  this.timeout(120_000);
  let dir: string;
  let ws: StackWorkspace | undefined;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "ramp-roster-language-host-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: language-host-probe\nruntime:\n  name: nodejs\n  options:\n    tsconfig: tsconfig.pulumi.json\n");
    fs.writeFileSync(path.join(dir, "index.ts"), PROGRAM);
  });
  after(() => {
    ws?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("runs a program on a stack that has no config at all, then hands it config and secrets once set", async () => {
    ws = await StackWorkspace.create({
      name: "language-host",
      rosterText: "",
      ramp: { baseUrl: "http://127.0.0.1:9", clientId: "unused", clientSecret: "unused" },
      projectFiles: {
        "Pulumi.yaml": path.join(dir, "Pulumi.yaml"),
        "index.ts": path.join(dir, "index.ts"),
        "tsconfig.pulumi.json": path.join(REPO_ROOT, "tsconfig.pulumi.json"),
        "package.json": path.join(REPO_ROOT, "package.json"),
      },
    });
    await ws.up();
    assert.deepEqual(await ws.outputs(), { greeting: "none", secret: false });

    await ws.setConfig("probe:greeting", "hello");
    await ws.setConfig("probe:token", "not-a-real-token", { secret: true });
    await ws.up();
    assert.deepEqual(await ws.outputs(), { greeting: "hello", secret: true });
  });
});
