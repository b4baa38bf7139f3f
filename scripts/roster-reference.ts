// `npm run docs:roster`: writes docs/roster-reference.md from the roster's zod schema (every section and field, whether
// it is required, what it takes) and Ramp's facts (roles, limits). Each field's meaning is written once, below; a
// field of the schema without one, or one here that the schema lacks, stops the script, and
// test/docs/roster-reference.test.ts fails when the page differs from what this writes.
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { z } from "zod";
import { MAX_NAME_LENGTH, ROLES } from "../packages/pulumi-ramp-roster/src/ramp-facts.js";
import { ROSTER_LIMITS, formatBytes, formatCount } from "../packages/pulumi-ramp-roster/src/roster/limits.js";
import { PolicySchema } from "../packages/pulumi-ramp-roster/src/roster/policy.js";
import { DefaultsSchema, DepartmentSchema, LocationSchema, RosterFileSchema, UserSchema } from "../packages/pulumi-ramp-roster/src/roster/schema.js";

export const REFERENCE_PATH = resolve(__dirname, "..", "docs", "roster-reference.md");

/** What a field means, its default when it has one, and an example value as YAML. */
interface FieldDoc {
  what: string;
  default?: string;
  example?: string;
}

type Docs = Record<string, FieldDoc>;

const SECTIONS: Docs = {
  departments: { what: "The departments users may belong to: names, or mappings (below).", example: "[Engineering, Finance]" },
  locations: { what: "The locations users may belong to: names, or mappings (below).", example: "[New York HQ]" },
  defaults: { what: "Values for every user of **this file** that does not set the field.", example: "{role: Cardholder}" },
  users: { what: "The people who have access to Ramp (below).", example: "- {email: ...}" },
  policy: { what: "The company's own rules for the roster; once per roster, in any one file of a folder.", example: "{maxAdmins: 3}" },
};

const USER: Docs = {
  email: { what: "The user's identity, compared case-insensitively; plain ASCII. A new email is a new person, unless the old one is in `formerEmails`.", example: "jane@example.com" },
  formerEmails: { what: "The email or emails the user had before: the change is then one user's, not an invite and a deactivation. See [emails and renames](emails-and-renames.md).", example: "jane@old.example.com" },
  firstName: { what: `The first name, 1 to ${MAX_NAME_LENGTH} characters (Ramp's limit).`, example: "Jane" },
  lastName: { what: `The last name, 1 to ${MAX_NAME_LENGTH} characters.`, example: "Doe" },
  role: { what: "A role name from [Roles](#roles), here or in `defaults`.", example: "Cardholder" },
  department: { what: "One of `departments`. Absent: not managed (Ramp's value stays). `~`: none, which Ramp's API cannot set for a user who has one.", example: "Engineering" },
  location: { what: "One of `locations`; absent and `~` as for `department`.", example: "New York HQ" },
  manager: { what: "Another roster user's email (any file of a folder). Not on an Admin, not oneself, no cycles. Absent: no manager (one set by hand in Ramp is cleared).", example: "jane@example.com" },
  employeeId: { what: "Ramp's employee id. Quote numbers so leading zeros stay. Absent: not managed.", example: '"E-0042"' },
  isManager: { what: "Ramp's \"is manager\" flag. Absent: not managed.", example: "true" },
  active: { what: "`false` deactivates the user in Ramp (history and cards kept) and keeps them in the roster; `true` again reactivates the same user. Someone whose access was removed outside the roster (by an admin in Ramp, by Ramp on their date, a former person's account under this email) stays inactive until `ramp:confirmReactivations` names them. See [guards](guards.md).", default: "`true`", example: "false" },
  deactivateOn: { what: "The day Ramp deactivates the user by itself (contractors, temporary staff), `YYYY-MM-DD`. Not on an Admin. Absent: not managed (Ramp's date is kept; a guest keeps the date Ramp gives guests). `~`: no date, an explicit grant of open-ended access that the plan shows. A date that has passed is a warning: the user stays inactive and is never reactivated.", example: "2027-03-31" },
  startOn: { what: "The person's first day, `YYYY-MM-DD`. Before it they are a draft user in Ramp (managers, departments and approvals can be set up) and Ramp holds an invitation it sends on that day: nobody is invited early. Moving it reschedules; removing it sends the invitation now; removing the person before the day cancels it (the draft is deactivated; nobody loses access). On or after the day, or absent: invited at once. Not after `deactivateOn`. A day that has passed is a warning. See [joiners](joiners.md).", example: "2027-01-04" },
  protect: { what: "Neither deactivated nor given another role while set, nor in the change that removes it. See [guards](guards.md).", default: "`false`", example: "true" },
  retainOnDelete: { what: "Removing the user from the roster only drops them from the stack; they stay as they are in Ramp.", default: "`false`", example: "true" },
};

