// One file's data → its department, location and user entries, each value with the position it is written at,
// and the file's defaults applied. Values are read field by field, so a user with one bad field still takes
// part in the cross-checks with the others (the bad field itself is reported by the schema).
import type { z } from "zod";
import { isEmail } from "./email.js";
import { error, warning } from "./errors.js";
import type { ApiRole, RosterIssue, SourcePosition } from "./model.js";
import { keyPosition, valuePosition, type NodePath, type YamlFile } from "./positions.js";
import { DefaultsSchema, LocationFields, UserSchema } from "./schema.js";

export interface Located<T> {
  value: T;
  at: SourcePosition;
}

export interface DepartmentEntry {
  name: string;
  at: SourcePosition;
  /** The names it was called before, each where it is written (invalid ones are left out: the schema reports them). */
  renamedFrom: Located<string>[];
}

export interface LocationEntry extends DepartmentEntry {
  entityId?: string;
}

export interface UserEntry {
  /** The user's mapping. */
  at: SourcePosition;
  /** Any string, even a malformed address (the schema reports that): it is still who the entry is. */
  email?: Located<string>;
  /** The emails the user had before, each where it is written (malformed ones are left out: the schema reports them). */
  formerEmails: Located<string>[];
  firstName?: string;
  lastName?: string;
  role?: Located<ApiRole>;
  /** null: written as `~` ("none"), which Ramp's API cannot do to a user who has one (the program checks). */
  department?: Located<string> | null;
  location?: Located<string> | null;
  manager?: Located<string>;
  employeeId?: string | null;
  isManager?: boolean;
  active: Located<boolean>;
  /** Absent: not managed; null: written as `~`, no date (open-ended access). */
  deactivateOn?: Located<string> | null;
  startOn?: Located<string>;
  protect: boolean;
  retainOnDelete: boolean;
}

export interface FileEntries {
  departments: DepartmentEntry[];
  locations: LocationEntry[];
  users: UserEntry[];
  issues: RosterIssue[];
}

/** A field as written: absent, null (`~`: "none", which overrides a default), invalid, or a value. */
type Field<T> = { kind: "absent" } | { kind: "none" } | { kind: "invalid" } | { kind: "value"; value: T; at: SourcePosition };

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function readField<S extends z.ZodType>(file: YamlFile, data: Record<string, unknown>, path: NodePath, schema: S): Field<NonNullable<z.output<S>>> {
  const name = String(path[path.length - 1]);
  const raw = data[name];
  if (raw === undefined) return { kind: "absent" };
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { kind: "invalid" };
  if (parsed.data === null || parsed.data === undefined) return { kind: "none" };
  return { kind: "value", value: parsed.data as NonNullable<z.output<S>>, at: valuePosition(file, path) };
}

/** The user's own field if written (even as `~` or invalid), else the file's default. */
function withDefault<T>(own: Field<T>, fallback: Field<T>): Field<T> {
  return own.kind === "absent" ? fallback : own;
}

function located<T>(field: Field<T>): Located<T> | undefined {
  return field.kind === "value" ? { value: field.value, at: field.at } : undefined;
}

function valueOf<T>(field: Field<T>): T | undefined {
  return field.kind === "value" ? field.value : undefined;
}

/** The name of a department or location entry: a non-empty string, or a mapping's non-empty string `name`. */
function nameOf(raw: unknown): string | undefined {
  const name = isMapping(raw) ? raw.name : raw;
  return typeof name === "string" && name.trim() !== "" ? name.trim() : undefined;
}

/** The former names of a department or location entry: `renamedFrom: Name` or `renamedFrom: [A, B]`. */
function formerNamesOf(file: YamlFile, raw: unknown, path: NodePath): Located<string>[] {
  const value = isMapping(raw) ? raw.renamedFrom : undefined;
  const at = [...path, "renamedFrom"];
  const located = (name: unknown, where: NodePath): Located<string>[] =>
    typeof name === "string" && name.trim() !== "" ? [{ value: name.trim(), at: valuePosition(file, where) }] : [];
  if (Array.isArray(value)) return value.flatMap((name, i) => located(name, [...at, i]));
  return located(value, at);
}

/** The former emails of a user entry: `formerEmails: a@x.com` or `formerEmails: [a@x.com, b@x.com]`. */
function formerEmailsOf(file: YamlFile, raw: Record<string, unknown>, path: NodePath): Located<string>[] {
  const value = raw.formerEmails;
  const at = [...path, "formerEmails"];
  const located = (email: unknown, where: NodePath): Located<string>[] =>
    typeof email === "string" && isEmail(email.trim()) ? [{ value: email.trim(), at: valuePosition(file, where) }] : [];
  if (Array.isArray(value)) return value.flatMap((email, i) => located(email, [...at, i]));
  return located(value, at);
}

