// The Ramp API client: users, deferred invites, departments and locations, on top of the request pipeline.
import { isCalendarDate } from "../calendar-date.js";
import { emailKey, MAX_IDEMPOTENCY_KEY_LENGTH, STATUSES_OUTSIDE_DEFAULT_LISTING } from "../ramp-facts.js";
import { setMaxListeners } from "node:events";
import { inspect } from "node:util";
import type { z } from "zod";
import { basicAuthorization, grantedScopesOf, ScopedTokens, tokenRequestBody, TokenManager, type TokenGrant } from "./auth.js";
import { FirstPollDelay, pollUntil, waitForTask } from "./deferred-task.js";
import {
  RampApiError,
  RampAuthError,
  RampBetaRefusedError,
  RampConfigError,
  RampInviteUnconfirmedError,
  RampNetworkError,
  RampResponseError,
  RampUnsupportedChangeError,
} from "./errors.js";
import { paginate, PAGE_SIZE, type Page, type PageRequest } from "./pagination.js";
import { apiPath, assertId } from "./paths.js";
import { RateLimiter } from "./rate-limiter.js";
import { redactDeep, registerSecret } from "./redact.js";
import { closedError, createPipeline, type ApiRequest, type ApiResponse, type RequestContext, type RequestSender } from "./request.js";
import { backoffDelay, DEFAULT_RETRY, sleep, type RetryOptions } from "./retry.js";
import {
  CreatedWire,
  DeferredCreatedWire,
  DeferredTaskWire,
  DepartmentWire,
  issuesOf,
  LocationWire,
  pageOf,
  parseErrorBody,
  toDeferredTask,
  toDepartment,
  toLocation,
  TokenWire,
  toUser,
  UserWire,
} from "./schemas.js";
import { parseBaseUrl, Transport, type HttpResponse } from "./transport.js";
import type {
  ClientEvent,
  DeferredTask,
  InvitationAction,
  NewUser,
  RampClientOptions,
  RampDepartmentRecord,
  RampLocationRecord,
  RampUserRecord,
  UserFilter,
  UserPatch,
} from "./types.js";

export const DEFAULT_RATE_LIMIT = { requests: 200, windowMs: 10_000 } as const;
export const DEFAULT_DEADLINE_MS = 120_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 65_000;
export const DEFAULT_TASK_POLL = { pollIntervalMs: 500, timeoutMs: 60_000 } as const;

/** Ramp's answer to a reused idempotency key. */
export const IDEMPOTENCY_KEY_REUSED = "DEVELOPER_7005";

/** The scope each kind of call needs (Ramp's spec; the deferred-task status needs `users:write`). */
const SCOPE = {
  usersRead: "users:read",
  usersWrite: "users:write",
  departmentsRead: "departments:read",
  departmentsWrite: "departments:write",
  locationsRead: "locations:read",
  locationsWrite: "locations:write",
} as const;

const USER_FILTER_PARAMS: Record<keyof UserFilter, string> = {
  email: "email",
  employeeId: "employee_id",
  role: "role",
  departmentId: "department_id",
  locationId: "location_id",
  status: "status",
};

const USER_PATCH_FIELDS: Record<keyof UserPatch, string> = {
  firstName: "first_name",
  lastName: "last_name",
  role: "role",
  departmentId: "department_id",
  locationId: "location_id",
  managerId: "direct_manager_id",
  isManager: "is_manager",
  employeeId: "employee_id",
  scheduledDeactivationDate: "scheduled_deactivation_date",
};

/** PATCH fields Ramp's spec lets be null (everything else is a non-null string, boolean or enum). */
const NULLABLE_PATCH_FIELDS = new Set<keyof UserPatch>(["managerId", "scheduledDeactivationDate"]);

/** PATCH fields the spec requires to be at least one character long. */
const NON_EMPTY_PATCH_FIELDS = new Set<keyof UserPatch>(["firstName", "lastName", "employeeId", "departmentId", "locationId", "managerId"]);

