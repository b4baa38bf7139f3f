// Runs the real Pulumi engine on a Pulumi program, offline: a file:// backend in a temporary folder (or a shared
// backend the caller started, such as test/support/postgres.ts), the engine from
// scripts/ensure-pulumi, and a project folder that shares the node_modules of the project it is copied from, so the
// serialized provider resolves `pulumi-ramp-roster` by name exactly as in a user's project.
// Used by the demo (scripts/demo.ts) and the end-to-end tests (test/e2e).
//
// The project is this repository's program unless RAMP_E2E_PROJECT names another project folder, such as a fresh
// project with the packed package installed (scripts/fresh-project). The program runs on the Node.js that runs
// this code (its folder goes first on the engine's PATH), so `path/to/node24 node_modules/.bin/mocha ...` tests
// Node.js 24 throughout.
import { execFile, execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** Where the stacks' project folders come from: which files to copy, and the node_modules to link. */
export interface ProjectSource {
  dir: string;
  files: string[];
  nodeModules: string;
}

/** This repository's program, or the project named by RAMP_E2E_PROJECT. */
export function projectSource(env: NodeJS.ProcessEnv = process.env): ProjectSource {
  const named = env.RAMP_E2E_PROJECT;
  if (!named) {
    const files = ["Pulumi.yaml", "index.ts", "tsconfig.pulumi.json", "package.json"];
    return { dir: REPO_ROOT, files, nodeModules: path.join(REPO_ROOT, "node_modules") };
  }
  const dir = path.resolve(named);
  const nodeModules = path.join(dir, "node_modules");
  if (!fs.existsSync(path.join(dir, "Pulumi.yaml")) || !fs.existsSync(nodeModules)) {
    throw new Error(`RAMP_E2E_PROJECT=${named} must be a Pulumi project with its dependencies installed (Pulumi.yaml, node_modules)`);
  }
  // Every file of the project but its stacks and roster, which each workspace writes itself.
  const files = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name !== "roster.yaml" && !/^Pulumi\..+\.ya?ml$/.test(e.name))
    .map((e) => e.name);
  return { dir, files, nodeModules };
}

const engineBins = new Map<string, string>();

/**
 * The folder holding pulumi, pulumi-language-nodejs and pulumi-resource-pulumi-nodejs for a project (built once if
 * needed): the CLI release matching the project's @pulumi/pulumi.
 */
export function ensureEngine(projectDir: string = projectSource().dir): string {
  let bin = engineBins.get(projectDir);
  if (!bin) {
    const out = execFileSync("bash", [path.join(REPO_ROOT, "scripts", "ensure-pulumi"), "--project", projectDir], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, PATH: runtimePath(process.env.PATH) },
    });
    const lines = out.trim().split("\n");
    bin = lines[lines.length - 1]!.trim();
    if (!fs.existsSync(path.join(bin, "pulumi"))) throw new Error(`ensure-pulumi printed ${bin}, which has no pulumi`);
    engineBins.set(projectDir, bin);
    process.stderr.write(`pulumi-engine: ${describeRuntime(bin, projectDir)}\n`);
  }
  return bin;
}

/**
 * The folder holding the engine of one CLI release (built once if needed), whatever the project's @pulumi/pulumi:
 * a CI job's `pulumi/actions` installs the newest CLI, not the one matching the project's SDK.
 */
export function ensureEngineRelease(version: string): string {
  const key = `release ${version}`;
  let bin = engineBins.get(key);
  if (!bin) {
    const out = execFileSync("bash", [path.join(REPO_ROOT, "scripts", "ensure-pulumi"), "--version", version], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, PATH: runtimePath(process.env.PATH) },
    });
    bin = out.trim().split("\n").pop()!.trim();
    if (!fs.existsSync(path.join(bin, "pulumi"))) throw new Error(`ensure-pulumi --version ${version} printed ${bin}, which has no pulumi`);
    engineBins.set(key, bin);
  }
  return bin;
}

