// Plays a GitHub Actions workflow as GitHub would for one event: each job in order, each step in order, with the
// contexts GitHub gives (`secrets`, `vars`, `github`, `steps`, `env`), `${{ }}` expressions and `if:` conditions,
// `$GITHUB_OUTPUT`, `$GITHUB_STEP_SUMMARY`, `$GITHUB_ENV` and `$GITHUB_PATH`. `run:` steps run as written, with bash;
// each `uses:` step is replaced by a local equivalent the caller gives (checkout, Node set-up, the Pulumi CLI).
// An expression it does not understand is an error, never a guess: the workflows are written for what is here.
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";

type Value = string | number | boolean | null | Record<string, unknown> | unknown[];

// ---- Expressions: literals, context paths, ! == != && || and parentheses, as GitHub evaluates them.

type Token = { kind: "str" | "num" | "id" | "op"; text: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const rest = source.slice(i);
    let m: RegExpExecArray | null;
    if ((m = /^\s+/.exec(rest))) i += m[0].length;
    else if ((m = /^'((?:[^']|'')*)'/.exec(rest))) {
      tokens.push({ kind: "str", text: m[1]!.replace(/''/g, "'") });
      i += m[0].length;
    } else if ((m = /^(==|!=|&&|\|\||[!().])/.exec(rest))) {
      tokens.push({ kind: "op", text: m[1]! });
      i += m[0].length;
    } else if ((m = /^\d+(\.\d+)?/.exec(rest))) {
      tokens.push({ kind: "num", text: m[0] });
      i += m[0].length;
    } else if ((m = /^[A-Za-z_][\w-]*/.exec(rest))) {
      tokens.push({ kind: "id", text: m[0] });
      i += m[0].length;
    } else throw new Error(`workflow expression: cannot read ${JSON.stringify(rest)} in ${JSON.stringify(source)}`);
  }
  return tokens;
}

const truthy = (v: Value): boolean => !(v === null || v === false || v === 0 || v === "" || v === undefined);

function looseEqual(a: Value, b: Value): boolean {
  if (typeof a === "string" && typeof b === "string") return a.toLowerCase() === b.toLowerCase();
  if (typeof a === "number" || typeof b === "number") return Number(a ?? 0) === Number(b ?? 0);
  return a === b;
}

export function evaluate(source: string, contexts: Record<string, unknown>): Value {
  const tokens = tokenize(source);
  let at = 0;
  const peek = () => tokens[at];
  const take = (text?: string) => {
    const token = tokens[at++];
    if (!token || (text !== undefined && token.text !== text)) throw new Error(`workflow expression: expected ${text ?? "more"} in ${JSON.stringify(source)}`);
    return token;
  };
  const primary = (): Value => {
    const token = take();
    if (token.kind === "str") return token.text;
    if (token.kind === "num") return Number(token.text);
    if (token.kind === "op" && token.text === "(") {
      const value = or();
      take(")");
      return value;
    }
    if (token.kind === "op" && token.text === "!") return !truthy(primary());
    if (token.kind !== "id") throw new Error(`workflow expression: unexpected ${token.text} in ${JSON.stringify(source)}`);
    if (token.text === "true" || token.text === "false") return token.text === "true";
    if (token.text === "null") return null;
    if (peek()?.text === "(") throw new Error(`workflow expression: function ${token.text}() is not supported here (${source})`);
    if (!(token.text in contexts)) throw new Error(`workflow expression: unknown context ${token.text} in ${JSON.stringify(source)}`);
    let value = contexts[token.text] as Value;
    while (peek()?.text === ".") {
      take(".");
      const key = take().text;
      value = value !== null && typeof value === "object" && !Array.isArray(value) ? ((value as Record<string, unknown>)[key] as Value) ?? null : null;
    }
    return value;
  };
  const comparison = (): Value => {
    let left = primary();
    while (peek()?.text === "==" || peek()?.text === "!=") {
      const op = take().text;
      const right = primary();
      left = op === "==" ? looseEqual(left, right) : !looseEqual(left, right);
    }
    return left;
  };
  const and = (): Value => {
    let left = comparison();
    while (peek()?.text === "&&") {
      take();
      const right = comparison();
      left = truthy(left) ? right : left;
    }
    return left;
  };
  const or = (): Value => {
    let left = and();
    while (peek()?.text === "||") {
      take();
      const right = and();
      left = truthy(left) ? left : right;
    }
    return left;
  };
  const value = or();
  if (at !== tokens.length) throw new Error(`workflow expression: unexpected ${tokens[at]!.text} in ${JSON.stringify(source)}`);
  return value;
}