function positive(name: string, value: number | undefined, fallback: number, { integer = false, allowZero = false } = {}): number {
  if (value === undefined) return fallback;
  const ok = Number.isFinite(value) && (allowZero ? value >= 0 : value > 0) && (!integer || Number.isInteger(value));
  if (!ok) throw new RampConfigError(`${name} must be a ${integer ? "positive integer" : allowZero ? "non-negative number" : "positive number"}`);
  return value;
}

function requiredString(name: string, value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") throw new RampConfigError(`${name} is required`);
  return value;
}

export class RampClient {
  private readonly origin: URL;
  private readonly transport: Transport;
  private readonly limiter: RateLimiter;
  private readonly tokens: ScopedTokens;
  private readonly ctx: RequestContext;
  private readonly send: RequestSender;
  /** The scopes the app was granted, when the caller said so. */
  private readonly grantedScopes: ReadonlySet<string> | undefined;
  private readonly taskPoll: { pollIntervalMs: number; timeoutMs: number };
  /** Learned across this client's invites: see FirstPollDelay. */
  private readonly firstTaskPoll: FirstPollDelay;
  private readonly retry: RetryOptions;
  private readonly closer = new AbortController();
  private closed = false;

  constructor(options: RampClientOptions) {
    const clientId = requiredString("clientId", options?.clientId);
    const clientSecret = requiredString("clientSecret", options?.clientSecret);
    registerSecret(clientSecret);
    const basic = basicAuthorization(clientId, clientSecret);

    this.origin = parseBaseUrl(options.baseUrl);
    if (options.scopes !== undefined) {
      if (!Array.isArray(options.scopes) || options.scopes.some((s) => typeof s !== "string" || !/^[\x21-\x7e]+$/.test(s))) {
        throw new RampConfigError("scopes must be non-empty strings without spaces");
      }
      this.grantedScopes = new Set(options.scopes);
    }
    const rateLimit = {
      requests: positive("rateLimit.requests", options.rateLimit?.requests, DEFAULT_RATE_LIMIT.requests, { integer: true }),
      windowMs: positive("rateLimit.windowMs", options.rateLimit?.windowMs, DEFAULT_RATE_LIMIT.windowMs),
    };
    this.retry = {
      maxAttempts: positive("retry.maxAttempts", options.retry?.maxAttempts, DEFAULT_RETRY.maxAttempts, { integer: true }),
      baseDelayMs: positive("retry.baseDelayMs", options.retry?.baseDelayMs, DEFAULT_RETRY.baseDelayMs, { allowZero: true }),
      maxDelayMs: positive("retry.maxDelayMs", options.retry?.maxDelayMs, DEFAULT_RETRY.maxDelayMs, { allowZero: true }),
    };
    this.taskPoll = {
      pollIntervalMs: positive("deferredTask.pollIntervalMs", options.deferredTask?.pollIntervalMs, DEFAULT_TASK_POLL.pollIntervalMs),
      timeoutMs: positive("deferredTask.timeoutMs", options.deferredTask?.timeoutMs, DEFAULT_TASK_POLL.timeoutMs),
    };
    // From the poll interval (default 500 ms): the first poll between 100 ms and 10 s (Ramp: "most tasks finish within
    // 5 s"; room above that, so that tasks taking 4 or 5 s do not keep the learned delay pinned against its bound).
    const interval = this.taskPoll.pollIntervalMs;
    this.firstTaskPoll = new FirstPollDelay(interval, interval / 5, interval * 20);
    // Every call in flight listens to the close signal: many listeners are expected, not a leak.
    setMaxListeners(0, this.closer.signal);
    const onEvent = options.onEvent;
    const emit = (event: ClientEvent): void => {
      if (!onEvent) return;
      try {
        onEvent(redactDeep(event));
      } catch {
        // A logging callback must not break a call.
      }
    };

    this.transport = new Transport(this.origin, {
      userAgent: options.userAgent ?? `pulumi-ramp-roster (node ${process.version})`,
    });
    this.limiter = new RateLimiter(rateLimit);
    this.tokens = new ScopedTokens(
      (scope) =>
        new TokenManager({
          fetchToken: () => this.fetchToken(basic, scope),
          onIssued: (grant) => emit({ type: "token", action: "issued", scope, expiresInSeconds: grant.expiresInSeconds }),
          onInvalidated: () => emit({ type: "token", action: "invalidated", scope }),
        }),
    );
    this.ctx = {
      transport: this.transport,
      limiter: this.limiter,
      tokens: this.tokens,
      ...(this.grantedScopes && { grantedScopes: this.grantedScopes }),
      retry: this.retry,
      deadlineMs: positive("deadlineMs", options.deadlineMs, DEFAULT_DEADLINE_MS),
      requestTimeoutMs: positive("requestTimeoutMs", options.requestTimeoutMs, DEFAULT_REQUEST_TIMEOUT_MS),
      emit,
      signal: this.closer.signal,
    };
    this.send = createPipeline(this.ctx);
  }

