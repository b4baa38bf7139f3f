// Ramp variants the simulator does not produce (ramp-api.md: "the client tolerates every variant listed"), served by a
// tiny scripted HTTP server on 127.0.0.1.
import { strict as assert } from "node:assert";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { InsecureUrlError, RampApiError, RampAuthError, RampClient, RampResponseError, RampScopeError } from "../../packages/pulumi-ramp-roster/src/client/index.js";
import { CLIENT_ID, CLIENT_SECRET, FAST_RETRY, record, rejectionOf } from "./helpers.js";

type Handler = (req: IncomingMessage, url: URL, res: ServerResponse) => void;

interface Scripted {
  baseUrl: string;
  seen: string[];
  handle(h: Handler): void;
  close(): Promise<void>;
}

async function scriptedServer(token?: Handler): Promise<Scripted> {
  let handler: Handler = (_req, _url, res) => res.writeHead(404).end();
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    seen.push(`${req.method} ${url.pathname}${url.search}`);
    req.resume();
    req.on("end", () => {
      if (req.method === "POST" && url.pathname === "/developer/v1/token") {
        if (token) return token(req, url, res);
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ access_token: "variant_access_token_0123456789", token_type: "bearer" }));
        return;
      }
      handler(req, url, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    seen,
    handle: (h) => {
      handler = h;
    },
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json", "x-trace-id": "trace-variant" });
  res.end(JSON.stringify(body));
};

