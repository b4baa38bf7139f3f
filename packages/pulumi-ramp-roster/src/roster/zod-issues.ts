// zod issues → roster issues: a message people understand, at the node the issue is about.
import type { z } from "zod";
import { error } from "./errors.js";
import type { RosterIssue } from "./model.js";
import { keyPosition, sourceText, valuePosition, type NodePath, type YamlFile } from "./positions.js";
import { closest } from "./suggest.js";
import { knownFieldsAt, unknownFieldMessage } from "./schema.js";

type ZodIssue = z.core.$ZodIssue;

/** `the string "yes"`, `the number 7`, `a list`... `raw` (the source text) tells an empty value from `null`. */
function describeValue(value: unknown, raw: string | undefined): string {
  if (value === null) return raw === undefined || raw === "" ? "an empty value" : "null";
  if (Array.isArray(value)) return "a list";
  switch (typeof value) {
    case "string":
      return `the string ${JSON.stringify(value)}`;
    case "number":
    case "boolean":
      return `the ${typeof value} ${raw ?? String(value)}`;
    case "object":
      return "a mapping";
    default:
      return `a ${typeof value}`;
  }
}

const ENTRY_SHAPES: Readonly<Record<string, string>> = {
  users: "a user must be a mapping with email, firstName, lastName and the other user fields",
  departments: "a department must be a name, or a mapping with a name",
  locations: "a location must be a name, or a mapping with a name and an optional entityId",
  renamedFrom: "a name in 'renamedFrom' must be a string",
  formerEmails: "an email in 'formerEmails' must be a string",
};

/**
 * What a field must be, where it is more than one type ("a name or a list of names"), and whether quoting a number
 * written there keeps what was meant (a name can be "2024"; an email cannot be a number).
 */
const FIELD_EXPECTED: Readonly<Record<string, { what: string; quotable: boolean }>> = {
  renamedFrom: { what: "a name or a list of names", quotable: true },
  formerEmails: { what: "an email or a list of emails", quotable: false },
  deactivateOn: { what: "a date written YYYY-MM-DD, such as 2027-03-31", quotable: false },
};

const EXPECTED: Readonly<Record<string, string>> = {
  string: "a string",
  boolean: "true or false",
  array: "a list",
  object: "a mapping",
  number: "a number",
};

function typeMessage(path: NodePath, expected: string, input: unknown, raw: string | undefined): string {
  const actual = describeValue(input, raw);
  const last = path[path.length - 1];
  if (last === undefined) {
    return `a roster file must be a mapping with some of the sections departments, locations, defaults, users, policy; not ${actual}`;
  }
  if (typeof last === "number") {
    const shape = ENTRY_SHAPES[String(path[path.length - 2])] ?? `this entry must be ${EXPECTED[expected] ?? expected}`;
    return `${shape}; not ${actual}`;
  }
  const field = String(last);
  const wanted = Object.hasOwn(FIELD_EXPECTED, field) ? FIELD_EXPECTED[field] : undefined;
  const quoteIt =
    (wanted ? wanted.quotable : expected === "string") && (typeof input === "number" || typeof input === "boolean") && raw !== undefined
      ? `; quote it to keep it as written: ${field}: "${raw}"`
      : "";
  return `'${field}' must be ${wanted?.what ?? EXPECTED[expected] ?? expected}, not ${actual}${quoteIt}`;
}

/** Translate the issues zod found in one file's data. */
export function toRosterIssues(file: YamlFile, issues: readonly ZodIssue[]): RosterIssue[] {
  // A typo both adds an unknown field and leaves a required one missing: report the typo alone.
  const suggested = new Set<string>();
  for (const issue of issues) {
    if (issue.code !== "unrecognized_keys") continue;
    for (const key of issue.keys) {
      const match = closest(key, knownFieldsAt(issue.path));
      if (match !== undefined) suggested.add(JSON.stringify([...issue.path, match]));
    }
  }

  const out: RosterIssue[] = [];
  for (const issue of issues) {
    const path = issue.path;
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        out.push(error(keyPosition(file, [...path, key]), unknownFieldMessage(key, knownFieldsAt(path))));
      }
    } else if (issue.code === "invalid_type" && issue.input === undefined) {
      if (suggested.has(JSON.stringify(path))) continue;
      out.push(error(valuePosition(file, path), `missing required field '${String(path[path.length - 1])}'`));
    } else if (issue.code === "invalid_type") {
      out.push(error(valuePosition(file, path), typeMessage(path, issue.expected, issue.input, sourceText(file, path))));
    } else {
      out.push(error(valuePosition(file, path), issue.message));
    }
  }
  return out;
}