/** What the stacks of a project run on, as CI's log shows it: the CLI, Node.js, and the project's @pulumi/pulumi. */
export function describeRuntime(bin: string, projectDir: string): string {
  const cli = execFileSync(path.join(bin, "pulumi"), ["version"], { encoding: "utf8", env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" } }).trim();
  const sdkFile = path.join(projectDir, "node_modules", "@pulumi", "pulumi", "package.json");
  const sdk = (JSON.parse(fs.readFileSync(sdkFile, "utf8")) as { version: string }).version;
  return `Node.js ${process.version}, @pulumi/pulumi ${sdk}, pulumi ${cli} (${bin}), project ${projectDir}`;
}

/** PATH with the folder of the running Node.js first, so that the programs the engine starts run on it too. */
function runtimePath(pathValue: string | undefined): string {
  return [path.dirname(process.execPath), ...(pathValue ? [pathValue] : [])].join(path.delimiter);
}

export interface PulumiRun {
  code: number;
  stdout: string;
  stderr: string;
  /** The command line, for messages. */
  command: string;
}

export class PulumiCommandError extends Error {
  constructor(readonly run: PulumiRun) {
    super(`'${run.command}' exited ${run.code}\n${run.stdout.slice(-4000)}\n${run.stderr.slice(-4000)}`);
  }
}

/** The engine's summary of one operation: kind of step → count. */
export type ChangeSummary = Partial<Record<"create" | "update" | "delete" | "replace" | "same" | "read" | "refresh" | "create-replacement" | "delete-replaced", number>>;

export interface EngineStep {
  op: string;
  urn: string;
  /** Resource name, the last URN segment. */
  name: string;
  /**
   * Input properties whose value differs between the recorded state and the program, as `--diff` shows them.
   * (A dynamic provider cannot report a detailed diff to the engine, so this is worked out from the step.)
   */
  changed: string[];
}

export interface EngineDiagnostic {
  severity: string;
  message: string;
  urn?: string;
}

/** What one preview or update did, read from the engine's event log. */
export interface EngineEvents {
  steps: EngineStep[];
  diagnostics: EngineDiagnostic[];
  /** From the summary event; undefined when the run failed before the engine summarised. */
  summary?: ChangeSummary;
}

interface RawState {
  inputs?: Record<string, unknown>;
}

interface RawEvent {
  resourcePreEvent?: { metadata: { op: string; urn: string; old?: RawState | null; new?: RawState | null } };
  diagnosticEvent?: { severity: string; message: string; urn?: string };
  summaryEvent?: { resourceChanges?: ChangeSummary };
}

/** Parses the engine's streamed JSON: one event a line (anything else on stdout is skipped). */
export function parseEngineEvents(stdout: string): EngineEvents {
  const events: EngineEvents = { steps: [], diagnostics: [] };
  for (const line of stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    let event: RawEvent;
    try {
      event = JSON.parse(line) as RawEvent;
    } catch {
      continue;
    }
    if (event.resourcePreEvent) {
      const { op, urn, old, new: wanted } = event.resourcePreEvent.metadata;
      // `up` reports each step twice, once while planning and once while doing it.
      if (events.steps.some((step) => step.op === op && step.urn === urn)) continue;
      events.steps.push({ op, urn, name: urn.split("::").pop()!, changed: changedInputs(old?.inputs, wanted?.inputs) });
    } else if (event.diagnosticEvent) {
      const { severity, message, urn } = event.diagnosticEvent;
      events.diagnostics.push({ severity, message, ...(urn ? { urn } : {}) });
    } else if (event.summaryEvent) {
      events.summary = event.summaryEvent.resourceChanges ?? {};
    }
  }
  return events;
}

function changedInputs(before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined): string[] {
  if (!before || !after) return [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  keys.delete("__provider");
  return [...keys].filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null)).sort();
}

/** Resource names by kind of step, leaving out the steps that change nothing ("same", "refresh", "read"). */
export function changesByOp(events: EngineEvents): Record<string, string[]> {
  const byOp: Record<string, string[]> = {};
  for (const step of events.steps) {
    if (step.op === "same" || step.op === "refresh" || step.op === "read") continue;
    (byOp[step.op] ??= []).push(step.name);
  }
  for (const names of Object.values(byOp)) names.sort();
  return byOp;
}

/** The error diagnostics, joined: what the engine printed as the reason a run failed. */
export function errorText(events: EngineEvents): string {
  return events.diagnostics
    .filter((d) => d.severity === "error")
    .map((d) => d.message)
    .join("\n");
}

/** A live process of a session, read from /proc. */
export interface SessionProcess {
  pid: number;
  /** Process group: the engine starts each plugin (language host, provider) in a group of its own. */
  pgid: number;
  /** The command line (the short command name if the command line cannot be read). */
  command: string;
}

/** Every live process of session `sid`, zombies left out. Linux only (reads /proc). */
export function sessionProcesses(sid: number): SessionProcess[] {
  const found: SessionProcess[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    let cmdline = "";
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8");
    } catch {
      continue; // it exited meanwhile
    }
    // "pid (comm) state ppid pgrp session ...": comm may hold spaces and parentheses, so split after the last ')'.
    const close = stat.lastIndexOf(")");
    const [state, , pgid, session] = stat.slice(close + 2).split(" ");
    if (Number(session) !== sid || state === "Z" || state === "X") continue;
    const command = cmdline.split("\0").filter(Boolean).join(" ") || stat.slice(stat.indexOf("(") + 1, close);
    found.push({ pid: Number(entry), pgid: Number(pgid), command });
  }
  return found;
}

