// Zod schemas of Ramp's wire format. They are deliberately tolerant (a tolerant reader): unknown fields are ignored,
// a field the client does not use never fails a response whatever its type, enums (role, status) are plain strings
// passed through unchanged, optional fields may be missing or null. Only what the client relies on is checked.
import { z } from "zod";
import type { DeferredTask, RampDepartmentRecord, RampLocationRecord, RampUserRecord } from "./types.js";
import type { ResponseIssue } from "./errors.js";

const optionalString = z
  .string()
  .nullish()
  .transform((v) => v ?? null);

/** A value Ramp types as a string but may send as a number (an employee id from another system): kept as text. */
const textOrNumber = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v === null || v === undefined ? null : String(v)));

/** A field the client only passes on: any type is accepted; a string or a number is kept as text, anything else is null. */
const unusedText = z
  .unknown()
  .optional()
  .transform((v) => (typeof v === "string" ? v : typeof v === "number" ? String(v) : null));

/** A date Ramp may write as `YYYY-MM-DD` or as a timestamp: kept as the `YYYY-MM-DD` day when it starts with one. */
const day = z
  .string()
  .nullish()
  .transform((v) => (typeof v === "string" && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : (v ?? null)));

export const UserWire = z.object({
  id: z.string().min(1),
  email: z.string(),
  first_name: optionalString,
  last_name: optionalString,
  role: z.string(),
  status: z.string(),
  department_id: optionalString,
  location_id: optionalString,
  manager_id: optionalString,
  employee_id: textOrNumber,
  is_manager: z
    .boolean()
    .nullish()
    .transform((v) => v ?? null),
  entity_id: optionalString,
  business_id: optionalString,
  // Ramp's spec types phone a string, and its own example answers 8004559999.
  phone: unusedText,
  scheduled_deactivation_date: day,
  scheduled_invitation_date: day,
});
export type UserWire = z.infer<typeof UserWire>;

export function toUser(w: UserWire): RampUserRecord {
  return {
    id: w.id,
    email: w.email,
    firstName: w.first_name ?? "",
    lastName: w.last_name ?? "",
    role: w.role,
    status: w.status,
    departmentId: w.department_id,
    locationId: w.location_id,
    managerId: w.manager_id,
    employeeId: w.employee_id,
    isManager: w.is_manager,
    entityId: w.entity_id,
    businessId: w.business_id,
    phone: w.phone,
    scheduledDeactivationDate: w.scheduled_deactivation_date,
    scheduledInvitationDate: w.scheduled_invitation_date,
  };
}

export const DepartmentWire = z.object({ id: z.string().min(1), name: z.string() });
export function toDepartment(w: z.infer<typeof DepartmentWire>): RampDepartmentRecord {
  return { id: w.id, name: w.name };
}

export const LocationWire = z.object({ id: z.string().min(1), name: z.string(), entity_id: optionalString });
export function toLocation(w: z.infer<typeof LocationWire>): RampLocationRecord {
  return { id: w.id, name: w.name, entityId: w.entity_id };
}

/** A create answer: Ramp returns the object; tolerate one that carries only the id. */
export const CreatedWire = z.object({ id: z.string().min(1), name: z.string().optional(), entity_id: optionalString.optional() });

/** `{data: T[], page: {next}}`; a missing `page` or `next` means the last page. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    page: z
      .object({ next: z.string().nullish() })
      .nullish()
      .transform((p) => ({ next: p?.next ? p.next : null })),
  });
}

export const TokenWire = z.object({
  access_token: z.string().min(1),
  token_type: z.string().refine((t) => t.toLowerCase() === "bearer", { message: "expected token_type Bearer" }),
  expires_in: z.coerce.number().positive().optional(),
  scope: z.string().nullish(),
});

/** `POST /users/deferred` → 201 `{id: <task id>}`. */
export const DeferredCreatedWire = z.object({ id: z.string().min(1) });

export const DeferredTaskWire = z.object({
  id: z.string().nullish(),
  status: z.string(),
  data: z
    .object({
      user_id: z.string().nullish(),
      error: z.unknown().optional(),
    })
    .nullish(),
});

export function toDeferredTask(taskId: string, w: z.infer<typeof DeferredTaskWire>): DeferredTask {
  const err = w.data?.error;
  let error: string | null = null;
  if (typeof err === "string") error = err;
  else if (err && typeof err === "object") {
    const message = (err as { message?: unknown }).message;
    error = typeof message === "string" ? message : JSON.stringify(err);
  }
  return { id: w.id ?? taskId, status: w.status.toUpperCase(), userId: w.data?.user_id ?? null, error };
}

/** Error bodies: Ramp's `error_v2`, the legacy `error` object, or OAuth's `{error, error_description}`. */
export const ErrorBodyWire = z.object({
  ramp_error_code: z.string().nullish(),
  error_v2: z
    .object({
      error_code: z.string().nullish(),
      message: z.string().nullish(),
      additional_info: z.unknown().optional(),
      notes: z.unknown().optional(),
    })
    .nullish(),
  error: z.unknown().optional(),
  error_description: z.string().nullish(),
  message: z.string().nullish(),
});

export interface ParsedErrorBody {
  errorCode: string | null;
  message: string | null;
  additionalInfo: unknown;
}

export function parseErrorBody(body: unknown): ParsedErrorBody {
  const parsed = ErrorBodyWire.safeParse(body);
  if (!parsed.success) return { errorCode: null, message: null, additionalInfo: null };
  const b = parsed.data;
  const legacy = b.error && typeof b.error === "object" ? (b.error as Record<string, unknown>) : undefined;
  const str = (v: unknown): string | null => (typeof v === "string" && v ? v : null);
  return {
    errorCode:
      str(b.error_v2?.error_code) ??
      str(b.ramp_error_code) ??
      (typeof b.error === "string" ? b.error : null) ??
      str(legacy?.error_code) ??
      str(legacy?.code),
    message: str(b.error_v2?.message) ?? str(b.error_description) ?? str(legacy?.message) ?? str(b.message),
    additionalInfo: b.error_v2?.additional_info ?? null,
  };
}

export function issuesOf(error: z.ZodError): ResponseIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
}