  // ---- users ----------------------------------------------------------------------------------------------------

  /**
   * Every user matching `filter`, page by page (page_size 100). Without a `status` filter Ramp leaves suspended users
   * out: `listAllUsers` lists everyone.
   */
  async *listUsersPages(filter: UserFilter = {}): AsyncGenerator<RampUserRecord[], void, undefined> {
    const query = new URLSearchParams({ page_size: String(PAGE_SIZE) });
    for (const [key, param] of Object.entries(USER_FILTER_PARAMS) as Array<[keyof UserFilter, string]>) {
      const value = filter[key];
      if (value !== undefined && value !== null) query.set(param, String(value));
    }
    yield* this.pages(apiPath("users"), query, UserWire, toUser, { scope: SCOPE.usersRead, operation: "list users" });
  }

  /** Every user matching `filter` (all pages at page_size 100), as Ramp's listing gives them: no suspended users. */
  async listUsers(filter: UserFilter = {}): Promise<RampUserRecord[]> {
    const all: RampUserRecord[] = [];
    for await (const page of this.listUsersPages(filter)) all.push(...page);
    return all;
  }

  /**
   * Every user the roster might need, each once: the default listing plus, with the `status` filter, the statuses it
   * leaves out (suspended, and drafts in case). A Ramp that refuses a status filter (400/422, an older API) is
   * reported as an event and that status skipped: its users cannot be listed anyway.
   */
  async listAllUsers(filter: Omit<UserFilter, "status"> = {}): Promise<RampUserRecord[]> {
    const byId = new Map<string, RampUserRecord>();
    const add = (users: RampUserRecord[]): void => {
      for (const user of users) if (!byId.has(user.id)) byId.set(user.id, user);
    };
    add(await this.listUsers(filter));
    for (const status of STATUSES_OUTSIDE_DEFAULT_LISTING) {
      try {
        add(await this.listUsers({ ...filter, status }));
      } catch (err) {
        if (!(err instanceof RampApiError && (err.status === 400 || err.status === 422))) throw err;
        this.ctx.emit({ type: "status_filter_refused", status, httpStatus: err.status });
      }
    }
    return [...byId.values()];
  }

  /**
   * One user. An unknown id → RampApiError with `isNotFound(err)` true, whether Ramp answers 400 UserInvalidInput
   * (as its spec documents for this call) or 404.
   */
  async getUser(id: string): Promise<RampUserRecord> {
    const req: ApiRequest = {
      ...this.get(apiPath("users", { id, kind: "user id" }), SCOPE.usersRead),
      operation: "get user",
      subject: id,
      notFoundStatuses: [400, 404],
    };
    return toUser(this.parse(UserWire, await this.call(req), req));
  }