function signalEach(processes: SessionProcess[], signal: NodeJS.Signals): void {
  for (const p of processes) {
    try {
      process.kill(p.pid, signal);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ESRCH") throw err;
    }
  }
}

/** A pulumi command running in the background in a session of its own, with everything it starts. */
export interface BackgroundPulumi {
  readonly pid: number;
  readonly command: string;
  /** What it has printed so far. */
  output(): { stdout: string; stderr: string };
  /** Settles when the CLI has exited (killed or not). */
  readonly exited: Promise<PulumiRun & { signal: NodeJS.Signals | null }>;
  /**
   * Kills the whole run the way a dying CI machine does: every process of its session (the CLI, the language host,
   * the program, the dynamic provider), first stopped all together so none can act on the others' deaths, then
   * SIGKILLed. Killing the CLI's process group would not do: the engine starts each plugin in a group of its own.
   * Resolves, once the CLI has exited, with the processes it killed.
   */
  killAll(): Promise<SessionProcess[]>;
}

export interface WorkspaceOptions {
  /** A short name for the temporary folders and the stack. */
  name: string;
  /** Roster YAML written to roster.yaml in the project folder. */
  rosterText: string;
  ramp: RampConnection;
  /**
   * Where the Ramp connection goes: "environment" (default, as the README says: RAMP_CLIENT_ID, RAMP_CLIENT_SECRET and
   * RAMP_API_URL in the environment of every command) or "config" (stack config, the way earlier versions were
   * set up, for stacks that an older build makes).
   */
  rampIn?: "environment" | "config";
  /** Extra stack config, by full key. */
  config?: Record<string, string>;
  /** Keep the folders after dispose (for the demo, so a person can look). */
  keep?: boolean;
  /** The node_modules folder the project links to; default: that of the project source (see projectSource). */
  nodeModules?: string;
  /** Project files by name in the project folder → the file to copy; default: the project source's program. */
  projectFiles?: Record<string, string>;
  /** Where the state lives; default: a file:// folder of this workspace's own. */
  backend?: StateBackend;
  /**
   * Another checkout of this workspace's project and stack (the same backend, stack and Pulumi.<stack>.yaml),
   * as a second person or a CI job has: the stack is selected, not created.
   */
  sharing?: StackWorkspace;
}