const DEPARTMENT: Docs = {
  name: { what: "The department's name, unique ignoring case.", example: "Platform Engineering" },
  renamedFrom: { what: "The name or names it had before: renames the same Ramp department instead of making a new one. See [emails and renames](emails-and-renames.md).", example: "Engineering" },
};

const LOCATION: Docs = {
  name: { what: "The location's name, unique ignoring case.", example: "New York HQ" },
  entityId: { what: "The id of the Ramp business entity the location belongs to.", example: "2f9c1e4a-0000-4000-8000-000000000000" },
  renamedFrom: { what: "The name or names it had before, as for departments.", example: "NYC" },
};

const DEFAULTS: Docs = {
  role: { what: "The role of the file's users that set none." },
  department: { what: "Their department; a user's `department: ~` opts out." },
  location: { what: "Their location; a user's `location: ~` opts out." },
  protect: { what: "`protect` for the file's users." },
  retainOnDelete: { what: "`retainOnDelete` for the file's users." },
};

const POLICY: Docs = {
  emailDomains: { what: "Active users' emails must be in one of these domains; `*.example.com` allows its subdomains too.", example: "[example.com]" },
  emailExceptions: { what: "Addresses allowed outside `emailDomains` (an outside auditor).", example: "[audit@kline-partners.com]" },
  maxAdmins: { what: "The most active Admins the roster may have.", example: "3" },
  privilegedRoleFiles: { what: "In a roster folder, the only files that may give Admin, IT Admin or Bookkeeper (for CODEOWNERS).", example: "[company.yaml]" },
};

interface Shape {
  required: boolean;
  /** `~` (null) is accepted. */
  nullable: boolean;
  type: string;
}

/** How a zod schema reads, in words: required or not, null or not, and the type of what it takes. */
export function describeSchema(schema: z.ZodType, noun = "text"): Shape {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  const inner = (key: string) => describeSchema(def[key] as z.ZodType, noun);
  switch (def.type) {
    case "optional":
      return { ...inner("innerType"), required: false };
    case "nullable":
      return { ...inner("innerType"), nullable: true };
    case "pipe": {
      const input = (def.in as { _zod: { def: { type: string } } })._zod.def.type;
      // A check or conversion after the type (a role name to Ramp's): the type is what goes in.
      if (input !== "transform") return inner("in");
      const out = inner("out");
      // A preprocess step that turns one value into a list, or a name into a mapping.
      const outDef = (def.out as { _zod: { def: { type: string; element?: z.ZodType } } })._zod.def;
      if (outDef.type === "array" && outDef.element) return { ...out, type: `${describeSchema(outDef.element, noun).type}, or a list of them` };
      if (out.type === "mapping") return { ...out, type: "a name, or a mapping" };
      return out;
    }
    case "array": {
      const element = describeSchema(def.element as z.ZodType, noun).type;
      const plural = element === "a name, or a mapping" ? "names or mappings" : element === "text" ? "texts" : `${element}s`;
      return { required: true, nullable: false, type: `list of ${plural}` };
    }
    case "object":
      return { required: true, nullable: false, type: "mapping" };
    case "boolean":
      return { required: true, nullable: false, type: "`true` or `false`" };
    case "number":
      return { required: true, nullable: false, type: "number" };
    case "string":
      return { required: true, nullable: false, type: noun };
    default:
      throw new Error(`roster-reference: no words for a zod ${def.type}`);
  }
}

/** The words for a field's values where the schema says only "text". */
const NOUNS: Record<string, string> = {
  email: "email",
  formerEmails: "email",
  manager: "email",
  emailExceptions: "email",
  role: "role",
  deactivateOn: "date",
  startOn: "date",
  emailDomains: "domain",
  privilegedRoleFiles: "file name",
};

function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

function fieldTable(title: string, shape: Record<string, z.ZodType>, docs: Docs): string {
  const fields = Object.keys(shape);
  const missing = fields.filter((f) => !Object.hasOwn(docs, f));
  const extra = Object.keys(docs).filter((f) => !fields.includes(f));
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(`roster-reference: ${title}: fields of the schema without words: [${missing.join(", ")}]; words for no field: [${extra.join(", ")}]`);
  }
  const rows = fields.map((field) => {
    const s = describeSchema(shape[field] as z.ZodType, NOUNS[field]);
    const doc = docs[field] as FieldDoc;
    const type = `${s.type}${s.nullable ? ", or `~`" : ""}`;
    const example = doc.example === undefined ? "" : `\`${doc.example}\``;
    return `| \`${field}\` | ${s.required ? "**required**" : "optional"} | ${cell(type)} | ${doc.default ?? ""} | ${cell(doc.what)} | ${cell(example)} |`;
  });
  return ["| field | | takes | default | what it does | example |", "| --- | --- | --- | --- | --- | --- |", ...rows].join("\n");
}

