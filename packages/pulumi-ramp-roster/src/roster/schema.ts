// The shape of one roster file, in zod. Objects are strict, so an unknown field (a likely typo) is an issue.
// Messages of value checks are written here; type and unknown-field messages are written in zod-issues.ts.
import { isCalendarDate } from "../calendar-date.js";
import { z } from "zod";
import { API_ROLES, MAX_NAME_LENGTH } from "../ramp-facts.js";
import { emailProblem, trimBlanks } from "./email.js";
import { POLICY_FIELDS, PolicySchema } from "./policy.js";
import { ASSIGNABLE_DISPLAY_ROLES, DISPLAY_ROLES, toApiRole } from "./roles.js";
import { didYouMean } from "./suggest.js";
import type { NodePath } from "./positions.js";

function nonEmpty(what: string) {
  return z.string().trim().min(1, { error: `${what} is empty` });
}

function personName(field: string) {
  return nonEmpty(`'${field}'`).superRefine((s, ctx) => {
    const length = [...s].length;
    if (length > MAX_NAME_LENGTH) {
      ctx.addIssue({
        code: "custom",
        message: `'${field}' is ${length} characters long; Ramp accepts at most ${MAX_NAME_LENGTH}`,
      });
    }
  });
}

/**
 * An email without the blanks around it; only ASCII blanks, where `trim()` would also drop an invisible character
 * (a no-break space, a byte-order mark) that emailProblem must report.
 */
function emailString(what: string) {
  return z
    .string()
    .overwrite(trimBlanks)
    .min(1, { error: `${what} is empty` });
}

const email = emailString("'email'").superRefine((s, ctx) => {
  const problem = s === "" ? undefined : emailProblem(s); // empty: reported by emailString
  if (problem) ctx.addIssue({ code: "custom", message: `malformed email '${s}': ${problem}` });
});

const formerEmail = emailString("an email in 'formerEmails'").superRefine((s, ctx) => {
  const problem = s === "" ? undefined : emailProblem(s);
  if (problem) ctx.addIssue({ code: "custom", message: `malformed email '${s}' in 'formerEmails': ${problem}` });
});

/**
 * The emails a user had before: one email, or a list of them. Read as a list, so an issue with one of them points
 * at that email.
 */
export const FormerEmailsSchema = z.preprocess(
  (v) => (typeof v === "string" ? [v] : v),
  z.array(formerEmail).min(1, { error: "'formerEmails' is an empty list: list the former emails, or remove it" }),
);

const role = z.string().transform((s, ctx) => {
  const api = toApiRole(s);
  if (api) return api;
  ctx.addIssue({
    code: "custom",
    message:
      `unknown role '${s}'${didYouMean(s, [...DISPLAY_ROLES, ...API_ROLES])}; ` +
      `roles are ${ASSIGNABLE_DISPLAY_ROLES.join(", ")}, or Ramp's API names (BUSINESS_ADMIN ...)`,
  });
  return z.NEVER;
});

/**
 * A day written `YYYY-MM-DD`, quoted or not (YAML 1.2 reads an unquoted date as a string, and the roster is read as
 * YAML 1.2 only), that must be a real day of the calendar; `example` shows the form in the message.
 */
function calendarDay(field: string, example: string) {
  return z
    .string()
    .trim()
    .refine(isCalendarDate, {
      error: (issue) =>
        typeof issue.input === "string" && /^\d{4}-\d{2}-\d{2}$/.test(issue.input)
          ? `'${field}' is not a day of the calendar: ${issue.input}`
          : `'${field}' must be a date written YYYY-MM-DD, such as ${example}, not ${JSON.stringify(issue.input)}`,
    });
}

/**
 * `deactivateOn: 2027-03-31`: the day Ramp deactivates the user. Absent, null (`~`) and a date mean three different
 * things: see the description.
 */
export const DeactivateOnSchema = calendarDay("deactivateOn", "2027-03-31")
  .nullish()
  .describe(
    "The day Ramp deactivates the user by itself (its scheduled_deactivation_date), written YYYY-MM-DD. " +
      "Absent: not managed, whatever date Ramp has is kept (a Guest keeps the date Ramp gives guests by default). " +
      "A date: that date. ~ (null): no date, an explicit grant of open-ended access, which clears any date Ramp has. " +
      "Not for an Admin or the Owner. A date that has passed is a warning: Ramp has deactivated the user on that day.",
  );

/**
 * `startOn: 2027-01-04`: the person's first day. Before it they are a draft in Ramp with an invitation Ramp sends on
 * that day; on it and after, nothing more than a user without it.
 */
export const StartOnSchema = calendarDay("startOn", "2027-01-04")
  .optional()
  .describe(
    "The person's first day, written YYYY-MM-DD. Before it they exist in Ramp as a draft user (managers, departments " +
      "and approvals can be set up) with an invitation Ramp sends on that day; nobody is invited early. On and after " +
      "the day, or absent, the user is invited at once as usual. Moving it reschedules the invitation; removing it " +
      "sends the invitation now. It must not be after deactivateOn. A day that has passed is a warning: a person not " +
      "yet in Ramp is invited at once.",
  );