  /**
   * The user with this email (compared case-insensitively), if any, in any status: the email-filtered listing, then
   * the statuses it leaves out (a suspended user is found too).
   */
  async fetchUserByEmail(email: string): Promise<RampUserRecord | undefined> {
    const wanted = emailKey(requiredEmail(email));
    const match = (users: RampUserRecord[]): RampUserRecord | undefined => users.find((u) => emailKey(u.email) === wanted);
    const found = match(await this.listUsers({ email: email.trim() }));
    if (found) return found;
    for (const status of STATUSES_OUTSIDE_DEFAULT_LISTING) {
      try {
        const hidden = match(await this.listUsers({ email: email.trim(), status }));
        if (hidden) return hidden;
      } catch (err) {
        if (!(err instanceof RampApiError && (err.status === 400 || err.status === 422))) throw err;
        this.ctx.emit({ type: "status_filter_refused", status, httpStatus: err.status });
      }
    }
    return undefined;
  }

  /**
   * Invites a user: `POST /users/deferred` with the caller's idempotency key (retries reuse it, so Ramp cannot invite
   * twice), then follows the deferred task to the new user id. If Ramp reports the key as already used
   * (DEVELOPER_7005: an earlier attempt landed), nothing is posted again: the user is looked up by email instead and
   * returned with `taskId: null`.
   */
  async inviteUser(user: NewUser, options: { idempotencyKey: string }): Promise<{ userId: string; taskId: string | null }> {
    const idempotencyKey = options?.idempotencyKey;
    if (typeof idempotencyKey !== "string" || idempotencyKey.trim() === "" || idempotencyKey.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
      throw new RampConfigError(`inviteUser needs an idempotencyKey (1-${MAX_IDEMPOTENCY_KEY_LENGTH} characters)`);
    }
    const email = requiredEmail(user.email);
    const body: Record<string, unknown> = {
      email,
      first_name: user.firstName,
      last_name: user.lastName,
      role: user.role,
      idempotency_key: idempotencyKey,
    };
    if (user.departmentId !== undefined) body.department_id = user.departmentId;
    if (user.locationId !== undefined) body.location_id = user.locationId;
    if (user.managerId !== undefined) body.direct_manager_id = user.managerId;
    if (user.isManager !== undefined) body.is_manager = user.isManager;
    if (user.employeeId !== undefined) body.employee_id = user.employeeId;
    if (user.isDraft === true) body.is_draft = true;
    if (user.scheduledDeactivationDate !== undefined) {
      checkDate(user.scheduledDeactivationDate, "invite user", email);
      // null is sent as null: it keeps Ramp from scheduling a guest's deactivation six months out.
      body.scheduled_deactivation_date = user.scheduledDeactivationDate;
    }

    const req: ApiRequest = {
      method: "POST",
      path: apiPath("users", "deferred"),
      json: body,
      auth: { scope: SCOPE.usersWrite },
      operation: "invite user",
      subject: email,
      idempotent: true,
      response: "json",
    };
    let taskId: string;
    try {
      taskId = this.parse(DeferredCreatedWire, await this.call(req), req).id;
    } catch (err) {
      if (err instanceof RampApiError && err.status === 400 && err.errorCode === IDEMPOTENCY_KEY_REUSED) {
        return { userId: await this.recoverInvite(email, idempotencyKey, err), taskId: null };
      }
      if (user.isDraft === true && isBetaRefusal(err, "is_draft")) throw betaRefused(err, "draft users", "create draft user", email);
      throw err;
    }
    assertId(taskId, "task id");
    const poll = { ...this.taskPoll, firstPoll: this.firstTaskPoll, signal: this.closer.signal };
    const userId = await waitForTask(taskId, (id) => this.getDeferredTask(id), poll, this.ctx.emit);
    return { userId, taskId };
  }

