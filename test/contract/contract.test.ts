// The contract: every request the client can send, for every route it uses, validates against request schemas
// written from Ramp's spec (spec-schemas.ts), and every answer the simulator gives on those routes validates against
// the spec's response shapes. The client talks to the simulator through a recording proxy over real HTTP.
import { strict as assert } from "node:assert";
import type { z } from "zod";
import { RampClient, type UserPatch } from "../../packages/pulumi-ramp-roster/src/client/index.js";
import { startSimulator, type RunningSimulator } from "../../packages/ramp-simulator/src/index.js";
import { startRecordingProxy, type Exchange, type RecordingProxy } from "./recording-proxy.js";
import * as spec from "./spec-schemas.js";

interface RouteContract {
  method: string;
  /** Template after /developer/v1, e.g. /users/{id}. */
  pattern: string;
  query: z.ZodType;
  body: z.ZodType;
  /** Success status → response schema. */
  ok: Record<number, z.ZodType>;
  form?: boolean;
}

/** Every route the client uses. */
const ROUTES: RouteContract[] = [
  { method: "POST", pattern: "/token", query: spec.NoQuery, body: spec.TokenRequestForm, ok: { 200: spec.TokenResponse }, form: true },
  { method: "GET", pattern: "/users", query: spec.ListUsersQuery, body: spec.NoBody, ok: { 200: spec.UserPage } },
  { method: "POST", pattern: "/users/deferred", query: spec.NoQuery, body: spec.UserCreateBody, ok: { 201: spec.DeferredTaskId } },
  { method: "GET", pattern: "/users/deferred/status/{id}", query: spec.NoQuery, body: spec.NoBody, ok: { 200: spec.UserDeferredTask } },
  { method: "GET", pattern: "/users/{id}", query: spec.NoQuery, body: spec.NoBody, ok: { 200: spec.User } },
  { method: "PATCH", pattern: "/users/{id}", query: spec.NoQuery, body: spec.UserUpdateBody, ok: { 204: spec.NoContent } },
  { method: "PATCH", pattern: "/users/{id}/deactivate", query: spec.NoQuery, body: spec.NoBody, ok: { 200: spec.EmptyObject } },
  { method: "POST", pattern: "/users/{id}/invite", query: spec.NoQuery, body: spec.UserInviteBody, ok: { 200: spec.InviteActionResult } },
  { method: "PATCH", pattern: "/users/{id}/reactivate", query: spec.NoQuery, body: spec.NoBody, ok: { 200: spec.EmptyObject } },
  { method: "GET", pattern: "/departments", query: spec.ListQuery, body: spec.NoBody, ok: { 200: spec.DepartmentPage } },
  { method: "POST", pattern: "/departments", query: spec.NoQuery, body: spec.DepartmentBody, ok: { 201: spec.Department } },
  { method: "GET", pattern: "/departments/{id}", query: spec.NoQuery, body: spec.NoBody, ok: { 200: spec.Department } },
  { method: "PATCH", pattern: "/departments/{id}", query: spec.NoQuery, body: spec.DepartmentBody, ok: { 200: spec.Department } },
  { method: "GET", pattern: "/locations", query: spec.ListLocationsQuery, body: spec.NoBody, ok: { 200: spec.LocationPage } },
  { method: "POST", pattern: "/locations", query: spec.NoQuery, body: spec.LocationBody, ok: { 201: spec.Location } },
  { method: "GET", pattern: "/locations/{id}", query: spec.NoQuery, body: spec.NoBody, ok: { 200: spec.Location } },
  { method: "PATCH", pattern: "/locations/{id}", query: spec.NoQuery, body: spec.LocationBody, ok: { 200: spec.Location } },
];

function routeOf(exchange: Exchange): RouteContract {
  const segments = exchange.path.split("/");
  const route = ROUTES.find((r) => {
    if (r.method !== exchange.method) return false;
    const want = r.pattern.split("/");
    return want.length === segments.length && want.every((w, i) => w === "{id}" || w === segments[i]);
  });
  assert.ok(route, `the client used a route without a contract: ${exchange.method} ${exchange.path}`);
  return route;
}

function check(schema: z.ZodType, value: unknown, what: string): void {
  const result = schema.safeParse(value);
  assert.ok(result.success, `${what} breaks the spec: ${result.success ? "" : result.error.message}\n${JSON.stringify(value)}`);
}

