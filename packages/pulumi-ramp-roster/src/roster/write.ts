// Writing a roster: a draft (plain data, with the comments to write) → the text of one roster file, or of a roster
// folder split by department. Uses the `yaml` package's Document API so comments sit where they explain something.
// The output is meant to load back with `parseRoster` unchanged.
import { Document, Pair, Scalar, YAMLMap, YAMLSeq } from "yaml";
import type { RosterFileText } from "./model.js";

export interface DraftUser {
  email: string;
  firstName: string;
  lastName: string;
  /** As the roster writes it: a UI name (Admin, Cardholder, IT Admin ...). */
  role: string;
  department?: string;
  location?: string;
  /** The manager's email. */
  manager?: string;
  employeeId?: string;
  isManager?: boolean;
  active: boolean;
  /** `YYYY-MM-DD`: the day Ramp deactivates the user. Absent: not written, so the roster does not manage it. */
  deactivateOn?: string;
  /** A short remark written after the email, on the same line ("invite pending"). */
  remark?: string;
  /** Comment lines written above the user. */
  notes?: string[];
}

export interface DraftLocation {
  name: string;
  entityId?: string;
}

export interface RosterDraft {
  /** Comment lines at the top of every file. */
  header: string[];
  departments: string[];
  locations: DraftLocation[];
  /** Comment lines above `users` in the file that declares departments and locations (a suggested policy, say). */
  beforeUsers?: string[];
  /** In order: the writer groups them by department, keeping their order within a department. */
  users: DraftUser[];
  /** Comment lines at the end of the file that declares departments and locations. */
  footer?: string[];
}

/** The file of a roster folder that declares departments and locations, and holds users without a department. */
export const FOLDER_MAIN_FILE = "company.yaml";

/** "# line" comments are written by the yaml package from text without the "#": a leading blank reads better. */
function commentText(lines: readonly string[]): string {
  return lines.map((line) => (line === "" ? "" : ` ${line}`)).join("\n");
}

function userNode(doc: Document, user: DraftUser): YAMLMap {
  const fields: Record<string, unknown> = {
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    role: user.role,
  };
  if (user.department !== undefined) fields.department = user.department;
  if (user.location !== undefined) fields.location = user.location;
  if (user.manager !== undefined) fields.manager = user.manager;
  if (user.employeeId !== undefined) fields.employeeId = user.employeeId;
  if (user.isManager !== undefined) fields.isManager = user.isManager;
  if (!user.active) fields.active = false;
  if (user.deactivateOn !== undefined) fields.deactivateOn = user.deactivateOn;
  const node = doc.createNode(fields) as YAMLMap;
  if (user.remark) (node.get("email", true) as Scalar).comment = ` ${user.remark}`;
  if (user.notes && user.notes.length > 0) node.commentBefore = commentText(user.notes);
  return node;
}

function locationNode(doc: Document, location: DraftLocation): YAMLMap {
  return doc.createNode(location.entityId === undefined ? { name: location.name } : { name: location.name, entityId: location.entityId }) as YAMLMap;
}

/** A top-level key, with a blank line and optional comment lines above it. */
function sectionKey(doc: Document, name: string, comment: readonly string[] = [], first = false): Scalar {
  const key = doc.createNode(name) as Scalar;
  if (!first) key.spaceBefore = true;
  if (comment.length > 0) key.commentBefore = commentText(comment);
  return key;
}

interface Group {
  title: string;
  users: DraftUser[];
}

/** Users by department, in the draft's department order, then those without one. */
function groups(draft: RosterDraft): Group[] {
  const byDepartment = new Map<string, DraftUser[]>();
  const none: DraftUser[] = [];
  for (const user of draft.users) {
    if (user.department === undefined) none.push(user);
    else byDepartment.set(user.department, [...(byDepartment.get(user.department) ?? []), user]);
  }
  const out: Group[] = [];
  for (const department of draft.departments) {
    const users = byDepartment.get(department);
    if (users) out.push({ title: department, users });
    byDepartment.delete(department);
  }
  // A department no declared one names (the roster reports it when loaded): keep the user anyway.
  for (const [title, users] of byDepartment) out.push({ title, users });
  if (none.length > 0) out.push({ title: "No department", users: none });
  return out;
}

function usersNode(doc: Document, list: readonly Group[], titled: boolean): YAMLSeq {
  const seq = new YAMLSeq();
  list.forEach((group, g) => {
    group.users.forEach((user, i) => {
      const node = userNode(doc, user);
      if (i === 0 && titled) {
        const title = `${group.title} (${group.users.length})`;
        node.commentBefore = commentText([title, ...(user.notes ?? [])]);
        if (g > 0) node.spaceBefore = true;
      }
      seq.items.push(node);
    });
  });
  return seq;
}

interface FileParts {
  header: readonly string[];
  departments?: readonly string[];
  locations?: readonly DraftLocation[];
  beforeUsers?: readonly string[];
  groups: readonly Group[];
  titled: boolean;
  footer?: readonly string[];
}

function render(parts: FileParts): string {
  const doc = new Document();
  const root = new YAMLMap();
  let first = true;
  const add = (key: Scalar, value: unknown) => {
    root.items.push(new Pair(key, value));
    first = false;
  };
  if (parts.departments && parts.departments.length > 0) {
    add(sectionKey(doc, "departments", [], first), doc.createNode([...parts.departments]));
  }
  if (parts.locations && parts.locations.length > 0) {
    const seq = new YAMLSeq();
    for (const location of parts.locations) seq.items.push(locationNode(doc, location));
    add(sectionKey(doc, "locations", [], first), seq);
  }
  add(sectionKey(doc, "users", parts.beforeUsers ?? [], first), usersNode(doc, parts.groups, parts.titled));
  doc.contents = root;
  if (parts.header.length > 0) doc.commentBefore = commentText(parts.header);
  if (parts.footer && parts.footer.length > 0) doc.comment = commentText(parts.footer);
  return doc.toString({ lineWidth: 0 });
}

/** The whole roster as one file: users grouped by department under a comment naming it. */
export function renderRosterFile(draft: RosterDraft): string {
  return render({
    header: draft.header,
    departments: draft.departments,
    locations: draft.locations,
    beforeUsers: draft.beforeUsers ?? [],
    groups: groups(draft),
    titled: true,
    footer: draft.footer ?? [],
  });
}

/** "Sales & Marketing" → "sales-marketing". */
function slug(name: string): string {
  const s = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return s === "" ? "department" : s;
}

/**
 * The roster as a folder: `company.yaml` declares departments and locations and holds the users without a
 * department; each department's users are in a file named after it (`sales-marketing.yaml`). Paths are file names.
 */
export function renderRosterFolder(draft: RosterDraft): RosterFileText[] {
  const all = groups(draft);
  const none = all.filter((g) => g.title === "No department" && g.users.every((u) => u.department === undefined));
  const files: RosterFileText[] = [
    {
      path: FOLDER_MAIN_FILE,
      text: render({
        header: draft.header,
        departments: draft.departments,
        locations: draft.locations,
        beforeUsers: draft.beforeUsers ?? [],
        groups: none,
        titled: false,
        footer: draft.footer ?? [],
      }),
    },
  ];
  const taken = new Set([FOLDER_MAIN_FILE]);
  for (const group of all) {
    if (none.includes(group)) continue;
    let name = `${slug(group.title)}.yaml`;
    for (let n = 2; taken.has(name); n++) name = `${slug(group.title)}-${n}.yaml`;
    taken.add(name);
    files.push({ path: name, text: render({ header: [...draft.header, "", `Department: ${group.title}`], groups: [group], titled: false }) });
  }
  return files;
}