  /** An earlier attempt with this key probably created the invite: find the user by email (bounded polling). */
  private async recoverInvite(email: string, idempotencyKey: string, cause: RampApiError): Promise<string> {
    this.ctx.emit({ type: "invite_recovery", action: "idempotency_key_reused" });
    const { value, waitedMs } = await pollUntil(() => this.fetchUserByEmail(email), { ...this.taskPoll, signal: this.closer.signal });
    if (value) {
      this.ctx.emit({ type: "invite_recovery", action: "found_by_email", waitedMs });
      return value.id;
    }
    this.ctx.emit({ type: "invite_recovery", action: "not_found", waitedMs });
    throw new RampInviteUnconfirmedError({ email, idempotencyKey, waitedMs }, { cause });
  }

  /** `GET /users/deferred/status/{taskId}` (Ramp's spec: scope `users:write`). */
  async getDeferredTask(taskId: string): Promise<DeferredTask> {
    const req: ApiRequest = {
      ...this.get(apiPath("users", "deferred", "status", { id: taskId, kind: "task id" }), SCOPE.usersWrite),
      operation: "check the invite task",
      subject: taskId,
    };
    return toDeferredTask(taskId, this.parse(DeferredTaskWire, await this.call(req), req));
  }

  /**
   * Sends only the keys present in `patch` (`managerId` as `direct_manager_id`). null clears the manager or the
   * scheduled deactivation date; Ramp's API cannot clear anything else, so a null (or an empty string) there is
   * refused with RampUnsupportedChangeError before anything is sent. An empty patch sends nothing.
   */
  async updateUser(id: string, patch: UserPatch): Promise<void> {
    const path = apiPath("users", { id, kind: "user id" });
    const body: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(USER_PATCH_FIELDS) as Array<[keyof UserPatch, string]>) {
      if (!patch || !Object.prototype.hasOwnProperty.call(patch, key) || patch[key] === undefined) continue;
      const value = patch[key];
      if (value === null && !NULLABLE_PATCH_FIELDS.has(key)) {
        throw new RampUnsupportedChangeError({
          field: key,
          operation: "update user",
          subject: id,
          reason: `Ramp's API cannot clear ${field} (PATCH /users/{id} takes null only for direct_manager_id and scheduled_deactivation_date)`,
        });
      }
      if (value === "" && NON_EMPTY_PATCH_FIELDS.has(key)) {
        throw new RampUnsupportedChangeError({ field: key, operation: "update user", subject: id, reason: `${field} cannot be empty` });
      }
      if (key === "scheduledDeactivationDate") checkDate(value as string | null, "update user", id);
      body[field] = value;
    }
    if (Object.keys(body).length === 0) return;
    await this.call({
      method: "PATCH",
      path,
      json: body,
      auth: { scope: SCOPE.usersWrite },
      operation: "update user",
      subject: id,
      idempotent: true,
      response: "ignore",
    });
  }

  /** `PATCH /users/{id}/deactivate` (idempotent, reversible). A refusal names the call, the user, Ramp's answer and trace id. */
  async deactivateUser(id: string): Promise<void> {
    await this.call({
      method: "PATCH",
      path: apiPath("users", { id, kind: "user id" }, "deactivate"),
      auth: { scope: SCOPE.usersWrite },
      operation: "deactivate user",
      subject: id,
      idempotent: true,
      response: "ignore",
    });
  }

  /**
   * `POST /users/{id}/invite` (beta): schedules a draft user's invite for a day (`YYYY-MM-DD`; sent as that day's
   * 00:00 UTC), sends it now, or cancels the scheduled one. Ramp takes SCHEDULE and SEND_NOW only for a draft.
   * A business without the beta gets RampBetaRefusedError.
   */
  async inviteAction(id: string, invitation: InvitationAction): Promise<void> {
    const body: Record<string, unknown> = { action: invitation.action };
    if (invitation.action === "SCHEDULE") {
      if (!isCalendarDate(invitation.date)) {
        throw new RampUnsupportedChangeError({
          field: "scheduledInvitationDate",
          operation: "schedule the invite of",
          subject: id,
          reason: `the day must be written YYYY-MM-DD, got ${JSON.stringify(invitation.date)}`,
        });
      }
      body.invitation_time = `${invitation.date}T00:00:00Z`;
    }
    const operation = INVITATION_OPERATION[invitation.action];
    try {
      await this.call({
        method: "POST",
        path: apiPath("users", { id, kind: "user id" }, "invite"),
        json: body,
        auth: { scope: SCOPE.usersWrite },
        operation,
        subject: id,
        // SCHEDULE and DESCHEDULE set a state; SEND_NOW of a user no longer a draft is refused, never sent twice.
        idempotent: true,
        response: "ignore",
      });
    } catch (err) {
      if (isBetaRefusal(err)) throw betaRefused(err, "scheduled invitations", operation, id);
      throw err;
    }
  }

  /** `PATCH /users/{id}/reactivate`. */
  async reactivateUser(id: string): Promise<void> {
    await this.call({
      method: "PATCH",
      path: apiPath("users", { id, kind: "user id" }, "reactivate"),
      auth: { scope: SCOPE.usersWrite },
      operation: "reactivate user",
      subject: id,
      idempotent: true,
      response: "ignore",
    });
  }

  // ---- departments ----------------------------------------------------------------------------------------------

  async listDepartments(): Promise<RampDepartmentRecord[]> {
    const all: RampDepartmentRecord[] = [];
    const query = new URLSearchParams({ page_size: String(PAGE_SIZE) });
    for await (const page of this.pages(apiPath("departments"), query, DepartmentWire, toDepartment, { scope: SCOPE.departmentsRead, operation: "list departments" })) {
      all.push(...page);
    }
    return all;
  }

  async getDepartment(id: string): Promise<RampDepartmentRecord> {
    const req: ApiRequest = { ...this.get(apiPath("departments", { id, kind: "department id" }), SCOPE.departmentsRead), operation: "get department", subject: id };
    return toDepartment(this.parse(DepartmentWire, await this.call(req), req));
  }

  /**
   * `POST /departments`. Ramp has no idempotency key here, so after an ambiguous failure (connection lost after
   * sending, 5xx, unreadable answer) the client looks for a department of that name before posting again.
   */
  async createDepartment(name: string): Promise<RampDepartmentRecord> {
    const req: ApiRequest = {
      method: "POST",
      path: apiPath("departments"),
      json: { name },
      auth: { scope: SCOPE.departmentsWrite },
      operation: "create department",
      subject: JSON.stringify(name),
      idempotent: false,
      response: "json",
    };
    return this.createOnce(
      async () => {
        const created = this.parse(CreatedWire, await this.call(req), req);
        return { id: created.id, name: created.name ?? name };
      },
      async () => (await this.listDepartments()).find((d) => d.name === name),
    );
  }

  async renameDepartment(id: string, name: string): Promise<void> {
    const path = apiPath("departments", { id, kind: "department id" });
    await this.call({
      method: "PATCH",
      path,
      json: { name },
      auth: { scope: SCOPE.departmentsWrite },
      operation: "rename department",
      subject: `${id} to ${JSON.stringify(name)}`,
      idempotent: true,
      response: "ignore",
    });
  }

  // ---- locations ------------------------------------------------------------------------------------------------

  async listLocations(): Promise<RampLocationRecord[]> {
    const all: RampLocationRecord[] = [];
    const query = new URLSearchParams({ page_size: String(PAGE_SIZE) });
    for await (const page of this.pages(apiPath("locations"), query, LocationWire, toLocation, { scope: SCOPE.locationsRead, operation: "list locations" })) {
      all.push(...page);
    }
    return all;
  }

  async getLocation(id: string): Promise<RampLocationRecord> {
    const req: ApiRequest = { ...this.get(apiPath("locations", { id, kind: "location id" }), SCOPE.locationsRead), operation: "get location", subject: id };
    return toLocation(this.parse(LocationWire, await this.call(req), req));
  }

  /** `POST /locations` (same duplicate protection as createDepartment). */
  async createLocation(input: { name: string; entityId?: string }): Promise<RampLocationRecord> {
    const json: Record<string, unknown> = { name: input.name };
    if (input.entityId !== undefined) json.entity_id = input.entityId;
    const req: ApiRequest = {
      method: "POST",
      path: apiPath("locations"),
      json,
      auth: { scope: SCOPE.locationsWrite },
      operation: "create location",
      subject: JSON.stringify(input.name),
      idempotent: false,
      response: "json",
    };
    return this.createOnce(
      async () => {
        const created = this.parse(CreatedWire, await this.call(req), req);
        return { id: created.id, name: created.name ?? input.name, entityId: created.entity_id ?? input.entityId ?? null };
      },
      async () =>
        (await this.listLocations()).find((l) => l.name === input.name && (input.entityId === undefined || l.entityId === input.entityId)),
    );
  }

  async renameLocation(id: string, name: string): Promise<void> {
    const path = apiPath("locations", { id, kind: "location id" });
    await this.call({
      method: "PATCH",
      path,
      json: { name },
      auth: { scope: SCOPE.locationsWrite },
      operation: "rename location",
      subject: `${id} to ${JSON.stringify(name)}`,
      idempotent: true,
      response: "ignore",
    });
  }

  // ---- lifecycle ------------------------------------------------------------------------------------------------

  /** Stops the client: calls in flight and waiting callers fail with code RAMP_CLIENT_CLOSED; connections close. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.closer.abort(closedError());
    this.limiter.close(closedError);
    this.tokens.clear();
    await this.transport.close();
  }

  /** What `console.log(client)` shows: no token, no secret. */
  [inspect.custom](): string {
    return `RampClient { baseUrl: '${this.origin.origin}', closed: ${this.closed} }`;
  }

  toJSON(): Record<string, unknown> {
    return { baseUrl: this.origin.origin, closed: this.closed };
  }

  // ---- internals ------------------------------------------------------------------------------------------------

  private get(path: string, scope: string, query?: URLSearchParams): ApiRequest {
    return { method: "GET", path, query, auth: { scope }, idempotent: true, response: "json" };
  }

  private async call(req: ApiRequest): Promise<ApiResponse> {
    if (this.closed) throw closedError();
    return this.send(req);
  }

  private parse<S extends z.ZodType>(schema: S, res: ApiResponse, req: ApiRequest): z.output<S> {
    const parsed = schema.safeParse(res.body);
    if (parsed.success) return parsed.data;
    throw new RampResponseError({ method: req.method, path: req.path, status: res.status, traceId: res.traceId, issues: issuesOf(parsed.error) });
  }

  private async *pages<W extends z.ZodType, T>(
    path: string,
    query: URLSearchParams,
    item: W,
    map: (w: z.output<W>) => T,
    call: { scope: string; operation: string },
  ): AsyncGenerator<T[], void, undefined> {
    const schema = pageOf(item);
    const fetchPage = async (pr: PageRequest): Promise<Page<T>> => {
      const req: ApiRequest = { ...this.get(pr.path, call.scope, pr.query), operation: call.operation };
      const body = this.parse(schema, await this.call(req), req) as { data: Array<z.output<W>>; page: { next: string | null } };
      return { data: body.data.map(map), next: body.page.next };
    };
    yield* paginate(this.origin, { path, query }, fetchPage);
  }

  /**
   * Runs a non-idempotent create. After an ambiguous failure it looks for the object (it may have been created),
   * and only if it is absent posts again, within the retry budget.
   */
  private async createOnce<T>(post: () => Promise<T>, findExisting: () => Promise<T | undefined>): Promise<T> {
    for (let round = 1; ; round++) {
      try {
        return await post();
      } catch (err) {
        const ambiguous =
          err instanceof RampNetworkError ||
          err instanceof RampResponseError ||
          (err instanceof RampApiError && err.status >= 500 && err.status <= 599);
        if (!ambiguous) throw err;
        const existing = await findExisting();
        if (existing !== undefined) return existing;
        if (err instanceof RampResponseError || round >= this.retry.maxAttempts) throw err;
        await sleep(backoffDelay(round, this.retry), this.closer.signal);
      }
    }
  }

  /** A token with exactly `scope`. A token Ramp issues without it counts as `invalid_scope`: it could not be used. */
  private async fetchToken(basic: string, scope: string): Promise<TokenGrant> {
    const scopes = [scope];
    this.ctx.emit({ type: "token", action: "requested", scope });
    const req: ApiRequest = {
      method: "POST",
      path: apiPath("token"),
      form: tokenRequestBody(scopes),
      auth: { basic },
      idempotent: true,
      response: "json",
      errorFor: (res: HttpResponse, traceId: string | null) => authErrorFrom(res, traceId, scopes),
    };
    try {
      const res = await this.send(req);
      const grant = this.parse(TokenWire, res, req);
      registerSecret(grant.access_token);
      const granted = grantedScopesOf(grant.scope);
      if (granted && !granted.has(scope)) {
        throw new RampAuthError({
          status: res.status,
          errorCode: "invalid_scope",
          rampMessage: `the token was issued without ${scope} (scope: ${[...granted].join(" ")})`,
          traceId: res.traceId,
          scopes,
        });
      }
      return { accessToken: grant.access_token, expiresInSeconds: grant.expires_in };
    } catch (err) {
      this.ctx.emit({ type: "token", action: "failed", scope, error: (err as { code?: string }).code ?? "error" });
      throw err;
    }
  }
}

