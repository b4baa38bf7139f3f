// /users: list (paginated, filtered), get, deferred create + task status, update, deactivate, reactivate.
import { z } from "zod";
import { addMonths, isIsoDate } from "./business-date.js";
import type { SimulatorCore } from "./core.js";
import { ApiError, ErrorCode, badRequest, notFound, unknownUser, unprocessable } from "./errors.js";
import { json, type RequestContext } from "./http-util.js";
import { paginate } from "./pagination.js";
import { checkReferences, refuseAdminManager, refuseOwnerRole, refuseScheduledDeactivation } from "./references.js";
import type { Route } from "./router.js";
import { HIDDEN_BY_DEFAULT, STATUS_FILTERS, WRITABLE_ROLES, type WireUser } from "./types.js";
import { parseBody } from "./validation.js";

/** Ramp's validation message for a null where its schema has a plain (non-nullable) type. */
const notNull = (expected: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === null ? "Field may not be null." : `Expected ${expected}.`),
});
const text = () => z.string(notNull("a string"));
const id = () => text().min(1);
const isoDate = () =>
  z.string(notNull("a date")).refine(isIsoDate, { error: "Not a valid date (YYYY-MM-DD)." });

/** Ramp's spec: first and last names are at most 255 characters on create. */
const createName = () => text().min(1).max(255);

/** `ApiUserCreateRequestBody`; the optional ids are strings, never null. */
const createSchema = z.object({
  email: z.email(),
  first_name: createName(),
  last_name: createName(),
  role: z.enum(WRITABLE_ROLES),
  idempotency_key: id(),
  department_id: id().optional(),
  location_id: id().optional(),
  direct_manager_id: id().optional(),
  is_manager: z.boolean(notNull("a boolean")).optional(),
  employee_id: id().optional(),
  /** A date Ramp deactivates the user on; null says "never" (a guest otherwise gets six months). */
  scheduled_deactivation_date: isoDate().nullable().optional(),
  /** A draft user (2026 spec, beta): created USER_DRAFT, invited later through `POST /users/{id}/invite`. */
  is_draft: z.boolean(notNull("a boolean")).optional(),
});

/**
 * `POST /users/{id}/invite` (2026 spec, beta): `SCHEDULE` creates or moves a draft's scheduled invitation to
 * `invitation_time`, `SEND_NOW` sends a draft's invite at once, `DESCHEDULE` cancels a pending scheduled invitation
 * (a no-op when there is none). SCHEDULE and SEND_NOW need a draft.
 */
const inviteSchema = z.object({
  action: z.enum(["SCHEDULE", "SEND_NOW", "DESCHEDULE"], notNull("one of SCHEDULE, SEND_NOW, DESCHEDULE")),
  invitation_time: z.iso.datetime({ offset: true, error: "Not a valid date-time (ISO 8601)." }).optional(),
});

/** What a business without the beta answers to a draft or an invitation call (the simulator's own wording). */
const BETA_REFUSAL = "Draft users and scheduled invitations are not enabled for this business (beta).";

/**
 * `ApiUserUpdateRequestBody`. Only `direct_manager_id` (clears the manager) and `scheduled_deactivation_date` (clears
 * the date) may be null; `email`, `status` and any other key are accepted and ignored, as Ramp does.
 */
const patchSchema = z.object({
  first_name: text().min(1).optional(),
  last_name: text().min(1).optional(),
  role: z.enum(WRITABLE_ROLES, notNull("a role")).optional(),
  department_id: id().optional(),
  location_id: id().optional(),
  direct_manager_id: id().nullable().optional(),
  is_manager: z.boolean(notNull("a boolean")).optional(),
  employee_id: id().optional(),
  auto_promote: z.boolean(notNull("a boolean")).optional(),
  scheduled_deactivation_date: isoDate().nullable().optional(),
});

/** How long Ramp gives a guest invited without an explicit `scheduled_deactivation_date` (2026 spec). */
export const GUEST_DEFAULT_MONTHS = 6;

/** Exact-match filters of `GET /users`; `email` compares case-insensitively. */
const FILTERS = ["employee_id", "role", "department_id", "location_id", "entity_id", "status"] as const;

const INVITE_STATES = new Set(["INVITE_PENDING", "INVITE_EXPIRED", "USER_ONBOARDING"]);

