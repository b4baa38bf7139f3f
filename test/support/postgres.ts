// A throwaway PostgreSQL cluster for the end-to-end tests on a shared state backend (`pulumi login postgres://…`):
// initdb into a temporary folder, the server on a free port of 127.0.0.1 (and a unix socket in that folder, for the
// superuser's own psql), stopped and removed by stop(). The server programs come from scripts/ensure-postgres
// (Debian's packages, installed when missing). PostgreSQL refuses to run as root: as root (CI), the server runs as
// the package's `postgres` user, which owns the folder.
//
// Each state backend is a table of its own (the CLI's `?table=` parameter) owned by a writing role, so the tests of
// one run never share a stack by accident; readOnlyUrl() is a role that may only SELECT from it.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT, type StateBackend } from "./pulumi-engine.js";

let binDir: string | undefined;

/** The folder with initdb, postgres and psql (scripts/ensure-postgres installs them when missing). */
function postgresBin(): string {
  if (!binDir) {
    const out = execFileSync("bash", [path.join(REPO_ROOT, "scripts", "ensure-postgres")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
    binDir = out.trim().split("\n").pop()!.trim();
  }
  return binDir;
}

/** The uid and gid to run the server as: ourselves, or `postgres` when we are root. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
  return { uid, gid };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A role name or table name we make ourselves: lowercase letters, digits and underscores. */
function identifier(text: string): string {
  const id = text.toLowerCase().replace(/[^a-z0-9_]/g, "_");
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(id)) throw new Error(`not a usable SQL identifier: ${text}`);
  return id;
}

export class PostgresServer {
  private stopped = false;
  private backends = 0;
  private constructor(
    private readonly dir: string,
    readonly port: number,
    private readonly child: ChildProcess,
    private readonly exited: Promise<void>,
    private readonly log: () => string,
  ) {}

  static async start(): Promise<PostgresServer> {
    const bin = postgresBin();
    const user = serverUser();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ramp-postgres-"));
    const data = path.join(dir, "data");
    const asServer = { cwd: dir, ...(user ?? {}) };
    if (user) fs.chownSync(dir, user.uid, user.gid);
    // Trust on the unix socket (in our 0700 folder: only the server's user and root reach it), passwords on TCP.
    execFileSync(path.join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync", "-E", "UTF8", "--locale=C"], {
      ...asServer,
      stdio: ["ignore", "ignore", "pipe"],
    });
    const port = await freePort();
    // Durability does not matter for a throwaway cluster; speed does.
    const settings = ["listen_addresses=127.0.0.1", `port=${port}`, `unix_socket_directories=${dir}`, "fsync=off", "synchronous_commit=off", "full_page_writes=off", "max_connections=60"];
    // Under a shell that stops the server (fast shutdown) when our end of its stdin closes: on stop(), and also
    // when this process dies without running stop() (a killed test run leaves no server behind).
    const guard = `"$0" "$@" & server=$!; cat >/dev/null; kill -INT "$server" 2>/dev/null; wait "$server"`;
    const child = spawn("bash", ["-c", guard, path.join(bin, "postgres"), "-D", data, ...settings.flatMap((s) => ["-c", s])], {
      ...asServer,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let log = "";
    child.stdout!.setEncoding("utf8").on("data", (d: string) => (log += d));
    child.stderr!.setEncoding("utf8").on("data", (d: string) => (log += d));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const server = new PostgresServer(dir, port, child, exited, () => log);
    for (let i = 0; ; i++) {
      if (child.exitCode !== null || /\bFATAL:/.test(log)) {
        await server.stop();
        throw new Error(`postgres did not start:\n${log.slice(-3000)}`);
      }
      if (/database system is ready to accept connections/.test(log)) break;
      if (i > 300) {
        await server.stop();
        throw new Error(`postgres did not start in 30 s:\n${log.slice(-3000)}`);
      }
      await sleep(100);
    }
    return server;
  }

  /** Runs SQL as the superuser through the unix socket; returns psql's unaligned, tuples-only output. */
  sql(text: string, variables: Record<string, string> = {}): string {
    const args = ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", this.dir, "-p", String(this.port), "-U", "postgres", "-d", "postgres"];
    for (const [name, value] of Object.entries(variables)) args.push("-v", `${name}=${value}`);
    // On stdin, so that psql interpolates the variables (:'name' quotes a value as an SQL literal).
    return execFileSync(path.join(postgresBin(), "psql"), [...args, "-f", "-"], { input: text, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] });
  }

  /** A new state backend: a table named after `name`, owned by a role of its own that can write it. */
  backend(name: string): PostgresBackend {
    const table = identifier(`state_${name}_${++this.backends}`);
    const writer = identifier(`${table}_writer`);
    const password = randomBytes(12).toString("hex");
    this.sql(`CREATE ROLE ${writer} LOGIN PASSWORD :'password'; GRANT CREATE ON SCHEMA public TO ${writer};`, { password });
    return new PostgresBackend(this, table, writer, password);
  }

  /** A postgres:// URL for a role and a table (sslmode=disable: loopback only). */
  urlFor(role: string, password: string, table: string): string {
    return `postgres://${role}:${password}@127.0.0.1:${this.port}/postgres?sslmode=disable&table=${table}`;
  }

  /** Stops the server (fast shutdown: open sessions are ended) and removes its folder. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.stdin!.end();
      const timer = setTimeout(() => this.child.kill("SIGKILL"), 15_000);
      await this.exited;
      clearTimeout(timer);
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** The server's log so far, for a failure's message. */
  serverLog(): string {
    return this.log();
  }
}

export class PostgresBackend implements StateBackend {
  readonly url: string;
  readonly description: string;
  constructor(
    private readonly server: PostgresServer,
    readonly table: string,
    readonly writer: string,
    password: string,
  ) {
    this.url = server.urlFor(writer, password, table);
    this.description = `postgres (127.0.0.1:${server.port}, table ${table})`;
  }

  private exists(): boolean {
    return this.server.sql("SELECT to_regclass(:'table') IS NOT NULL;", { table: this.table }).trim() === "t";
  }

  /** Each object's key and text: the CLI stores each blob base64-encoded in a JSON column. */
  private objects(where = "true", variables: Record<string, string> = {}): string[] {
    if (!this.exists()) return [];
    const out = this.server.sql(`SELECT key FROM ${this.table} WHERE ${where} ORDER BY key;`, variables);
    return out.split("\n").filter(Boolean);
  }

  objectsContaining(needle: string): string[] {
    return this.objects("position(:'needle' IN convert_from(decode(data->>'data', 'base64'), 'UTF8')) > 0", { needle });
  }

  /** Every stored object's key, last write and a hash of its data: equal before and after means nothing was written. */
  fingerprint(): string[] {
    if (!this.exists()) return [];
    return this.server.sql(`SELECT key || ' ' || updated_at || ' ' || md5(data::text) FROM ${this.table} ORDER BY key;`).split("\n").filter(Boolean);
  }

  lockKeys(): string[] {
    return this.objects("key LIKE '%.pulumi/locks/%'");
  }

  /**
   * A role that may only read the state: CONNECT, USAGE on the schema and SELECT on the table (which the writer's
   * first command creates: call this after it).
   */
  readOnlyUrl(): string {
    const reader = identifier(`${this.table}_reader`);
    const password = randomBytes(12).toString("hex");
    this.server.sql(`CREATE ROLE ${reader} LOGIN PASSWORD :'password'; GRANT SELECT ON ${this.table} TO ${reader};`, { password });
    return this.server.urlFor(reader, password, this.table);
  }
}