/** A scheduled deactivation date must be a real `YYYY-MM-DD` day (or null), else nothing is sent. */
const INVITATION_OPERATION: Record<InvitationAction["action"], string> = {
  SCHEDULE: "schedule the invite of",
  SEND_NOW: "send the invite of",
  DESCHEDULE: "cancel the scheduled invite of",
};

/**
 * Whether Ramp refused a beta call for the business rather than this request: a 403 that is not a missing scope
 * (RampScopeError is another class), a route the business does not have (404, 405, 501), or, for a field, a
 * validation error naming it.
 */
function isBetaRefusal(err: unknown, field?: string): err is RampApiError {
  if (!(err instanceof RampApiError)) return false;
  if (err.status === 403 || err.status === 405 || err.status === 501) return true;
  if (field === undefined) return err.status === 404 && !err.notFound;
  const info = err.additionalInfo;
  return (err.status === 400 || err.status === 422) && typeof info === "object" && info !== null && field in info;
}

function betaRefused(err: RampApiError, feature: string, operation: string, subject: string): RampBetaRefusedError {
  return new RampBetaRefusedError({ feature, operation, subject, status: err.status, rampMessage: err.rampMessage, traceId: err.traceId }, { cause: err });
}

function checkDate(value: string | null, operation: string, subject: string): void {
  if (value === null || (typeof value === "string" && isCalendarDate(value))) return;
  throw new RampUnsupportedChangeError({
    field: "scheduledDeactivationDate",
    operation,
    subject,
    reason: `scheduled_deactivation_date must be a date written YYYY-MM-DD, got ${JSON.stringify(value)}`,
  });
}

function requiredEmail(email: unknown): string {
  if (typeof email !== "string" || !email.includes("@")) throw new RampConfigError("an email address is required");
  return email.trim();
}

function authErrorFrom(res: HttpResponse, traceId: string | null, scopes: readonly string[]): RampAuthError {
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    body = undefined;
  }
  const info = parseErrorBody(body);
  return new RampAuthError({ status: res.status, errorCode: info.errorCode, rampMessage: info.message, traceId, scopes });
}