const copy = (user: WireUser): WireUser => structuredClone(user);

/** The user of `/users/{id}`; an unknown id is 400 UserInvalidInput, as Ramp's spec documents. */
function userOr400(core: SimulatorCore, ctx: RequestContext): WireUser {
  const user = core.state.users.get(ctx.params.id ?? "");
  if (!user) throw unknownUser(ctx.params.id ?? "");
  return user;
}

/** Without a `status` filter the listing leaves suspended users out (2026 spec). */
function listUsers(core: SimulatorCore, ctx: RequestContext) {
  const q = ctx.url.searchParams;
  const email = q.get("email")?.toLowerCase();
  const status = q.get("status");
  if (status !== null && !(STATUS_FILTERS as readonly string[]).includes(status)) {
    const message = `Must be one of: ${STATUS_FILTERS.join(", ")}.`;
    throw unprocessable(message, { status: [message] });
  }
  const matching = core.state.users.values().filter(
    (u) =>
      (email === undefined || u.email.toLowerCase() === email) &&
      (status !== null || !HIDDEN_BY_DEFAULT.includes(u.status)) &&
      FILTERS.every((f) => {
        const want = q.get(f);
        return want === null || u[f] === want;
      }),
  );
  const page = paginate(core.state.users, matching, ctx.url);
  return json(200, { data: page.data.map(copy), page: page.page });
}

async function createUser(core: SimulatorCore, ctx: RequestContext) {
  const input = parseBody(createSchema, await ctx.json());
  if (core.state.idempotencyKeys.has(input.idempotency_key)) {
    throw new ApiError(400, ErrorCode.idempotencyKeyReused, "This idempotency key has already been used.", {
      idempotency_key: ["Already used."],
    });
  }
  if (input.is_draft === true && core.state.draftsRefused) throw new ApiError(403, ErrorCode.validation, BETA_REFUSAL, { is_draft: [BETA_REFUSAL] });
  refuseOwnerRole(input.role);
  checkReferences(core.state, input);
  refuseAdminManager(input.role, input.direct_manager_id);
  refuseScheduledDeactivation(input.role, input.scheduled_deactivation_date);
  // A guest invited without the field is deactivated six months later; an explicit null means never.
  const scheduled =
    input.scheduled_deactivation_date !== undefined
      ? input.scheduled_deactivation_date
      : input.role === "GUEST_USER"
        ? addMonths(core.businessDate.today(), GUEST_DEFAULT_MONTHS)
        : null;
  const taskId = core.tasks.create({ ...input, scheduled_deactivation_date: scheduled }, core.config.taskDelayMs, core.faults.takeTaskFault());
  core.state.idempotencyKeys.set(input.idempotency_key, taskId);
  return json(201, { id: taskId });
}

function taskStatus(core: SimulatorCore, ctx: RequestContext) {
  const task = core.tasks.view(ctx.params.id ?? "");
  if (!task) throw notFound(`Task ${ctx.params.id ?? ""} not found`);
  return json(200, task);
}

async function updateUser(core: SimulatorCore, ctx: RequestContext) {
  const user = userOr400(core, ctx);
  const body = await ctx.json();
  const patch = parseBody(patchSchema, body ?? {});
  refuseOwnerRole(patch.role);
  if (user.role === "BUSINESS_OWNER" && patch.role !== undefined && patch.role !== user.role) {
    throw badRequest("The role of the business owner cannot be changed through the API.", {
      role: ["The owner's role cannot be changed."],
    });
  }
  checkReferences(core.state, patch);
  if (patch.direct_manager_id && patch.direct_manager_id === user.id) {
    throw badRequest("A user cannot be their own manager.", { direct_manager_id: ["Cannot be the user itself."] });
  }
  refuseAdminManager(patch.role ?? user.role, patch.direct_manager_id);
  refuseScheduledDeactivation(
    patch.role ?? user.role,
    patch.scheduled_deactivation_date !== undefined ? patch.scheduled_deactivation_date : user.scheduled_deactivation_date,
  );
  if (patch.first_name !== undefined) user.first_name = patch.first_name;
  if (patch.last_name !== undefined) user.last_name = patch.last_name;
  if (patch.role !== undefined) user.role = patch.role;
  if (patch.department_id !== undefined) user.department_id = patch.department_id;
  if (patch.location_id !== undefined) user.location_id = patch.location_id;
  if (patch.direct_manager_id !== undefined) user.manager_id = patch.direct_manager_id;
  if (patch.is_manager !== undefined) user.is_manager = patch.is_manager;
  if (patch.employee_id !== undefined) user.employee_id = patch.employee_id;
  if (patch.scheduled_deactivation_date !== undefined) user.scheduled_deactivation_date = patch.scheduled_deactivation_date;
  // Ramp's spec: 204 without a body.
  return { status: 204 };
}

