// The HTTP admin API: the in-process SimulatorAdmin over JSON, under /_admin, no auth, never logged, never
// rate-limited and never faulted. It is the simulator's own API, not Ramp's.
//
// | method | path                                   | body                                  | answer                  |
// |--------|----------------------------------------|---------------------------------------|-------------------------|
// | GET    | /_admin/users                          |                                       | 200 WireUser[]          |
// | POST   | /_admin/users                          | user (wire names, `email` required)   | 201 WireUser            |
// | POST   | /_admin/users/seed                     | {n, template?}                        | 201 WireUser[]          |
// | PATCH  | /_admin/users/{idOrEmail}              | patch (wire names, any status)        | 200 WireUser            |
// | DELETE | /_admin/users/{idOrEmail}              |                                       | 204                     |
// | POST   | /_admin/users/{idOrEmail}/accept-invite|                                       | 200 WireUser            |
// | POST   | /_admin/users/{idOrEmail}/expire-invite|                                       | 200 WireUser            |
// | GET    | /_admin/departments                    |                                       | 200 WireDepartment[]    |
// | POST   | /_admin/departments                    | {name}                                | 201 WireDepartment      |
// | GET    | /_admin/locations                      |                                       | 200 WireLocation[]      |
// | POST   | /_admin/locations                      | {name, entity_id?}                    | 201 WireLocation        |
// | GET    | /_admin/faults                         |                                       | 200 Fault[] (armed)     |
// | POST   | /_admin/faults                         | Fault or Fault[]                      | 201 Fault[] (armed)     |
// | DELETE | /_admin/faults                         |                                       | 204                     |
// | GET    | /_admin/requests                       |                                       | 200 RequestLogEntry[]   |
// | GET    | /_admin/requests/counts                |                                       | 200 {route: count}      |
// | DELETE | /_admin/requests                       |                                       | 204                     |
// | POST   | /_admin/tokens/expire                  |                                       | 204                     |
// | POST   | /_admin/clients/{id}/rotate-secret     | {secret?} (default: a random one)     | 200 {client_id, client_secret} |
// | POST   | /_admin/reset                          |                                       | 204                     |
// | PUT    | /_admin/task-delay                     | {ms}                                  | 204                     |
// | PUT    | /_admin/rate-limit                     | {requests, windowMs} or false         | 204                     |
// | PUT    | /_admin/scopes                         | {scopes: [...], client_id?}           | 204                     |
// | POST   | /_admin/apps                           | {client_id, client_secret, scopes}    | 201                     |
// | PUT    | /_admin/business-date                  | {date: "YYYY-MM-DD"} or {date: null}  | 204                     |
//
// `{idOrEmail}` is URL-encoded. Errors: `{"error": "<message>"}` with 400 (invalid body), 404 (no such user or
// route), 405 (wrong method) or 409 (state conflict, e.g. duplicate email or no invite to accept).
import { z } from "zod";
import type { SimulatorAdmin } from "./admin.js";
import { SimulatorAdminError } from "./errors.js";
import { json, type Reply, type RequestContext } from "./http-util.js";
import type { Route } from "./router.js";
import type { StoredUserPatch } from "./types.js";

const record = z.record(z.string(), z.unknown());
const userSchema = z.looseObject({ email: z.string().min(1) });
const seedSchema = z.object({ n: z.number().int().min(0).max(100_000), template: record.optional() });
const nameSchema = z.object({ name: z.string().min(1), entity_id: z.string().min(1).optional() });
const rotateSchema = z.object({ secret: z.string().min(1).optional() }).optional();
const delaySchema = z.object({ ms: z.number().nonnegative() });
const rateLimitSchema = z.union([
  z.literal(false),
  z.object({ requests: z.number().int().positive(), windowMs: z.number().positive() }),
]);

const scopeList = z.array(z.string().regex(/^\S+$/));
const scopesSchema = z.object({ scopes: scopeList, client_id: z.string().min(1).optional() });
const appSchema = z.object({ client_id: z.string().min(1), client_secret: z.string().min(1), scopes: scopeList });
const dateSchema = z.object({ date: z.string().nullable() });

const noContent: Reply = { status: 204 };

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new SimulatorAdminError(400, z.prettifyError(result.error));
  return result.data;
}

