// Roster policy: rules a company sets on its own roster, written in the roster itself (a top-level `policy:`
// section, in one file of the roster) and checked with the other cross-checks, so `validate` and `pulumi preview`
// report a breach at file:line:column. Rules: the email domains people may be invited with (and named exceptions),
// the most active Admins, and the files in which privileged roles may be given (for CODEOWNERS).
import { basename } from "node:path";
import { z } from "zod";
import { ADMIN_ROLE, emailKey, PRIVILEGED_ROLES } from "../ramp-facts.js";
import { emailProblem } from "./email.js";
import { error, plural, warning } from "./errors.js";
import type { UserEntry } from "./entries.js";
import type { RosterIssue, RosterPolicy, SourcePosition } from "./model.js";
import { keyPosition, valuePosition, type YamlFile } from "./positions.js";
import { describeRole } from "./roles.js";

const DOMAIN = /^(\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,}|xn--[a-z0-9-]+)$/;

const domain = z
  .string()
  .trim()
  .transform((s) => s.toLowerCase())
  .refine((s) => DOMAIN.test(s), {
    error: (issue) => `'${String(issue.input)}' is not an email domain (such as example.com, or *.example.com for its subdomains)`,
  });

const exceptionEmail = z
  .string()
  .trim()
  .superRefine((s, ctx) => {
    const problem = emailProblem(s);
    if (problem) ctx.addIssue({ code: "custom", message: `malformed email '${s}' in 'emailExceptions': ${problem}` });
  });

const fileName = z.string().trim().min(1, { error: "a file name in 'privilegedRoleFiles' is empty" });

export const PolicyFields = {
  emailDomains: z.array(domain).min(1, { error: "'emailDomains' is an empty list: list the allowed domains, or remove it" }),
  emailExceptions: z.array(exceptionEmail),
  maxAdmins: z
    .number()
    .refine(Number.isInteger, { error: "'maxAdmins' must be a whole number" })
    .refine((n) => n >= 0, { error: "'maxAdmins' cannot be negative" }),
  privilegedRoleFiles: z.array(fileName).min(1, { error: "'privilegedRoleFiles' is an empty list: list the files, or remove it" }),
};

export const PolicySchema = z.strictObject({
  emailDomains: PolicyFields.emailDomains.optional(),
  emailExceptions: PolicyFields.emailExceptions.optional(),
  maxAdmins: PolicyFields.maxAdmins.optional(),
  privilegedRoleFiles: PolicyFields.privilegedRoleFiles.optional(),
});

export const POLICY_FIELDS: readonly string[] = Object.keys(PolicySchema.shape);

interface Located<T> {
  value: T;
  at: SourcePosition;
}