function objectShape(schema: z.ZodType): Record<string, z.ZodType> {
  const def = (schema as unknown as { _zod: { def: { type: string; out?: z.ZodType; shape?: Record<string, z.ZodType> } } })._zod.def;
  if (def.type === "pipe" && def.out) return objectShape(def.out);
  if (def.type === "object" && def.shape) return def.shape;
  throw new Error(`roster-reference: not a mapping: ${def.type}`);
}

function rolesTable(): string {
  const rows = ROLES.map(
    (r) => `| ${r.display} | \`${r.api}\` | ${r.assignable ? "yes" : "no: Ramp's API cannot invite or assign it"} | ${r.privileged ? "yes" : ""} |`,
  );
  return ["| name (any case) | Ramp's API name (exact) | a roster may give it | privileged |", "| --- | --- | --- | --- |", ...rows].join("\n");
}

function limitsList(): string {
  const l = ROSTER_LIMITS;
  return [
    `- ${formatBytes(l.fileBytes)} per file, ${formatBytes(l.totalBytes)} for all the files of a folder, ${formatCount(l.files)} \`*.yaml\` / \`*.yml\` files in a folder;`,
    `- ${formatCount(l.users)} users;`,
    `- ${formatCount(l.tokens)} YAML tokens in all files (keys, values, \`-\`, \`:\`, \`,\`, \`[\`, \`{\`; a user is about 20 to 40);`,
    `- lists and mappings nested ${formatCount(l.depth)} deep (a roster needs 4);`,
    `- ${formatCount(l.aliases)} aliases per file, repeating at most ${formatCount(l.aliasedValues)} values;`,
    `- ${formatCount(l.valueLength)} characters per key or value.`,
  ].join("\n");
}

export function rosterReference(): string {
  return `# Roster reference

<!-- Generated by \`npm run docs:roster\` (scripts/roster-reference.ts) from the roster's schema and Ramp's facts.
     Do not edit: test/docs/roster-reference.test.ts fails when this page is stale. -->

A roster is one YAML file, or a folder of \`*.yaml\` / \`*.yml\` files merged in name order (entries the folder does
not read — other files, hidden files, subfolders — are named in a warning). [\`examples/roster.yaml\`](../examples/roster.yaml)
uses every field. \`ramp-roster validate\` and every \`pulumi preview\` check all of it, and report each problem as
\`file:line:column\`. Unknown fields are errors ("did you mean ...?"). The file is YAML 1.2: \`yes\` and \`no\` are
text (write \`true\` / \`false\`); merge keys (\`<<:\`) are refused, use \`defaults\`.

## Sections

${fieldTable("sections", RosterFileSchema.shape as unknown as Record<string, z.ZodType>, SECTIONS)}

## \`users\`

${fieldTable("users", UserSchema.shape as unknown as Record<string, z.ZodType>, USER)}

## \`departments\`

Each entry is a name, or a mapping:

${fieldTable("departments", objectShape(DepartmentSchema as unknown as z.ZodType), DEPARTMENT)}

Ramp cannot delete a department: removing one from the roster stops managing it.

## \`locations\`

Each entry is a name, or a mapping:

${fieldTable("locations", objectShape(LocationSchema as unknown as z.ZodType), LOCATION)}

## \`defaults\`

${fieldTable("defaults", DefaultsSchema.shape as unknown as Record<string, z.ZodType>, DEFAULTS)}

## \`policy\`

Checked with the rest of the roster, so a breach fails the pull request's preview. How to pair it with CODEOWNERS
and branch protection: [CI and review](ci.md).

${fieldTable("policy", PolicySchema.shape as unknown as Record<string, z.ZodType>, POLICY)}

## Roles

${rolesTable()}

## Limits

A roster is refused, with an error naming the limit, past any of these (\`loadRoster(path, { limits })\` takes
tighter ones):

${limitsList()}
`;
}

if (require.main === module) {
  const text = rosterReference();
  writeFileSync(REFERENCE_PATH, text);
  process.stdout.write(`wrote ${join("docs", "roster-reference.md")} (${text.split("\n").length} lines)\n`);
}
