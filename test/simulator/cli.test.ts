import assert from "node:assert/strict";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import path from "node:path";
import { Api } from "./helpers.js";

const ROOT = path.resolve(__dirname, "../..");
const MAIN = path.join(ROOT, "packages/ramp-simulator/src/main.ts");

describe("simulator: CLI (main.ts)", () => {
  let child: ChildProcessWithoutNullStreams | undefined;

  afterEach(() => {
    if (child && child.exitCode === null) child.kill("SIGKILL");
  });

  it("prints its base URL, serves a token and the seeded users, and exits 0 on SIGTERM", async () => {
    child = spawn(
      process.execPath,
      [
        ...["--import", "tsx", MAIN, "--port", "0", "--client-id", "cli-id", "--client-secret", "cli-secret"],
        ...["--seed-users", "3", "--no-rate-limit"],
      ],
      { cwd: ROOT },
    );
    const lines = createInterface({ input: child.stdout });
    const [first] = (await once(lines, "line")) as [string];
    const match = /^Ramp simulator listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(first);
    assert.ok(match, first);
    const api = new Api(match[1]!);
    const token = await api.requestToken("users:read", "cli-id", "cli-secret");
    assert.equal(token.status, 200);
    const users = await api.get("/users", { token: token.body.access_token as string });
    assert.equal(users.body.data.length, 3);
    child.kill("SIGTERM");
    const [code] = (await once(child, "exit")) as [number | null];
    assert.equal(code, 0);
  });

  it("grants only the scopes given with --scopes", async () => {
    child = spawn(process.execPath, ["--import", "tsx", MAIN, "--port", "0", "--no-rate-limit", "--scopes", "users:read  departments:read"], { cwd: ROOT });
    const lines = createInterface({ input: child.stdout });
    const [first] = (await once(lines, "line")) as [string];
    const api = new Api(/(http:\/\/\S+)$/.exec(first)![1]!);
    assert.equal((await api.requestToken("users:read departments:read", "sim-client-id", "sim-client-secret")).status, 200);
    const refused = await api.requestToken("users:read users:write", "sim-client-id", "sim-client-secret");
    assert.equal(refused.body.error, "invalid_scope");
    child.kill("SIGTERM");
    await once(child, "exit");
  });

  it("exits 1 with the usage on a bad option", async () => {
    child = spawn(process.execPath, ["--import", "tsx", MAIN, "--port", "abc"], { cwd: ROOT });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, "exit")) as [number | null];
    assert.equal(code, 1);
    assert.match(stderr, /--port must be a non-negative integer/);
    assert.match(stderr, /Usage/);
  });
});