const asText = (v: Value): string => (v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v));

export function interpolate(text: string, contexts: Record<string, unknown>): string {
  return text.replace(/\$\{\{(.*?)\}\}/gs, (_, expr: string) => asText(evaluate(expr.trim(), contexts)));
}

// ---- Files GitHub gives each step.

/** `name=value` lines and `name<<DELIMITER` blocks, as GitHub reads $GITHUB_OUTPUT and $GITHUB_ENV. */
export function parseKeyValueFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "") continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const body: string[] = [];
      for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) body.push(lines[i]!);
      if (i >= lines.length) throw new Error(`unterminated ${heredoc[1]}<<${heredoc[2]} in a step's file`);
      values[heredoc[1]!] = body.join("\n");
    } else {
      const eq = line.indexOf("=");
      if (eq < 1) throw new Error(`a step wrote a line GitHub rejects: ${JSON.stringify(line)}`);
      values[line.slice(0, eq)] = line.slice(eq + 1);
    }
  }
  return values;
}

// ---- The workflow file.

interface StepSpec {
  id?: string;
  name?: string;
  if?: string | boolean;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}

interface JobSpec {
  name?: string;
  "runs-on": string;
  environment?: string;
  permissions?: Record<string, string>;
  env?: Record<string, unknown>;
  steps: StepSpec[];
}

interface WorkflowSpec {
  name: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  env?: Record<string, unknown>;
  jobs: Record<string, JobSpec>;
}

export function readWorkflow(file: string): WorkflowSpec {
  return parse(fs.readFileSync(file, "utf8")) as WorkflowSpec;
}

// ---- Running.

/** What a local equivalent of a `uses:` step gets: the step's `with:` inputs, and the job's runner. */
export interface ActionCall {
  inputs: Record<string, string>;
  workspace: string;
  /** Add a folder to PATH for the following steps (as an action does through $GITHUB_PATH). */
  addPath(dir: string): void;
  github: GitHubContext;
}

export type LocalAction = (call: ActionCall) => Promise<void> | void;

export interface GitHubContext {
  event_name: string;
  event: Record<string, unknown>;
  sha: string;
  ref: string;
  repository: string;
  token?: string;
  [key: string]: unknown;
}

export interface StepResult {
  name: string;
  /** The step's `run:` as it ran, or `uses: <action>`. */
  runs: string;
  outcome: "success" | "failure" | "skipped";
  outputs: Record<string, string>;
  log: string;
  /** The environment variables the step was given beyond the runner's own (names only, to check least privilege). */
  envNames: string[];
  ms: number;
}

export interface JobResult {
  id: string;
  name: string;
  conclusion: "success" | "failure";
  steps: StepResult[];
  summary: string;
  ms: number;
}

export interface RunOptions {
  github: GitHubContext;
  secrets: Record<string, string>;
  vars: Record<string, string>;
  /** Replacements for `uses:` steps, by action name without the ref ("actions/checkout"). */
  actions: Record<string, LocalAction>;
  /** The runner's own environment (PATH, HOME, tools' settings): what any step sees before the workflow's env. */
  runnerEnv: NodeJS.ProcessEnv;
  /** A token for a job with these permissions; `github.token` in that job. */
  tokenFor(permissions: Record<string, string>): string;
  /** The GitHub environments (`environment:`) and their secrets, which override the repository's in that job. */
  environments?: Record<string, Record<string, string>>;
  /** Only these jobs (default all, in file order). */
  jobs?: string[];
  stepTimeoutMs?: number;
}