function requestOf(exchange: Exchange, route: RouteContract): unknown {
  if (exchange.requestBody === "") return undefined;
  if (route.form) {
    assert.equal(exchange.requestContentType, "application/x-www-form-urlencoded");
    return Object.fromEntries(new URLSearchParams(exchange.requestBody));
  }
  assert.equal(exchange.requestContentType, "application/json");
  return JSON.parse(exchange.requestBody) as unknown;
}

function responseOf(exchange: Exchange): unknown {
  return exchange.status === 204 ? exchange.responseBody : (JSON.parse(exchange.responseBody) as unknown);
}

/** Every combination of the patch fields, each in each of its states (absent, a value, null where Ramp takes it). */
function everyPatch(values: { [K in keyof UserPatch]-?: Array<UserPatch[K]> }): UserPatch[] {
  let patches: UserPatch[] = [{}];
  for (const [key, options] of Object.entries(values) as Array<[keyof UserPatch, unknown[]]>) {
    patches = patches.flatMap((patch) => [patch, ...options.map((value) => ({ ...patch, [key]: value }))]);
  }
  return patches.filter((patch) => Object.keys(patch).length > 0);
}

describe("contract: the client's requests and the simulator's answers against Ramp's spec", () => {
  let sim: RunningSimulator;
  let proxy: RecordingProxy;
  let client: RampClient;

  before(async () => {
    sim = await startSimulator({ clientId: "contract-id", clientSecret: "contract-secret", taskDelayMs: 5, rateLimit: false });
    proxy = await startRecordingProxy(sim.baseUrl);
    client = new RampClient({
      baseUrl: proxy.baseUrl,
      clientId: "contract-id",
      clientSecret: "contract-secret",
      deferredTask: { pollIntervalMs: 5, timeoutMs: 5_000 },
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 },
      // Over a thousand requests against a simulator without a limit: the client's own limiter would take a minute.
      rateLimit: { requests: 100_000, windowMs: 1_000 },
    });
  });
  after(async () => {
    await client?.close();
    await proxy?.close();
    await sim?.close();
  });

  it("every request body and query validates, every answer validates, and every route is covered", async function () {
    this.timeout(60_000);
    // Departments and locations: create, rename, get, list (with and without an entity).
    const dept = await client.createDepartment("Engineering");
    const dept2 = await client.createDepartment("Finance");
    await client.renameDepartment(dept2.id, "Finance & Ops");
    await client.getDepartment(dept.id);
    await client.listDepartments();
    const entityId = sim.admin.locations()[0]?.entity_id ?? (await client.createLocation({ name: "Seed" })).entityId;
    const loc = await client.createLocation({ name: "Paris", ...(entityId ? { entityId } : {}) });
    const loc2 = await client.createLocation({ name: "Berlin" });
    await client.renameLocation(loc2.id, "Berlin Mitte");
    await client.getLocation(loc.id);
    await client.listLocations();

    // Invites: minimal, with every optional field, with a date or an explicit null, a guest without a date.
    const boss = await client.inviteUser({ email: "boss@example.com", firstName: "Bo", lastName: "Ss", role: "BUSINESS_USER" }, { idempotencyKey: "k-boss" });
    const full = await client.inviteUser(
      {
        email: "full@example.com",
        firstName: "F".repeat(255),
        lastName: "Ull",
        role: "BUSINESS_BOOKKEEPER",
        departmentId: dept.id,
        locationId: loc.id,
        managerId: boss.userId,
        isManager: true,
        employeeId: "E-1",
        scheduledDeactivationDate: "2027-03-31",
      },
      { idempotencyKey: "k-full" },
    );
    await client.inviteUser({ email: "guest@example.com", firstName: "G", lastName: "Uest", role: "GUEST_USER", scheduledDeactivationDate: null }, { idempotencyKey: "k-guest" });
    await client.inviteUser({ email: "temp@example.com", firstName: "T", lastName: "Emp", role: "GUEST_USER" }, { idempotencyKey: "k-temp" });
    for (const role of spec.ROLES.filter((r) => r !== "BUSINESS_OWNER" && r !== "GUEST_USER" && r !== "BUSINESS_USER")) {
      await client.inviteUser({ email: `${role.toLowerCase()}@example.com`, firstName: "R", lastName: role, role }, { idempotencyKey: `k-${role}` });
    }

    // Every PATCH combination the client can send (manager and date also null), to a user that accepts all of them.
    const patches = everyPatch({
      firstName: ["Grace"],
      lastName: ["Hopper"],
      role: ["BUSINESS_BOOKKEEPER"],
      departmentId: [dept2.id],
      locationId: [loc2.id],
      managerId: [boss.userId, null],
      isManager: [false],
      employeeId: ["E-2"],
      scheduledDeactivationDate: ["2027-06-30", null],
    });
    assert.equal(patches.length, 2 ** 7 * 3 * 3 - 1);
    for (const patch of patches) await client.updateUser(full.userId, patch);

    // Lifecycle and reads.
    await client.deactivateUser(full.userId);
    await client.reactivateUser(full.userId);
    sim.admin.addUser({ email: "suspended@example.com", status: "USER_SUSPENDED" });
    await client.listUsers();
    await client.listUsers({ role: "BUSINESS_USER", departmentId: dept.id, locationId: loc.id, employeeId: "E-2", status: "USER_ACTIVE" });
    await client.listAllUsers();
    assert.equal((await client.fetchUserByEmail("suspended@example.com"))?.status, "USER_SUSPENDED");
    await client.fetchUserByEmail("nobody@example.com");
    await client.getUser(full.userId);

    // Drafts and their invitations (beta): scheduled, moved, cancelled, scheduled again, sent now; read back.
    sim.admin.setBusinessDate("2026-12-01");
    const draft = await client.inviteUser({ email: "joiner@example.com", firstName: "J", lastName: "Oiner", role: "BUSINESS_USER", isDraft: true }, { idempotencyKey: "k-draft" });
    await client.inviteAction(draft.userId, { action: "SCHEDULE", date: "2027-01-04" });
    await client.inviteAction(draft.userId, { action: "SCHEDULE", date: "2027-01-11" });
    assert.equal((await client.getUser(draft.userId)).scheduledInvitationDate, "2027-01-11");
    await client.inviteAction(draft.userId, { action: "DESCHEDULE" });
    await client.inviteAction(draft.userId, { action: "DESCHEDULE" });
    await client.inviteAction(draft.userId, { action: "SCHEDULE", date: "2027-01-04" });
    await client.inviteAction(draft.userId, { action: "SEND_NOW" });
    const sent = await client.getUser(draft.userId);
    assert.deepEqual([sent.status, sent.scheduledInvitationDate], ["INVITE_PENDING", null]);
    sim.admin.setBusinessDate(null);

    // Refusals still answer with Ramp's error body.
    await assert.rejects(client.inviteAction(draft.userId, { action: "SEND_NOW" }), /only a draft/i); // no longer a draft: never twice
    sim.admin.refuseDrafts(true);
    await assert.rejects(
      client.inviteUser({ email: "beta@example.com", firstName: "B", lastName: "Eta", role: "BUSINESS_USER", isDraft: true }, { idempotencyKey: "k-beta" }),
      (err: Error) => err.name === "RampBetaRefusedError",
    );
    await assert.rejects(client.inviteAction(draft.userId, { action: "DESCHEDULE" }), (err: Error) => err.name === "RampBetaRefusedError");
    sim.admin.refuseDrafts(false);
    await assert.rejects(client.getUser("0b7e7c0e-0000-4000-8000-000000000000"));
    await assert.rejects(client.updateUser(full.userId, { departmentId: "0b7e7c0e-0000-4000-8000-000000000000" }));
    await assert.rejects(client.inviteUser({ email: "adm@example.com", firstName: "A", lastName: "D", role: "BUSINESS_ADMIN", scheduledDeactivationDate: "2027-01-01" }, { idempotencyKey: "k-adm" }));

    const covered = new Set<string>();
    let errors = 0;
    for (const exchange of proxy.exchanges) {
      const route = routeOf(exchange);
      const name = `${route.method} ${route.pattern}`;
      covered.add(name);
      check(route.query, Object.fromEntries(exchange.query), `the query of ${name}`);
      check(route.body, requestOf(exchange, route), `the request body of ${name}`);
      const ok = route.ok[exchange.status];
      if (ok) {
        check(ok, responseOf(exchange), `the ${exchange.status} answer of ${name}`);
      } else {
        assert.ok(exchange.status >= 400 && exchange.status < 500, `${name} answered ${exchange.status}`);
        check(route.form ? spec.OAuthError : spec.ErrorResponse, responseOf(exchange), `the ${exchange.status} answer of ${name}`);
        errors++;
      }
    }
    assert.deepEqual([...covered].sort(), ROUTES.map((r) => `${r.method} ${r.pattern}`).sort(), "every route the client uses was exercised");
    assert.equal(errors, 6, "the six refusals above, and no other error");
    assert.ok(proxy.exchanges.filter((e) => e.method === "PATCH" && /^\/users\/[^/]+$/.test(e.path)).length >= patches.length);
  });
});