export function adminRoutes(admin: SimulatorAdmin): Route[] {
  const route = (method: string, pattern: string, handler: (ctx: RequestContext) => Reply | Promise<Reply>): Route => ({
    method,
    pattern,
    scope: null,
    handler,
  });
  const who = (ctx: RequestContext): string => ctx.params.idOrEmail ?? "";
  return [
    route("GET", "/users", () => json(200, admin.users())),
    route("POST", "/users", async (ctx) => {
      const user = parse(userSchema, await ctx.json()) as StoredUserPatch & { email: string };
      return json(201, admin.addUser(user));
    }),
    route("POST", "/users/seed", async (ctx) => {
      const { n, template } = parse(seedSchema, await ctx.json());
      return json(201, admin.seedUsers(n, template as StoredUserPatch | undefined));
    }),
    route("PATCH", "/users/{idOrEmail}", async (ctx) =>
      json(200, admin.updateUser(who(ctx), parse(record, await ctx.json()) as StoredUserPatch)),
    ),
    route("DELETE", "/users/{idOrEmail}", (ctx) => {
      admin.deleteUser(who(ctx));
      return noContent;
    }),
    route("POST", "/users/{idOrEmail}/accept-invite", (ctx) => json(200, admin.acceptInvite(who(ctx)))),
    route("POST", "/users/{idOrEmail}/expire-invite", (ctx) => json(200, admin.expireInvite(who(ctx)))),
    route("GET", "/departments", () => json(200, admin.departments())),
    route("POST", "/departments", async (ctx) =>
      json(201, admin.addDepartment(parse(nameSchema, await ctx.json()).name)),
    ),
    route("GET", "/locations", () => json(200, admin.locations())),
    route("POST", "/locations", async (ctx) => {
      const { name, entity_id } = parse(nameSchema, await ctx.json());
      return json(201, admin.addLocation(name, entity_id));
    }),
    route("GET", "/faults", () => json(200, admin.faults())),
    route("POST", "/faults", async (ctx) => {
      admin.injectFault(parse(z.unknown(), await ctx.json()) as Parameters<SimulatorAdmin["injectFault"]>[0]);
      return json(201, admin.faults());
    }),
    route("DELETE", "/faults", () => {
      admin.clearFaults();
      return noContent;
    }),
    route("GET", "/requests", () => json(200, admin.requestLog())),
    route("GET", "/requests/counts", () => json(200, admin.requestCounts())),
    route("DELETE", "/requests", () => {
      admin.resetRequestLog();
      return noContent;
    }),
    route("POST", "/tokens/expire", () => {
      admin.expireTokens();
      return noContent;
    }),
    route("POST", "/clients/{id}/rotate-secret", async (ctx) => {
      const clientId = ctx.params.id ?? "";
      const secret = parse(rotateSchema, await ctx.json())?.secret;
      return json(200, { client_id: clientId, client_secret: admin.rotateClientSecret(clientId, secret) });
    }),
    route("POST", "/reset", () => {
      admin.reset();
      return noContent;
    }),
    route("PUT", "/task-delay", async (ctx) => {
      admin.setTaskDelay(parse(delaySchema, await ctx.json()).ms);
      return noContent;
    }),
    route("PUT", "/rate-limit", async (ctx) => {
      admin.setRateLimit(parse(rateLimitSchema, await ctx.json()));
      return noContent;
    }),
    route("PUT", "/scopes", async (ctx) => {
      const { scopes, client_id } = parse(scopesSchema, await ctx.json());
      admin.setGrantedScopes(scopes, client_id);
      return noContent;
    }),
    route("POST", "/apps", async (ctx) => {
      const app = parse(appSchema, await ctx.json());
      admin.addApp({ clientId: app.client_id, clientSecret: app.client_secret, grantedScopes: app.scopes });
      return { status: 201 };
    }),
    route("PUT", "/drafts-refused", async (ctx) => {
      admin.refuseDrafts(parse(z.object({ refused: z.boolean() }), await ctx.json()).refused);
      return noContent;
    }),
    route("GET", "/invitations-sent", () => json(200, admin.invitationsSent())),
    route("PUT", "/business-date", async (ctx) => {
      admin.setBusinessDate(parse(dateSchema, await ctx.json()).date);
      return noContent;
    }),
  ];
}