function entriesOf(data: Record<string, unknown>, section: string): unknown[] {
  const list = data[section];
  return Array.isArray(list) ? list : [];
}

export function collectEntries(file: YamlFile, data: unknown): FileEntries {
  const out: FileEntries = { departments: [], locations: [], users: [], issues: [] };
  if (!isMapping(data)) return out;

  // A department or location with a bad field still declares its name, so users naming it are not reported too.
  entriesOf(data, "departments").forEach((raw, i) => {
    const name = nameOf(raw);
    if (name === undefined) return;
    out.departments.push({ name, at: valuePosition(file, ["departments", i, "name"]), renamedFrom: formerNamesOf(file, raw, ["departments", i]) });
  });

  entriesOf(data, "locations").forEach((raw, i) => {
    const name = nameOf(raw);
    if (name === undefined) return;
    const entry: LocationEntry = {
      name,
      at: valuePosition(file, ["locations", i, "name"]),
      renamedFrom: formerNamesOf(file, raw, ["locations", i]),
    };
    const entityId = isMapping(raw) ? LocationFields.entityId.safeParse(raw.entityId) : undefined;
    if (entityId?.success && entityId.data !== undefined) entry.entityId = entityId.data;
    out.locations.push(entry);
  });

  const defaultsData = isMapping(data.defaults) ? data.defaults : {};
  const d = DefaultsSchema.shape;
  const defaults = {
    role: readField(file, defaultsData, ["defaults", "role"], d.role),
    department: readField(file, defaultsData, ["defaults", "department"], d.department),
    location: readField(file, defaultsData, ["defaults", "location"], d.location),
    protect: readField(file, defaultsData, ["defaults", "protect"], d.protect),
    retainOnDelete: readField(file, defaultsData, ["defaults", "retainOnDelete"], d.retainOnDelete),
  };

  const users = entriesOf(data, "users");
  const u = UserSchema.shape;
  users.forEach((raw, i) => {
    if (!isMapping(raw)) return;
    const field = <S extends z.ZodType>(name: string, schema: S) => readField(file, raw, ["users", i, name], schema);
    const at = valuePosition(file, ["users", i]);
    const entry: UserEntry = {
      at,
      formerEmails: formerEmailsOf(file, raw, ["users", i]),
      active: located(field("active", u.active)) ?? { value: true, at },
      protect: valueOf(withDefault(field("protect", u.protect), defaults.protect)) ?? false,
      retainOnDelete: valueOf(withDefault(field("retainOnDelete", u.retainOnDelete), defaults.retainOnDelete)) ?? false,
    };
    if (typeof raw.email === "string" && raw.email.trim() !== "") {
      entry.email = { value: raw.email.trim(), at: valuePosition(file, ["users", i, "email"]) };
    }
    const firstName = valueOf(field("firstName", u.firstName));
    if (firstName !== undefined) entry.firstName = firstName;
    const lastName = valueOf(field("lastName", u.lastName));
    if (lastName !== undefined) entry.lastName = lastName;

    const role = withDefault(field("role", u.role), defaults.role);
    if (role.kind === "value") entry.role = { value: role.value, at: role.at };
    else if (role.kind === "absent") {
      out.issues.push(error(at, "missing required field 'role' (set it on the user, or under 'defaults' in this file)"));
    }
    const department = withDefault(field("department", u.department), defaults.department);
    if (department.kind === "value" || department.kind === "none") entry.department = located(department) ?? null;
    const location = withDefault(field("location", u.location), defaults.location);
    if (location.kind === "value" || location.kind === "none") entry.location = located(location) ?? null;
    const manager = located(field("manager", u.manager));
    if (manager) entry.manager = manager;
    const employeeId = field("employeeId", u.employeeId);
    if (employeeId.kind === "value" || employeeId.kind === "none") entry.employeeId = valueOf(employeeId) ?? null;
    const isManager = valueOf(field("isManager", u.isManager));
    if (isManager !== undefined) entry.isManager = isManager;
    const deactivateOn = field("deactivateOn", u.deactivateOn);
    if (deactivateOn.kind === "value" || deactivateOn.kind === "none") entry.deactivateOn = located(deactivateOn) ?? null;
    const startOn = located(field("startOn", u.startOn));
    if (startOn) entry.startOn = startOn;
    out.users.push(entry);
  });

  if (isMapping(data.defaults) && Object.keys(data.defaults).length > 0 && users.length === 0) {
    out.issues.push(
      warning(keyPosition(file, ["defaults"]), "'defaults' apply only to the users of the same file, and this file has none"),
    );
  }
  return out;
}