/** `POST /users/{id}/invite`: a draft's invitation, scheduled, sent now, or cancelled. */
async function invite(core: SimulatorCore, ctx: RequestContext) {
  if (core.state.draftsRefused) throw new ApiError(403, ErrorCode.validation, BETA_REFUSAL);
  const user = userOr400(core, ctx);
  const input = parseBody(inviteSchema, await ctx.json());
  if (input.action === "DESCHEDULE") {
    user.scheduled_invitation_date = null;
    return json(200, {});
  }
  if (user.status !== "USER_DRAFT") {
    throw badRequest(`Only a draft user can be invited this way; this user is ${user.status}.`, { action: ["The user must be in DRAFT status."] });
  }
  if (input.action === "SEND_NOW") {
    core.state.setStatus(user, "INVITE_PENDING");
    user.scheduled_invitation_date = null;
    core.state.invitationsSent.set(user.id, (core.state.invitationsSent.get(user.id) ?? 0) + 1);
    return json(200, {});
  }
  if (input.invitation_time === undefined) throw badRequest("invitation_time is required to schedule an invitation.", { invitation_time: ["Required."] });
  const day = new Date(input.invitation_time).toISOString().slice(0, 10);
  if (day < core.businessDate.today()) {
    throw badRequest("An invitation cannot be scheduled in the past.", { invitation_time: ["Must not be in the past."] });
  }
  user.scheduled_invitation_date = day;
  return json(200, {});
}

function deactivate(core: SimulatorCore, ctx: RequestContext) {
  const user = userOr400(core, ctx);
  if (user.role === "BUSINESS_OWNER") throw badRequest("The business owner cannot be deactivated.");
  // A deactivated draft is not invited on its day.
  user.scheduled_invitation_date = null;
  if (user.status !== "USER_INACTIVE") {
    core.state.statusBeforeDeactivation.set(user.id, user.status);
    core.state.setStatus(user, "USER_INACTIVE");
  }
  return json(200, {});
}

/**
 * Only a deactivated user changes; one deactivated before accepting the invite goes back to that invite state, and
 * a draft to a draft (never invited by a reactivation).
 */
function reactivate(core: SimulatorCore, ctx: RequestContext) {
  const user = userOr400(core, ctx);
  if (user.status === "USER_INACTIVE") {
    const before = core.state.statusBeforeDeactivation.get(user.id);
    core.state.statusBeforeDeactivation.delete(user.id);
    core.state.setStatus(user, before !== undefined && (INVITE_STATES.has(before) || before === "USER_DRAFT") ? before : "USER_ACTIVE");
  }
  return json(200, {});
}

export function userRoutes(core: SimulatorCore): Route[] {
  return [
    { method: "GET", pattern: "/users", scope: "users:read", handler: (ctx) => listUsers(core, ctx) },
    { method: "POST", pattern: "/users/deferred", scope: "users:write", handler: (ctx) => createUser(core, ctx) },
    {
      method: "GET",
      pattern: "/users/deferred/status/{id}",
      scope: "users:write",
      handler: (ctx) => taskStatus(core, ctx),
    },
    {
      method: "GET",
      pattern: "/users/{id}",
      scope: "users:read",
      handler: (ctx) => json(200, copy(userOr400(core, ctx))),
    },
    { method: "PATCH", pattern: "/users/{id}", scope: "users:write", handler: (ctx) => updateUser(core, ctx) },
    {
      method: "PATCH",
      pattern: "/users/{id}/deactivate",
      scope: "users:write",
      handler: (ctx) => deactivate(core, ctx),
    },
    { method: "POST", pattern: "/users/{id}/invite", scope: "users:write", handler: (ctx) => invite(core, ctx) },
    {
      method: "PATCH",
      pattern: "/users/{id}/reactivate",
      scope: "users:write",
      handler: (ctx) => reactivate(core, ctx),
    },
  ];
}
