// Ramp's developer API, as zod, written from its OpenAPI description (the public copy in riker-t/ramp-dev-mcp,
// data/developer-api.json, snapshot of 2025) and, for what that snapshot predates, from the 2026 additions noted in
// ramp-api.md (the `status` filter and USER_DRAFT, `scheduled_deactivation_date`, null for `direct_manager_id`).
// Only the routes the client uses. These are our own schemas, independent of the client's and the simulator's.
//
// Request schemas are strict (a key the spec does not list is an error: the client must not invent fields).
// Response schemas check what the spec requires; fields outside `required` may be absent or null (Ramp's
// serializer writes None as null), and fields the spec does not list are allowed (Ramp adds fields).
import { z } from "zod";

const uuid = z.uuid();
/** `YYYY-MM-DD`, a real day. */
const isoDate = z.iso.date();

export const ROLES = ["AUDITOR", "BUSINESS_ADMIN", "BUSINESS_BOOKKEEPER", "BUSINESS_OWNER", "BUSINESS_USER", "GUEST_USER", "IT_ADMIN"] as const;
export const USER_STATUSES = ["INVITE_EXPIRED", "INVITE_PENDING", "USER_ACTIVE", "USER_INACTIVE", "USER_ONBOARDING", "USER_SUSPENDED", "USER_DRAFT"] as const;
/** The `status` filter of GET /users (2026). */
export const STATUS_FILTERS = ["USER_ACTIVE", "USER_DRAFT", "USER_INACTIVE", "USER_SUSPENDED"] as const;
export const SCOPES = ["users:read", "users:write", "departments:read", "departments:write", "locations:read", "locations:write"] as const;

// ---- requests -------------------------------------------------------------------------------------------------

/** `POST /token`, form-encoded; for client_credentials `scope` is required and names granted scopes. */
export const TokenRequestForm = z.strictObject({
  grant_type: z.literal("client_credentials"),
  scope: z
    .string()
    .min(1)
    .refine((s) => s.split(" ").every((scope) => (SCOPES as readonly string[]).includes(scope)), { error: "unknown scope" }),
});

const pageQuery = {
  start: z.string().min(1).optional(),
  page_size: z.coerce.number().int().min(2).max(100).optional(),
};

/** `GET /users` query. */
export const ListUsersQuery = z.strictObject({
  ...pageQuery,
  employee_id: z.string().optional(),
  role: z.enum(ROLES).optional(),
  entity_id: uuid.optional(),
  department_id: uuid.optional(),
  email: z.email().optional(),
  location_id: uuid.optional(),
  status: z.enum(STATUS_FILTERS).optional(),
});

export const ListQuery = z.strictObject(pageQuery);
export const ListLocationsQuery = z.strictObject({ ...pageQuery, entity_id: uuid.optional() });
export const NoQuery = z.strictObject({});

/** `ApiUserCreateRequestBody`. */
export const UserCreateBody = z.strictObject({
  email: z.email(),
  first_name: z.string().max(255),
  last_name: z.string().max(255),
  role: z.enum(ROLES).exclude(["BUSINESS_OWNER"]),
  idempotency_key: z.string(),
  department_id: uuid.optional(),
  location_id: uuid.optional(),
  direct_manager_id: uuid.optional(),
  is_manager: z.boolean().optional(),
  employee_id: z.string().min(1).optional(),
  scheduled_deactivation_date: isoDate.nullable().optional(),
  /** 2026, beta: the user is created as a draft (USER_DRAFT), invited later through `POST /users/{id}/invite`. */
  is_draft: z.boolean().optional(),
});

/**
 * `POST /users/{user_id}/invite` (2026, beta): SCHEDULE a draft's invitation at `invitation_time` (created or moved),
 * SEND_NOW, or DESCHEDULE (a no-op when nothing is scheduled). Only SCHEDULE takes a time.
 */