/** An optional name; null (`~`, or nothing after the colon) means "none", and overrides a default. */
function optionalName(field: string) {
  return nonEmpty(`'${field}'`).nullish();
}

/**
 * The names a department or location was called before: one name, or a list of them. Read as a list, so an
 * issue with one of them points at that name.
 */
export const RenamedFromSchema = z.preprocess(
  (v) => (typeof v === "string" ? [v] : v),
  z.array(nonEmpty("a name in 'renamedFrom'")).min(1, { error: "'renamedFrom' is an empty list: list the former names, or remove it" }),
);

export const DepartmentSchema = z.preprocess(
  (v) => (typeof v === "string" ? { name: v } : v),
  z.strictObject({ name: nonEmpty("the department name"), renamedFrom: RenamedFromSchema.optional() }),
);

export const LocationFields = {
  name: nonEmpty("the location name"),
  entityId: nonEmpty("'entityId'").optional(),
  renamedFrom: RenamedFromSchema.optional(),
};

export const LocationSchema = z.preprocess((v) => (typeof v === "string" ? { name: v } : v), z.strictObject(LocationFields));

export const DefaultsSchema = z.strictObject({
  role: role.optional(),
  department: optionalName("department"),
  location: optionalName("location"),
  protect: z.boolean().optional(),
  retainOnDelete: z.boolean().optional(),
});

export const UserSchema = z.strictObject({
  email,
  formerEmails: FormerEmailsSchema.optional(),
  firstName: personName("firstName"),
  lastName: personName("lastName"),
  role: role.optional(),
  department: optionalName("department"),
  location: optionalName("location"),
  manager: optionalName("manager"),
  employeeId: optionalName("employeeId"),
  isManager: z.boolean().optional(),
  active: z.boolean().optional(),
  deactivateOn: DeactivateOnSchema,
  startOn: StartOnSchema,
  protect: z.boolean().optional(),
  retainOnDelete: z.boolean().optional(),
});

export const RosterFileSchema = z.strictObject({
  departments: z.array(DepartmentSchema).nullish(),
  locations: z.array(LocationSchema).nullish(),
  defaults: DefaultsSchema.nullish(),
  users: z.array(UserSchema).nullish(),
  policy: PolicySchema.nullish(),
});

export type UserField = keyof typeof UserSchema.shape;
export type DefaultsField = keyof typeof DefaultsSchema.shape;

const SECTION_FIELDS = Object.keys(RosterFileSchema.shape);
const USER_FIELDS = Object.keys(UserSchema.shape);
const DEFAULTS_FIELDS = Object.keys(DefaultsSchema.shape);
const DEPARTMENT_FIELDS = ["name", "renamedFrom"];
const LOCATION_FIELDS = Object.keys(LocationFields);

/** The fields a mapping at `path` may have, to suggest one for an unknown field. */
export function knownFieldsAt(path: NodePath): readonly string[] {
  const [section, index] = path;
  if (path.length === 0) return SECTION_FIELDS;
  if (path.length === 1 && section === "defaults") return DEFAULTS_FIELDS;
  if (path.length === 1 && section === "policy") return POLICY_FIELDS;
  if (path.length === 2 && typeof index === "number") {
    if (section === "users") return USER_FIELDS;
    if (section === "departments") return DEPARTMENT_FIELDS;
    if (section === "locations") return LOCATION_FIELDS;
  }
  return [];
}

/** Names people reach for that are not fields, and the fields to write instead. */
const ALIASES: Readonly<Record<string, readonly string[]>> = {
  name: ["firstName", "lastName"],
  dept: ["department"],
  team: ["department"],
  office: ["location"],
  reportsTo: ["manager"],
  formerName: ["renamedFrom"],
  formerNames: ["renamedFrom"],
  previousName: ["renamedFrom"],
  oldName: ["renamedFrom"],
  formerEmail: ["formerEmails"],
  previousEmail: ["formerEmails"],
  previousEmails: ["formerEmails"],
  oldEmail: ["formerEmails"],
  oldEmails: ["formerEmails"],
  // on a user (a department's or location's renamedFrom is a known field there)
  renamedFrom: ["formerEmails"],
  deactivateAt: ["deactivateOn"],
  deactivationDate: ["deactivateOn"],
  scheduledDeactivationDate: ["deactivateOn"],
  scheduled_deactivation_date: ["deactivateOn"],
  endDate: ["deactivateOn"],
  startDate: ["startOn"],
  firstDay: ["startOn"],
  startsOn: ["startOn"],
  hireDate: ["startOn"],
  expiresOn: ["deactivateOn"],
};

/** "unknown field 'fristName' (did you mean 'firstName'?)". */
export function unknownFieldMessage(key: string, known: readonly string[]): string {
  if (key === "<<") return "merge keys ('<<') are not supported: use 'defaults' for values shared by the users of a file";
  const alias = Object.hasOwn(ALIASES, key) ? ALIASES[key] : undefined;
  const hint =
    alias && alias.every((field) => known.includes(field))
      ? ` (did you mean ${alias.map((field) => `'${field}'`).join(" and ")}?)`
      : didYouMean(key, known);
  const list = hint === "" && known.length > 0 ? `; known fields: ${known.join(", ")}` : "";
  return `unknown field '${key}'${hint}${list}`;
}