function stringMap(values: Record<string, unknown> | undefined, contexts: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(values ?? {}).map(([k, v]) => [k, interpolate(String(v), contexts)]));
}

function runBash(script: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number; log: string }> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "wf-step-")), "step.sh");
  fs.writeFileSync(file, script);
  return new Promise((resolve, reject) => {
    // GitHub's default for `run:` on Linux: bash -e {0}.
    const child = spawn("bash", ["-e", file], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (log += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (log += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, log });
    });
  });
}

export async function runWorkflow(file: string, options: RunOptions): Promise<JobResult[]> {
  const workflow = readWorkflow(file);
  const results: JobResult[] = [];
  const eventFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "wf-event-")), "event.json");
  fs.writeFileSync(eventFile, JSON.stringify(options.github.event));
  for (const [jobId, job] of Object.entries(workflow.jobs)) {
    if (options.jobs && !options.jobs.includes(jobId)) continue;
    const started = Date.now();
    const runnerDir = fs.mkdtempSync(path.join(os.tmpdir(), `wf-${jobId}-`));
    const workspace = path.join(runnerDir, "work");
    const temp = path.join(runnerDir, "temp");
    fs.mkdirSync(workspace);
    fs.mkdirSync(temp);
    const token = options.tokenFor(job.permissions ?? workflow.permissions ?? {});
    const secrets = { ...options.secrets, ...(job.environment ? options.environments?.[job.environment] ?? {} : {}), GITHUB_TOKEN: token };
    const github = { ...options.github, token, workspace };
    const steps: Record<string, { outputs: Record<string, string>; outcome: string; conclusion: string }> = {};
    const contexts: Record<string, unknown> = { github, secrets, vars: options.vars, steps, env: {}, runner: { temp, os: "Linux" } };
    const workflowEnv = stringMap(workflow.env, contexts);
    contexts.env = workflowEnv;
    const jobEnv = { ...workflowEnv, ...stringMap(job.env, contexts) };
    contexts.env = jobEnv;
    const addedEnv: Record<string, string> = {};
    const addedPath: string[] = [];
    const summaryFile = path.join(temp, "summary.md");
    let summary = "";
    let failed = false;
    const stepResults: StepResult[] = [];

    for (const [index, step] of job.steps.entries()) {
      const name = step.name ?? (step.uses ? `uses ${step.uses}` : `Run ${String(step.run).split("\n")[0]}`);
      const stepStarted = Date.now();
      const condition = step.if === undefined ? "success()" : String(step.if).replace(/^\$\{\{(.*)\}\}$/s, "$1").trim();
      // Without a status function, GitHub runs a step only if everything before it succeeded.
      const usesStatus = /\b(success|failure|always|cancelled)\(\)/.test(condition);
      if (usesStatus && condition !== "success()") throw new Error(`${name}: status functions other than the implicit success() are not supported (${condition})`);
      const runs = step.uses ? `uses: ${step.uses}` : String(step.run);
      const skip = failed || (condition !== "success()" && !truthy(evaluate(condition, { ...contexts, env: { ...jobEnv, ...addedEnv } })));
      const record = (outcome: StepResult["outcome"], outputs: Record<string, string>, log: string, envNames: string[]) => {
        stepResults.push({ name, runs, outcome, outputs, log, envNames, ms: Date.now() - stepStarted });
        if (step.id) steps[step.id] = { outputs, outcome, conclusion: outcome };
      };
      if (skip) {
        record("skipped", {}, "", []);
        continue;
      }
      const stepEnvOwn = stringMap(step.env, { ...contexts, env: { ...jobEnv, ...addedEnv } });
      const env = { ...jobEnv, ...addedEnv, ...stepEnvOwn };
      if (step.uses) {
        const action = step.uses.replace(/@.*$/, "");
        const local = options.actions[action];
        if (!local) throw new Error(`${name}: no local equivalent for ${action}`);
        let log = "";
        try {
          await local({ inputs: stringMap(step.with, { ...contexts, env }), workspace, addPath: (dir) => addedPath.unshift(dir), github });
          record("success", {}, "", Object.keys(env));
        } catch (err) {
          log = String((err as Error).message);
          failed = true;
          record("failure", {}, log, Object.keys(env));
        }
        continue;
      }
      const outputFile = path.join(temp, `output-${index}`);
      const envFile = path.join(temp, `env-${index}`);
      const pathFile = path.join(temp, `path-${index}`);
      for (const f of [outputFile, envFile, pathFile]) fs.writeFileSync(f, "");
      fs.writeFileSync(summaryFile, "");
      const script = interpolate(String(step.run), { ...contexts, env });
      const processEnv: NodeJS.ProcessEnv = {
        ...options.runnerEnv,
        CI: "true",
        GITHUB_ACTIONS: "true",
        GITHUB_EVENT_NAME: github.event_name,
        GITHUB_EVENT_PATH: eventFile,
        GITHUB_REPOSITORY: github.repository,
        GITHUB_API_URL: String(options.github.api_url ?? ""),
        GITHUB_SHA: github.sha,
        GITHUB_REF: github.ref,
        GITHUB_WORKSPACE: workspace,
        GITHUB_OUTPUT: outputFile,
        GITHUB_ENV: envFile,
        GITHUB_PATH: pathFile,
        GITHUB_STEP_SUMMARY: summaryFile,
        RUNNER_TEMP: temp,
        PATH: [...addedPath, options.runnerEnv.PATH ?? ""].join(path.delimiter),
        ...env,
      };
      const { code, log } = await runBash(script, workspace, processEnv, options.stepTimeoutMs ?? 600_000);
      const outputs = parseKeyValueFile(fs.readFileSync(outputFile, "utf8"));
      Object.assign(addedEnv, parseKeyValueFile(fs.readFileSync(envFile, "utf8")));
      addedPath.unshift(...fs.readFileSync(pathFile, "utf8").split("\n").filter(Boolean).reverse());
      summary += fs.readFileSync(summaryFile, "utf8");
      if (code !== 0) failed = true;
      record(code === 0 ? "success" : "failure", outputs, log, Object.keys(env));
    }
    results.push({ id: jobId, name: job.name ?? jobId, conclusion: failed ? "failure" : "success", steps: stepResults, summary, ms: Date.now() - started });
    fs.rmSync(runnerDir, { recursive: true, force: true });
  }
  return results;
}

/** A step of a job by name, for assertions. */
export function stepOf(job: JobResult, name: string): StepResult {
  const step = job.steps.find((s) => s.name === name);
  if (!step) throw new Error(`job ${job.id} has no step "${name}": ${job.steps.map((s) => s.name).join(", ")}`);
  return step;
}

/** The equivalent of actions/checkout: the commit `sha` of `origin` in the workspace, `fetch-depth` commits deep. */
export function checkoutFrom(origin: string): LocalAction {
  return ({ inputs, workspace, github }) => {
    const depth = inputs["fetch-depth"] === undefined ? 1 : Number(inputs["fetch-depth"]);
    const git = (...args: string[]) => execFileSync("git", args, { cwd: workspace, stdio: ["ignore", "pipe", "pipe"] });
    git("init", "-q");
    git("fetch", "-q", "--no-tags", ...(depth > 0 ? [`--depth=${depth}`] : []), `file://${origin}`, github.sha);
    git("checkout", "-q", "--detach", "FETCH_HEAD");
  };
}