export const UserInviteBody = z
  .strictObject({
    action: z.enum(["SCHEDULE", "SEND_NOW", "DESCHEDULE"]),
    invitation_time: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((body) => (body.action === "SCHEDULE") === (body.invitation_time !== undefined), { error: "invitation_time goes with SCHEDULE only" });

/** `ApiUserUpdateRequestBody`: only `direct_manager_id` (and the 2026 `scheduled_deactivation_date`) may be null. */
export const UserUpdateBody = z
  .strictObject({
    first_name: z.string().min(1).optional(),
    last_name: z.string().min(1).optional(),
    role: z.enum(ROLES).exclude(["BUSINESS_OWNER"]).optional(),
    department_id: uuid.optional(),
    location_id: uuid.optional(),
    direct_manager_id: uuid.nullable().optional(),
    is_manager: z.boolean().optional(),
    employee_id: z.string().min(1).optional(),
    auto_promote: z.boolean().optional(),
    scheduled_deactivation_date: isoDate.nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { error: "an empty PATCH" });

/** `ApiDepartmentCreateRequestBody` (additionalProperties: false) and `ApiDepartmentUpdateRequestBody`. */
export const DepartmentBody = z.strictObject({ name: z.string() });
/** `ApiLocationCreateRequestBody` and `ApiLocationUpdateRequestBody`. */
export const LocationBody = z.strictObject({ name: z.string(), entity_id: uuid.optional() });
/** deactivate, reactivate and every GET: no body. */
export const NoBody = z.undefined();

// ---- responses ------------------------------------------------------------------------------------------------

export const TokenResponse = z.object({
  access_token: z.string().startsWith("ramp_tok_"),
  expires_in: z.number().int(),
  scope: z.string(),
  token_type: z.string(),
  refresh_token: z.string().nullish(),
});

const maybe = <T extends z.ZodType>(schema: T) => schema.nullish();

/** `User`: required business_id, custom_fields, department_id, entity_id, is_manager, location_id, manager_id, status. */
export const User = z.object({
  business_id: uuid.nullable(),
  custom_fields: z.array(z.object({ name: z.string(), value: z.string() })),
  department_id: uuid.nullable(),
  entity_id: uuid.nullable(),
  is_manager: z.boolean(),
  location_id: uuid.nullable(),
  manager_id: uuid.nullable(),
  status: z.enum(USER_STATUSES),
  id: maybe(uuid),
  email: maybe(z.string()),
  employee_id: maybe(z.string()),
  first_name: maybe(z.string()),
  last_name: maybe(z.string()),
  // Typed string in the spec, while its own example answers 8004559999.
  phone: maybe(z.union([z.string(), z.number()])),
  role: maybe(z.enum(ROLES)),
  scheduled_deactivation_date: maybe(isoDate),
  /** 2026, beta: the day a draft's scheduled invitation is sent. */
  scheduled_invitation_date: maybe(isoDate),
});

const page = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), page: z.object({ next: z.string().nullable() }) });

export const UserPage = page(User);
export const Department = z.object({ id: uuid, name: z.string() });
export const DepartmentPage = page(Department);
export const Location = z.object({ id: uuid, name: z.string(), entity_id: maybe(uuid) });
export const LocationPage = page(Location);
/** `DeferredTaskUUID`. */
export const DeferredTaskId = z.object({ id: uuid });
/** `UserDeferredTask`. */
export const UserDeferredTask = z.object({
  id: maybe(uuid),
  status: z.enum(["STARTED", "IN_PROGRESS", "ERROR", "SUCCESS"]),
  data: maybe(z.object({ error: maybe(z.string()), user_id: maybe(uuid) })),
  context: maybe(z.object({ acting_user_id: maybe(uuid) })),
});
/** The answer of `POST /users/{user_id}/invite`: an object; the summaries name no field the client relies on. */
export const InviteActionResult = z.looseObject({});
/** `EmptyObject` (additionalProperties: false). */
export const EmptyObject = z.strictObject({});
/** 204: no body at all. */
export const NoContent = z.literal("");

/** Ramp's error body (error-handling doc): `error_v2` with code, message, additional_info and notes, plus `error`. */
export const ErrorResponse = z.object({
  error_v2: z.object({ error_code: z.string(), message: z.string(), additional_info: z.record(z.string(), z.unknown()), notes: z.string() }),
  error: z.unknown(),
});
/** OAuth errors of the token endpoint. */
export const OAuthError = z.object({
  error: z.enum(["invalid_request", "invalid_client", "invalid_grant", "invalid_scope", "unauthorized_client", "unsupported_grant_type"]),
  error_description: z.string().optional(),
});
