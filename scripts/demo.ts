// `npm run demo`: the roster carried out by the real Pulumi engine.
//
// Without Ramp credentials it runs against the embedded Ramp simulator: it applies examples/roster.yaml, lets some
// people accept their invites, shows a change someone made by hand being caught, applies a roster change, and shows
// the guard refusing a bad merge. With RAMP_CLIENT_ID and RAMP_CLIENT_SECRET set it previews a roster against that
// Ramp (RAMP_API_URL=https://demo-api.ramp.com for the sandbox), and applies it only with --apply.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseDocument, type YAMLMap, type YAMLSeq } from "yaml";
import { startSimulator, type RunningSimulator } from "../packages/ramp-simulator/src/index.js";
import { REPO_ROOT, StackWorkspace } from "../test/support/pulumi-engine.js";

const EXAMPLE_ROSTER = path.join(REPO_ROOT, "examples", "roster.yaml");

function banner(text: string): void {
  const line = "─".repeat(Math.min(100, text.length + 4));
  process.stdout.write(`\n${line}\n  ${text}\n${line}\n`);
}

/** Runs pulumi with its output on this terminal, as a person would see it. Resolves with the exit code. */
function show(ws: StackWorkspace, args: string[], env: NodeJS.ProcessEnv = {}): Promise<number> {
  process.stdout.write(`\n$ pulumi ${args.join(" ")}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn("pulumi", args, { cwd: ws.projectDir, env: { ...ws.env, ...env }, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

async function expectOk(ws: StackWorkspace, args: string[]): Promise<void> {
  const code = await show(ws, args);
  if (code !== 0) throw new Error(`pulumi ${args.join(" ")} failed (exit ${code}); see its output above`);
}

/** The example roster with one edit applied, keeping its comments. */
function editRoster(text: string, edit: (users: YAMLSeq<YAMLMap>) => void): string {
  const doc = parseDocument(text);
  edit(doc.get("users") as YAMLSeq<YAMLMap>);
  return doc.toString();
}

function findUser(users: YAMLSeq<YAMLMap>, email: string): YAMLMap {
  const user = users.items.find((item) => item.get("email") === email);
  if (!user) throw new Error(`examples/roster.yaml has no ${email}; the demo's edits need updating`);
  return user;
}

async function simulatorDemo(): Promise<void> {
  const credentials = { clientId: "demo-client", clientSecret: "demo-secret" };
  const sim: RunningSimulator = await startSimulator({ ...credentials, taskDelayMs: 200 });
  const rosterText = fs.readFileSync(EXAMPLE_ROSTER, "utf8");
  const ws = await StackWorkspace.create({
    name: "demo",
    rosterText,
    ramp: { baseUrl: sim.baseUrl, ...credentials },
    keep: true,
  });
  try {
    banner(`No Ramp credentials set: using the Ramp simulator at ${sim.baseUrl}`);
    console.log(`Roster: a copy of examples/roster.yaml in ${ws.projectDir}`);

    banner("1. The pull request's view: what applying the roster will do");
    await expectOk(ws, ["preview"]);

    banner("2. Merged: pulumi up invites everyone (each person once) and creates departments and locations");
    await expectOk(ws, ["up", "--yes", "--skip-preview", "--continue-on-error"]);
    await expectOk(ws, ["stack", "output", "usersByStatus"]);

    const accepting = ["maria.garcia@example.com", "nora.lindqvist@example.com", "dev.patel@example.com", "li.wei@example.com"];
    banner(`3. ${accepting.length} people accept their invites in Ramp; an admin changes a role and cuts someone off by hand`);
    for (const email of accepting) {
      sim.admin.acceptInvite(email);
      console.log(`  accepted: ${email}`);
    }
    sim.admin.updateUser("sam.okafor@example.com", { role: "BUSINESS_ADMIN" });
    console.log("  by hand in Ramp: sam.okafor@example.com made Admin (the roster says Cardholder)");
    sim.admin.updateUser("dev.patel@example.com", { status: "USER_INACTIVE" });
    console.log("  by hand in Ramp: dev.patel@example.com deactivated (left an hour ago; the roster still lists them)");

    banner("4. The scheduled drift check catches it (and does not count accepted invites as drift)");
    const driftCode = await show(ws, ["preview", "--refresh", "--expect-no-changes", "--diff"]);
    console.log(`\n(drift check exit code: ${driftCode}; non-zero means Ramp differs from the roster)`);

    banner("5. A roster change: a promotion, a move, and someone leaving");
    const changed = editRoster(rosterText, (users) => {
      findUser(users, "li.wei@example.com").set("role", "Bookkeeper");
      findUser(users, "omar.haddad@example.com").set("department", "Sales");
      const leaving = users.items.findIndex((item) => item.get("email") === "chris.mensah@example.com");
      if (leaving < 0) throw new Error("examples/roster.yaml has no chris.mensah@example.com");
      users.items.splice(leaving, 1);
    });
    ws.writeRoster(changed);
    console.log("  li.wei → Bookkeeper; omar.haddad → Sales; chris.mensah removed from the roster");
    await expectOk(ws, ["preview", "--diff"]);
    sim.admin.resetRequestLog();
    await expectOk(ws, ["up", "--yes", "--skip-preview", "--continue-on-error"]);
    const counts = sim.admin.requestCounts();
    console.log(
      `\nRamp calls made by that update: ${Object.entries(counts)
        .map(([route, n]) => `${route} ×${n}`)
        .join(", ")}`,
    );
    console.log("(the PATCHes carry only the changed fields; sam.okafor's role was restored from the roster)");
    console.log(
      "(dev.patel stays deactivated: access removed outside the roster comes back only when ramp:confirmReactivations " +
        "names them; until then every preview names them, and so does the needsAttention output)",
    );
    await expectOk(ws, ["stack", "output", "needsAttention"]);
    await expectOk(ws, ["stack", "output", "usersByStatus"]);
    await expectOk(ws, ["stack", "output", "pendingInvites"]);

    banner("6. A bad merge: a roster that lost most of its users. The guard refuses it at preview");
    const gutted = editRoster(changed, (users) => users.items.splice(3));
    ws.writeRoster(gutted);
    const guardCode = await show(ws, ["preview"]);
    console.log(`\n(preview exit code: ${guardCode}; nobody was deactivated)`);
    ws.writeRoster(changed);

    banner("Where to look");
    console.log(`Project (roster.yaml, Pulumi.dev.yaml): ${ws.projectDir}`);
    console.log(`State (file backend):                   ${ws.backendDir}`);
    console.log("Inspect it with the engine this demo used:");
    console.log(`  cd ${ws.projectDir}`);
    console.log(`  export PATH="${path.dirname(which("pulumi", ws.env))}:$PATH" PULUMI_BACKEND_URL="file://${ws.backendDir}"`);
    console.log(`  export PULUMI_CONFIG_PASSPHRASE="${ws.env.PULUMI_CONFIG_PASSPHRASE}" PULUMI_HOME="${ws.env.PULUMI_HOME}"`);
    console.log("  pulumi stack output; pulumi stack export   (the simulator has stopped, so preview/up need a new one,");
    console.log("  with RAMP_CLIENT_ID, RAMP_CLIENT_SECRET and RAMP_API_URL set: credentials are never in the stack)");
    console.log("Validate a roster: npx ramp-roster validate examples/roster.yaml");
  } finally {
    await sim.close();
  }
}

async function liveDemo(apply: boolean): Promise<void> {
  const rosterPath = process.env.RAMP_ROSTER ?? (fs.existsSync(path.join(REPO_ROOT, "roster.yaml")) ? "roster.yaml" : undefined);
  if (!rosterPath) {
    throw new Error(
      "With Ramp credentials the demo works on your roster: set RAMP_ROSTER=<file> (or add roster.yaml). " +
        "It will not invite the example roster's people into a real Ramp.",
    );
  }
  const baseUrl = process.env.RAMP_API_URL ?? "https://api.ramp.com";
  const ws = await StackWorkspace.create({
    name: "live",
    rosterText: fs.readFileSync(path.resolve(REPO_ROOT, rosterPath), "utf8"),
    ramp: { baseUrl, clientId: process.env.RAMP_CLIENT_ID!, clientSecret: process.env.RAMP_CLIENT_SECRET! },
    keep: true,
  });
  if (process.env.RAMP_RATE_LIMIT) ws.env.RAMP_RATE_LIMIT = process.env.RAMP_RATE_LIMIT;
  banner(`Ramp credentials set: ${apply ? "applying" : "previewing"} ${rosterPath} against ${baseUrl}`);
  await expectOk(ws, ["preview", "--diff"]);
  if (apply) await expectOk(ws, ["up", "--yes", "--skip-preview", "--continue-on-error"]);
  else console.log("\nNothing was changed. Run 'npm run demo -- --apply' to carry it out.");
  console.log(`\nState of this local stack: ${ws.backendDir} (for real use, see docs/ci.md)`);
}

function which(command: string, env: NodeJS.ProcessEnv): string {
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, command);
    if (fs.existsSync(candidate)) return candidate;
  }
  return command;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== "--apply");
  if (unknown.length > 0) throw new Error(`unknown argument ${unknown.join(" ")}; usage: npm run demo [-- --apply]`);
  const live = Boolean(process.env.RAMP_CLIENT_ID && process.env.RAMP_CLIENT_SECRET);
  if (live) await liveDemo(args.includes("--apply"));
  else await simulatorDemo();
}

main().catch((err: unknown) => {
  console.error(`\ndemo failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