/** Where a stack's state lives: what the tests need to see in it, whatever the backend. */
export interface StateBackend {
  /** PULUMI_BACKEND_URL (with credentials that can write, for a backend that has them). */
  readonly url: string;
  /** For messages, without credentials: `file:///tmp/…`, `postgres (…)`. */
  readonly description: string;
  /** Keys (file paths, object keys) of the stored objects whose text contains `needle`. */
  objectsContaining(needle: string): string[];
  /** Keys of the stack locks held now: one per running update, or left by one that was killed. */
  lockKeys(): string[];
}

/** A file:// backend: a folder. */
export class FileBackend implements StateBackend {
  readonly url: string;
  readonly description: string;
  constructor(readonly dir: string) {
    this.url = `file://${dir}`;
    this.description = this.url;
  }

  objectsContaining(needle: string): string[] {
    const files = fs.readdirSync(this.dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    return files.map((e) => path.join(e.parentPath, e.name)).filter((file) => fs.readFileSync(file, "utf8").includes(needle));
  }

  lockKeys(): string[] {
    const dir = path.join(this.dir, ".pulumi", "locks");
    if (!fs.existsSync(dir)) return [];
    return fs
      .readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name));
  }
}

/** The Ramp a stack talks to, with the app's credentials. */
export interface RampConnection {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
}

/** The environment variables that carry a Ramp connection to the provider process. */
export function rampEnvironment(ramp: RampConnection): NodeJS.ProcessEnv {
  return { RAMP_CLIENT_ID: ramp.clientId, RAMP_CLIENT_SECRET: ramp.clientSecret, RAMP_API_URL: ramp.baseUrl };
}

/** One pending operation of a checkpoint: an engine step that started and was never seen to finish. */
export interface PendingOperation {
  type: string;
  resource: { urn: string; id?: string };
}

/** A Pulumi project folder with one stack on a local or shared backend, and the commands a person would type. */
export class StackWorkspace {
  readonly stack = "dev";
  private constructor(
    readonly projectDir: string,
    readonly backend: StateBackend,
    readonly env: NodeJS.ProcessEnv,
    private readonly keep: boolean,
  ) {}

  /** The folder of a file:// backend (the tests that read its files directly need one). */
  get backendDir(): string {
    if (!(this.backend instanceof FileBackend)) throw new Error(`this stack's state is not in a folder: ${this.backend.description}`);
    return this.backend.dir;
  }