describe("RampClient against Ramp variants", () => {
  let s: Scripted;
  let client: RampClient;
  beforeEach(async () => {
    s = await scriptedServer();
    client = new RampClient({ baseUrl: `${s.baseUrl}/developer/v1/`, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, retry: FAST_RETRY, onEvent: record });
  });
  afterEach(async () => {
    await client.close();
    await s.close();
  });

  it("accepts 204 and an empty 200 for PATCH calls, and a lowercase bearer token without expires_in or scope", async () => {
    let n = 0;
    s.handle((_req, _url, res) => {
      n++;
      if (n % 3 === 0) res.writeHead(204).end();
      else if (n % 3 === 1) res.writeHead(200).end();
      else json(res, 200, { some: "object" });
    });
    await client.updateUser("u1", { firstName: "A" });
    await client.deactivateUser("u1");
    await client.reactivateUser("u1");
    await client.renameDepartment("d1", "x");
    await client.renameLocation("l1", "y");
    // One token per scope: users:write (three calls), departments:write, locations:write.
    assert.equal(s.seen.filter((l) => l.startsWith("POST /developer/v1/token")).length, 3);
  });

  it("refuses a token issued without the scope asked for, before sending the write (RampScopeError)", async () => {
    const narrow = await scriptedServer((_req, _url, res) =>
      json(res, 200, { access_token: "variant_access_token_narrow_0123", token_type: "Bearer", expires_in: 3600, scope: "users:read" }),
    );
    const c = new RampClient({ baseUrl: narrow.baseUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, retry: FAST_RETRY, onEvent: record });
    try {
      const err = await rejectionOf(c.deactivateUser("u1"));
      assert.ok(err instanceof RampScopeError);
      assert.equal(err.scope, "users:write");
      assert.equal(err.operation, "deactivate user");
      assert.deepEqual(narrow.seen, ["POST /developer/v1/token"], "no write request was sent");
    } finally {
      await c.close();
      await narrow.close();
    }
  });

  it("reads a top-level ramp_error_code, and reports a refusal whose body is not JSON", async () => {
    s.handle((req, _url, res) => {
      if (req.method === "PATCH") {
        res.writeHead(403, { "x-trace-id": "t-html" }).end("<html>Forbidden</html>");
        return;
      }
      json(res, 400, { ramp_error_code: "DEVELOPER_7001", message: "bad" });
    });
    const legacy = await rejectionOf(client.getDepartment("d1"));
    assert.ok(legacy instanceof RampApiError);
    assert.equal(legacy.errorCode, "DEVELOPER_7001");
    const refused = await rejectionOf(client.reactivateUser("u1"));
    assert.ok(refused instanceof RampApiError);
    assert.match(refused.message, /^Could not reactivate user u1: .* HTTP 403 \(no error code\): \(no message\) \(x-trace-id t-html\)$/);
  });

  it("reads a user whatever the type of the fields it does not use, and a timestamp as a scheduled date", async () => {
    s.handle((_req, _url, res) =>
      json(res, 200, {
        id: "u1",
        email: "a@x.com",
        role: "COORDINATOR",
        status: "USER_SOMETHING_NEW",
        phone: { country: "+1", number: 5550100 },
        custom_fields: "not even a list",
        employee_id: 4711,
        scheduled_deactivation_date: "2027-03-31T00:00:00Z",
        lifecycle_status: 3,
      }),
    );
    const user = await client.getUser("u1");
    assert.equal(user.phone, null);
    assert.equal(user.employeeId, "4711");
    assert.equal(user.role, "COORDINATOR");
    assert.equal(user.status, "USER_SOMETHING_NEW");
    assert.equal(user.scheduledDeactivationDate, "2027-03-31");
  });

  it("follows a bare cursor in page.next, keeping filters and page size", async () => {
    s.handle((_req, url, res) => {
      const start = url.searchParams.get("start");
      const user = (id: string) => ({ id, email: `${id}@x.com`, role: "BUSINESS_USER", status: "USER_ACTIVE" });
      if (!start) json(res, 200, { data: [user("a")], page: { next: "cursor-b" } });
      else json(res, 200, { data: [user("b")], page: { next: null } });
    });
    const users = await client.listUsers({ role: "BUSINESS_USER" });
    assert.deepEqual(
      users.map((u) => u.id),
      ["a", "b"],
    );
    assert.deepEqual(
      s.seen.filter((l) => l.startsWith("GET")),
      ["GET /developer/v1/users?page_size=100&role=BUSINESS_USER", "GET /developer/v1/users?page_size=100&role=BUSINESS_USER&start=cursor-b"],
    );
  });

  it("refuses a page.next on another origin and never sends the token there", async () => {
    const other = await scriptedServer();
    try {
      s.handle((_req, _url, res) => json(res, 200, { data: [], page: { next: `${other.baseUrl}/developer/v1/users?start=x` } }));
      const err = await rejectionOf(client.listDepartments());
      assert.ok(err instanceof InsecureUrlError);
      assert.match(err.message, /leaves the API origin/);
      assert.deepEqual(other.seen, []);
    } finally {
      await other.close();
    }
  });

  it("fills in a create answer that carries only the id", async () => {
    s.handle((_req, _url, res) => json(res, 201, { id: "d-new" }));
    assert.deepEqual(await client.createDepartment("Ops"), { id: "d-new", name: "Ops" });
    assert.deepEqual(await client.createLocation({ name: "HQ", entityId: "e1" }), { id: "d-new", name: "HQ", entityId: "e1" });
  });

  it("returns the existing user's id when a duplicate invite task succeeds with it", async () => {
    s.handle((req, url, res) => {
      if (req.method === "POST") json(res, 201, { id: "task-1" });
      else if (url.pathname.endsWith("/task-1")) json(res, 200, { id: "task-1", status: "SUCCESS", data: { user_id: "existing-user" } });
    });
    const result = await client.inviteUser({ email: "a@b.c", firstName: "A", lastName: "B", role: "BUSINESS_USER" }, { idempotencyKey: "k" });
    assert.deepEqual(result, { userId: "existing-user", taskId: "task-1" });
  });

  it("retries an empty 200 on a GET, then reports it", async () => {
    s.handle((_req, _url, res) => res.writeHead(200, { "x-trace-id": "t-empty" }).end());
    const err = await rejectionOf(client.getUser("u1"));
    assert.ok(err instanceof RampResponseError);
    assert.match(err.message, /empty/);
    assert.equal(err.traceId, "t-empty");
    assert.equal(s.seen.filter((l) => l.startsWith("GET")).length, FAST_RETRY.maxAttempts);
  });

  it("reports a token endpoint that answers without a JSON body", async () => {
    const refusing = await scriptedServer((_req, _url, res) => res.writeHead(401, { "x-trace-id": "t-401" }).end("Unauthorized"));
    const c = new RampClient({ baseUrl: refusing.baseUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
    try {
      const err = await rejectionOf(c.listUsers());
      assert.ok(err instanceof RampAuthError);
      assert.equal(err.status, 401);
      assert.equal(err.traceId, "t-401");
      assert.deepEqual(refusing.seen, ["POST /developer/v1/token"]);
    } finally {
      await c.close();
      await refusing.close();
    }
  });
});