/** One `policy:` section as written, each valid field with its position (invalid ones are reported by the schema). */
export interface PolicyEntry {
  at: SourcePosition;
  emailDomains?: Located<string>[];
  emailExceptions?: Located<string>[];
  maxAdmins?: Located<number>;
  privilegedRoleFiles?: Located<string>[];
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function list<T>(file: YamlFile, raw: unknown, field: string, item: z.ZodType<T>): Located<T>[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const out: Located<T>[] = [];
  raw.forEach((value, i) => {
    const parsed = item.safeParse(value);
    if (parsed.success) out.push({ value: parsed.data, at: valuePosition(file, ["policy", field, i]) });
  });
  return out;
}

/** The file's `policy:` section, if it has one. */
export function collectPolicy(file: YamlFile, data: unknown): PolicyEntry | undefined {
  if (!isMapping(data) || !Object.hasOwn(data, "policy")) return undefined;
  const raw = isMapping(data.policy) ? data.policy : {};
  const entry: PolicyEntry = { at: keyPosition(file, ["policy"]) };
  const domains = list(file, raw.emailDomains, "emailDomains", domain);
  if (domains && domains.length > 0) entry.emailDomains = domains;
  const exceptions = list(file, raw.emailExceptions, "emailExceptions", exceptionEmail);
  if (exceptions) entry.emailExceptions = exceptions;
  const maxAdmins = PolicyFields.maxAdmins.safeParse(raw.maxAdmins);
  if (maxAdmins.success) entry.maxAdmins = { value: maxAdmins.data, at: valuePosition(file, ["policy", "maxAdmins"]) };
  const files = list(file, raw.privilegedRoleFiles, "privilegedRoleFiles", fileName);
  if (files && files.length > 0) entry.privilegedRoleFiles = files;
  return entry;
}

/** The policy as the roster model carries it. */
export function toPolicy(entry: PolicyEntry): RosterPolicy {
  const values = <T>(items: Located<T>[] | undefined) => items?.map((i) => i.value);
  const policy: RosterPolicy = { source: entry.at };
  if (entry.emailDomains) policy.emailDomains = values(entry.emailDomains);
  if (entry.emailExceptions) policy.emailExceptions = values(entry.emailExceptions)?.map(emailKey);
  if (entry.maxAdmins) policy.maxAdmins = entry.maxAdmins.value;
  if (entry.privilegedRoleFiles) policy.privilegedRoleFiles = values(entry.privilegedRoleFiles);
  return policy;
}

/** "roster.yaml:3" */
function at(position: SourcePosition): string {
  return `${position.file}:${position.line}`;
}

/** Whether `email`'s domain is one of `domains` (`*.example.com` also matches any subdomain of example.com). */
export function domainAllowed(email: string, domains: readonly string[]): boolean {
  const host = email.slice(email.lastIndexOf("@") + 1).toLowerCase();
  return domains.some((d) => (d.startsWith("*.") ? host === d.slice(2) || host.endsWith(d.slice(1)) : host === d));
}

function checkDomains(policy: PolicyEntry, users: readonly UserEntry[], complete: boolean, out: RosterIssue[]): void {
  const exceptions = new Map((policy.emailExceptions ?? []).map((e) => [emailKey(e.value), e]));
  if (!policy.emailDomains) {
    for (const exception of exceptions.values()) {
      out.push(warning(exception.at, "'emailExceptions' has no effect without 'emailDomains'"));
    }
    return;
  }
  const domains = policy.emailDomains.map((d) => d.value);
  const used = new Set<string>();
  for (const user of users) {
    if (!user.email || emailProblem(user.email.value) !== undefined) continue; // the schema reports a malformed email
    const key = emailKey(user.email.value);
    if (exceptions.has(key)) {
      used.add(key);
      continue;
    }
    // Inactive users are not invited (and keep whatever account they had), so the rule is about active ones.
    if (!user.active.value || domainAllowed(key, domains)) continue;
    out.push(
      error(
        user.email.at,
        `'${user.email.value}' is outside the allowed email domains (${domains.join(", ")}; policy at ${at(policy.at)}): ` +
          "correct the address, or list it under 'emailExceptions'",
      ),
    );
  }
  if (!complete) return;
  for (const [key, exception] of exceptions) {
    if (!used.has(key)) out.push(warning(exception.at, `'${exception.value}' in 'emailExceptions' is not the email of any user of the roster`));
  }
}

function checkMaxAdmins(policy: PolicyEntry, users: readonly UserEntry[], out: RosterIssue[]): void {
  const limit = policy.maxAdmins;
  if (!limit) return;
  const admins = users.filter((u) => u.active.value && u.role?.value === ADMIN_ROLE);
  const first = admins[limit.value];
  if (!first?.role) return;
  const names = admins.map((u) => u.email?.value ?? "?").join(", ");
  out.push(
    error(
      first.role.at,
      `${plural(admins.length, "active Admin")} in the roster, more than the policy allows (maxAdmins: ${limit.value} at ` +
        `${at(limit.at)}): ${names}`,
    ),
  );
}

function checkPrivilegedFiles(policy: PolicyEntry, users: readonly UserEntry[], files: readonly string[], complete: boolean, out: RosterIssue[]): void {
  if (!policy.privilegedRoleFiles) return;
  const allowed = policy.privilegedRoleFiles.map((f) => basename(f.value));
  const names = allowed.join(", ");
  // Inactive users too: making one active again must happen in a file the policy names.
  for (const user of users) {
    const role = user.role;
    if (!role || !PRIVILEGED_ROLES.includes(role.value) || allowed.includes(basename(user.at.file))) continue;
    out.push(
      error(
        role.at,
        `${describeRole(role.value)} is a privileged role, which the policy allows only in ${names} ` +
          `(privilegedRoleFiles at ${at(policy.at)}): move this user there, or give another role`,
      ),
    );
  }
  if (!complete) return;
  const present = files.map((f) => basename(f));
  for (const file of policy.privilegedRoleFiles) {
    if (!present.includes(basename(file.value))) {
      out.push(error(file.at, `no file named '${basename(file.value)}' in this roster (files: ${present.join(", ")})`));
    }
  }
}

export interface PolicyCheckInput {
  files: readonly string[];
  policies: readonly PolicyEntry[];
  users: readonly UserEntry[];
  /** false when a file could not be read: then a policy may be missing, and "unused" findings could be false. */
  complete: boolean;
}

export function checkPolicy(input: PolicyCheckInput): RosterIssue[] {
  const out: RosterIssue[] = [];
  const [policy, ...others] = input.policies;
  for (const other of others) {
    out.push(error(other.at, `a roster has one policy, and it is already set at ${at(policy!.at)}`));
  }
  if (!policy) return out;
  checkDomains(policy, input.users, input.complete, out);
  checkMaxAdmins(policy, input.users, out);
  checkPrivilegedFiles(policy, input.users, input.files, input.complete, out);
  return out;
}