  static async create(options: WorkspaceOptions): Promise<StackWorkspace> {
    const source = projectSource();
    const bin = ensureEngine(source.dir);
    const base = fs.mkdtempSync(path.join(os.tmpdir(), `ramp-roster-${options.name}-`));
    const projectDir = path.join(base, "project");
    fs.mkdirSync(projectDir);
    let backend = options.backend ?? options.sharing?.backend;
    if (!backend) {
      fs.mkdirSync(path.join(base, "state"));
      backend = new FileBackend(path.join(base, "state"));
    }
    // The project source's program (the repository's, or RAMP_E2E_PROJECT's), unless the caller names its own files.
    const files = options.projectFiles ?? Object.fromEntries(source.files.map((file) => [file, path.join(source.dir, file)]));
    for (const [name, from] of Object.entries(files)) fs.copyFileSync(from, path.join(projectDir, name));
    fs.symlinkSync(options.nodeModules ?? source.nodeModules, path.join(projectDir, "node_modules"), "dir");
    fs.writeFileSync(path.join(projectDir, "roster.yaml"), options.rosterText);
    if (options.sharing) {
      // The stack's settings (the passphrase's salt among them) as the other checkout has them committed.
      const settings = `Pulumi.${options.sharing.stack}.yaml`;
      fs.copyFileSync(path.join(options.sharing.projectDir, settings), path.join(projectDir, settings));
    }

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${bin}${path.delimiter}${runtimePath(process.env.PATH)}`,
      PULUMI_BACKEND_URL: backend.url,
      PULUMI_HOME: path.join(base, "pulumi-home"),
      PULUMI_CONFIG_PASSPHRASE: "ramp-roster-local-only",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_SKIP_CONFIRMATIONS: "true",
      PULUMI_COLOR: "never",
    };
    // Only the Ramp these runs are given: nothing from the environment of whoever runs them.
    for (const key of ["RAMP_CLIENT_ID", "RAMP_CLIENT_SECRET", "RAMP_API_URL", "RAMP_RATE_LIMIT", "RAMP_CONFIRM_DEACTIVATIONS", "RAMP_CONFIRM_ADMINS"]) {
      delete env[key];
    }
    const workspace = new StackWorkspace(projectDir, backend, env, options.keep ?? false);
    await workspace.pulumi(["stack", options.sharing ? "select" : "init", workspace.stack]);
    if (options.rampIn === "config") {
      await workspace.setConfig("ramp:clientId", options.ramp.clientId);
      await workspace.setConfig("ramp:clientSecret", options.ramp.clientSecret, { secret: true });
      await workspace.setConfig("ramp:baseUrl", options.ramp.baseUrl);
    } else {
      workspace.setRampEnvironment(options.ramp);
    }
    for (const [key, value] of Object.entries(options.config ?? {})) await workspace.setConfig(key, value);
    return workspace;
  }

  /** Runs the pulumi CLI in the project folder. Rejects on a non-zero exit unless allowFailure. */
  pulumi(args: string[], options: { allowFailure?: boolean; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<PulumiRun> {
    const command = `pulumi ${args.join(" ")}`;
    return new Promise((resolve, reject) => {
      execFile(
        "pulumi",
        args,
        {
          cwd: this.projectDir,
          env: { ...this.env, ...options.env },
          maxBuffer: 64 * 1024 * 1024,
          timeout: options.timeoutMs ?? 300_000,
        },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
          const run = { code, stdout, stderr, command };
          if (code !== 0 && !options.allowFailure) reject(new PulumiCommandError(run));
          else resolve(run);
        },
      );
    });
  }

  /**
   * Starts a pulumi command in the background, in a new session (so that everything it starts can be found and
   * killed), with the same environment as `pulumi()`.
   */
  spawnPulumi(args: string[], options: { env?: NodeJS.ProcessEnv } = {}): BackgroundPulumi {
    const command = `pulumi ${args.join(" ")}`;
    const child = spawn("pulumi", args, {
      cwd: this.projectDir,
      env: { ...this.env, ...options.env },
      detached: true, // setsid(): the CLI leads a new session, which its plugins and their children join
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const exited = new Promise<PulumiRun & { signal: NodeJS.Signals | null }>((resolve, reject) => {
      child.once("error", reject);
      child.once("close", (code, signal) => resolve({ code: code ?? -1, signal, stdout, stderr, command }));
    });
    if (child.pid === undefined) {
      void exited.catch(() => undefined); // the spawn error is reported here instead
      throw new Error(`could not start ${command}`);
    }
    const sid = child.pid;
    return {
      pid: sid,
      command,
      output: () => ({ stdout, stderr }),
      exited,
      async killAll() {
        const killed = new Map<number, SessionProcess>();
        // A process can start another while we look: repeat until the session is empty.
        for (let round = 0; round < 100; round++) {
          const alive = sessionProcesses(sid);
          if (alive.length === 0) break;
          signalEach(alive, "SIGSTOP");
          const frozen = sessionProcesses(sid);
          signalEach(frozen, "SIGKILL");
          for (const p of [...alive, ...frozen]) if (!killed.has(p.pid)) killed.set(p.pid, p);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        const left = sessionProcesses(sid);
        if (left.length > 0) throw new Error(`still running after SIGKILL: ${left.map((p) => `${p.pid} ${p.command}`).join("; ")}`);
        await exited.catch(() => undefined);
        return [...killed.values()];
      },
    };
  }

  /** The stack's locks in the backend: one per running update, or left by one that was killed. */
  lockFiles(): string[] {
    return this.backend.lockKeys();
  }

  /**
   * The stack's latest checkpoint, read straight from the backend's files: unlike `stack export`, this works while
   * an update is running (the engine rewrites the file after every step). Undefined before the first update, or
   * when the file is caught half-written.
   */
  readCheckpoint(): { resources: { urn: string; type: string; id?: string }[]; pendingOperations: PendingOperation[] } | undefined {
    const dir = path.join(this.backendDir, ".pulumi", "stacks");
    if (!fs.existsSync(dir)) return undefined;
    const file = fs
      .readdirSync(dir, { recursive: true, withFileTypes: true })
      .find((e) => e.isFile() && e.name === `${this.stack}.json`);
    if (!file) return undefined;
    try {
      const { checkpoint } = JSON.parse(fs.readFileSync(path.join(file.parentPath, file.name), "utf8")) as {
        checkpoint?: { latest?: { resources?: { urn: string; type: string; id?: string }[]; pending_operations?: PendingOperation[] } };
      };
      return { resources: checkpoint?.latest?.resources ?? [], pendingOperations: checkpoint?.latest?.pending_operations ?? [] };
    } catch {
      return undefined;
    }
  }

  /** Points the project's node_modules at another folder (another build of the provider package). */
  linkNodeModules(dir: string): void {
    const link = path.join(this.projectDir, "node_modules");
    fs.rmSync(link);
    fs.symlinkSync(dir, link, "dir");
  }

  /** The Ramp connection every later command gets in its environment, as CI gives each job its secrets. */
  setRampEnvironment(ramp: RampConnection): void {
    Object.assign(this.env, rampEnvironment(ramp));
  }

  async setConfig(key: string, value: string, options: { secret?: boolean } = {}): Promise<void> {
    await this.pulumi(["config", "set", ...(options.secret ? ["--secret"] : []), key, "--", value]);
  }

  async removeConfig(key: string): Promise<void> {
    await this.pulumi(["config", "rm", key]);
  }

  writeRoster(text: string): void {
    fs.writeFileSync(path.join(this.projectDir, "roster.yaml"), text);
  }

  /** `pulumi preview`, read as the engine's events. */
  async preview(args: string[] = [], options: { allowFailure?: boolean; env?: NodeJS.ProcessEnv } = {}) {
    return this.withEvents(["preview", ...args], options);
  }

  /** `pulumi up --yes`, read as the engine's events. */
  async up(args: string[] = [], options: { allowFailure?: boolean; env?: NodeJS.ProcessEnv } = {}) {
    return this.withEvents(["up", "--yes", ...args], options);
  }

  /** With --json the engine streams its events as JSON lines (previews too, with the env var below). */
  private async withEvents(args: string[], options: { allowFailure?: boolean; env?: NodeJS.ProcessEnv }) {
    const run = await this.pulumi([...args, "--json"], {
      ...options,
      env: { PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true", ...options.env },
    });
    return { run, events: parseEngineEvents(run.stdout) };
  }

  async outputs(): Promise<Record<string, unknown>> {
    const run = await this.pulumi(["stack", "output", "--json", "--show-secrets"]);
    return JSON.parse(run.stdout) as Record<string, unknown>;
  }

  /** The stack's state as `pulumi stack export` prints it. */
  async exportState(): Promise<{
    deployment: {
      resources?: { urn: string; type: string; id?: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }[];
      pending_operations?: PendingOperation[];
    };
  }> {
    const run = await this.pulumi(["stack", "export", "--show-secrets"]);
    return JSON.parse(run.stdout);
  }

  /** Backend files or objects (the state at rest) whose text contains `needle`. */
  backendFilesContaining(needle: string): string[] {
    return this.backend.objectsContaining(needle);
  }

  dispose(): void {
    if (!this.keep) fs.rmSync(path.dirname(this.projectDir), { recursive: true, force: true });
  }
}

