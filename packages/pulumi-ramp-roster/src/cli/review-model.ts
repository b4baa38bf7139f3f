// The access review: everyone Ramp lists with access, matched to the roster and to the Git change that granted it,
// the leavers of the period, and the findings an auditor looks for first. Pure: a Ramp listing, the roster, its
// history and the pull requests in; the review out, every list in a fixed order so the same inputs give the same bytes.
import type { RampUserRecord } from "../client/index.js";
import { domainAllowed, toDisplayRole, type Roster, type RosterUser } from "../roster/index.js";
import { emailKey, EXPIRED_INVITE_STATUS, INACTIVE_STATUS, OWNER_ROLE, PRIVILEGED_ROLES, SUSPENDED_STATUS } from "../ramp-facts.js";
import { basename } from "node:path";
import type { RampSnapshot } from "./ramp-access.js";
import { judgeApproval, type Approval, type PullRequestRecord } from "./review-approval.js";
import type { PersonChange, RosterHistory } from "./review-git.js";
import { rosterDifferences, type FieldDifference } from "../program/drift.js";

export const FINDING_KINDS = [
  "leaver-active",
  "unapproved-grant",
  "approvals-not-checked",
  "privileged-outside-policy",
  "unmanaged",
  "self-approval",
  "no-end-date",
  "expired-invite",
  "drift",
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** What each kind of finding means, for people. */
export const FINDING_TITLES: Record<FindingKind, string> = {
  "leaver-active": "Left, still active in Ramp",
  "unapproved-grant": "Access granted without an approved pull request",
  "approvals-not-checked": "Approvals not checked",
  "privileged-outside-policy": "Privileged role outside the policy's files",
  unmanaged: "Access not managed by the roster",
  "self-approval": "Self-approval (segregation of duties)",
  "no-end-date": "Guest or contractor without an end date",
  "expired-invite": "Expired invite",
  drift: "Drift: Ramp differs from the roster",
};

export interface Finding {
  kind: FindingKind;
  /** The person, when the finding is about one. */
  email: string | null;
  name: string;
  detail: string;
}

export interface ReviewChange {
  commit: string;
  mergedAt: string;
  authors: string[];
  pullRequest: number | null;
  how: "merge" | "squash" | "direct";
  what: PersonChange["what"];
  approval: Approval;
}

/** A field in which Ramp differs from the roster (program/drift.ts). */
export type DriftField = FieldDifference;

export interface ReviewPerson {
  email: string;
  name: string;
  /** UI name, or Ramp's name for a role the roster does not know. */
  role: string;
  privileged: boolean;
  status: string;
  manager: string | null;
  department: string | null;
  location: string | null;
  /** Ramp's scheduled deactivation date. */
  endDate: string | null;
  /** `file:line` in the roster, or null when the roster does not manage them. */
  roster: string | null;
  /** Why the person is listed though Ramp shows them inactive, or why they cannot be in a roster. */
  note: string;
  /** The change that last gave them access (added, or active again). */
  granted: ReviewChange | null;
  /** The change that gave them their current role (the grant, or a later change of role). */
  roleGranted: ReviewChange | null;
  /** Empty when the history gives it; else why not (not managed, or the history does not match the roster). */
  provenanceNote: string;
  drift: DriftField[];
  findings: FindingKind[];
}

export interface Leaver {
  email: string;
  name: string;
  /** removed from the roster, or set `active: false` */
  change: "removed" | "deactivated";
  commit: string;
  mergedAt: string;
  pullRequest: number | null;
  /** Ramp's status now, or null when Ramp has no such user. */
  rampStatus: string | null;
  inactiveNow: boolean;
}

export interface ReviewSummary {
  people: number;
  privileged: number;
  managed: number;
  unmanaged: number;
  leavers: number;
  findings: number;
  /** People with at least one finding. */
  peopleWithFindings: number;
}

export interface Evidence {
  tool: string;
  rampApi: string;
  /** The Ramp listing: when it started and ended by the clock of the machine that made it, and how many users it had. */
  listing: { startedAt: string; finishedAt: string; usersListed: number; scopes: string[] };
  git: { commit: string; rosterFiles: string[] };
  github: { api: string; repository: string | null; checked: boolean };
  period: { since: string; until: string };
  /** SHA-256 of the review's content (this object included, this field excepted): see reviewDigestInput. */
  contentSha256: string;
}

export interface Review {
  evidence: Evidence;
  summary: ReviewSummary;
  findings: Finding[];
  people: ReviewPerson[];
  leavers: Leaver[];
}

export interface ReviewInputs {
  snapshot: RampSnapshot;
  roster: Roster;
  /** Roster file path as loaded → its path from the repository's top, for `file:line`. */
  rosterFileName(file: string): string;
  history: RosterHistory;
  /** Pull requests read from GitHub by number; null: GitHub has none. Absent map: GitHub not read. */
  pullRequests: ReadonlyMap<number, PullRequestRecord | null> | undefined;
  listing: { startedAt: Date; finishedAt: Date };
  since: Date;
  tool: string;
  github: { api: string; repository: string | null };
}

const ROLE_ORDER = ["BUSINESS_OWNER", "BUSINESS_ADMIN", "IT_ADMIN", "BUSINESS_BOOKKEEPER", "?", "AUDITOR", "BUSINESS_USER", "GUEST_USER"];
const roleRank = (role: string) => {
  const i = ROLE_ORDER.indexOf(role);
  return i >= 0 ? i : ROLE_ORDER.indexOf("?");
};
/** Privileged for the review: the Owner, Ramp's privileged roles, and any role this tool does not know (fail closed). */
const isPrivileged = (role: string) => role === OWNER_ROLE || (PRIVILEGED_ROLES as readonly string[]).includes(role) || !ROLE_ORDER.includes(role);

/** People with access: every status but inactive; inactive ones too when a change is scheduled (see `note`). */
function accessNote(user: RampUserRecord, rosterUser: RosterUser | undefined): string | null {
  if (user.status !== INACTIVE_STATUS) return "";
  if (user.scheduledDeactivationDate) return `inactive, with a scheduled deactivation date ${user.scheduledDeactivationDate}`;
  if (rosterUser?.active) return "inactive in Ramp, active in the roster: the next pulumi up gives access back only if the roster removed them or ramp:confirmReactivations names them";
  return null;
}


const person = (p: { name: string; email: string }) => `${p.name} <${p.email}>`;

/** The review's content as the digest covers it: canonical JSON of the review, its digest field left out. */
export function reviewDigestInput(review: Review): string {
  const { contentSha256: _omitted, ...evidence } = review.evidence;
  return JSON.stringify({ ...review, evidence });
}

export function buildReview(input: ReviewInputs, digest: (text: string) => string): Review {
  const { snapshot, roster, history } = input;
  const names = {
    department: new Map(snapshot.departments.map((d) => [d.id, d.name])),
    location: new Map(snapshot.locations.map((l) => [l.id, l.name])),
    email: new Map(snapshot.users.map((u) => [u.id, u.email])),
  };
  const since = input.since.getTime();
  const liveByKey = new Map(snapshot.users.map((u) => [emailKey(u.email), u]));
  // The roster's users as Ramp has them: by email, or by a former email while the change is not applied yet.
  const rosterByRampId = new Map<string, RosterUser>();
  for (const user of roster.users) {
    const found = liveByKey.get(user.key) ?? user.formerEmails?.map((e) => liveByKey.get(e)).find((u) => u !== undefined);
    if (found && !rosterByRampId.has(found.id)) rosterByRampId.set(found.id, user);
  }
  const privilegedFiles = roster.policy?.privilegedRoleFiles?.map((f) => basename(f));
  const domains = roster.policy?.emailDomains;
  const exceptions = new Set(roster.policy?.emailExceptions ?? []);
  const findings: Finding[] = [];
  let unchecked = 0;

  const change = (c: PersonChange | undefined): ReviewChange | null => {
    if (!c) return null;
    const inPeriod = Date.parse(c.commit.mergedAt) >= since;
    const approval: Approval = inPeriod
      ? judgeApproval(c.commit, input.pullRequests === undefined ? undefined : (input.pullRequests.get(c.commit.pullRequest ?? -1) ?? null))
      : { status: "before-period", approvers: [], pullRequestAuthor: null, note: "merged before the review period: not checked again" };
    return {
      commit: c.commit.sha,
      mergedAt: c.commit.mergedAt,
      authors: c.commit.authors.map(person),
      pullRequest: c.commit.pullRequest,
      how: c.commit.kind,
      what: c.what,
      approval,
    };
  };

  const people: ReviewPerson[] = [];
  for (const user of snapshot.users) {
    const rosterUser = rosterByRampId.get(user.id);
    const note = accessNote(user, rosterUser);
    if (note === null) continue;
    const name = `${user.firstName} ${user.lastName}`.trim();
    const managerUser = user.managerId === null ? undefined : snapshot.users.find((u) => u.id === user.managerId);
    const entry: ReviewPerson = {
      email: user.email,
      name,
      role: toDisplayRole(user.role),
      privileged: isPrivileged(user.role),
      status: user.status,
      manager: user.managerId === null ? null : (managerUser?.email ?? `Ramp user ${user.managerId}`),
      department: user.departmentId === null ? null : (names.department.get(user.departmentId) ?? `id ${user.departmentId}`),
      location: user.locationId === null ? null : (names.location.get(user.locationId) ?? `id ${user.locationId}`),
      endDate: user.scheduledDeactivationDate ?? null,
      roster: rosterUser ? `${input.rosterFileName(rosterUser.source.file)}:${rosterUser.source.line}` : null,
      note:
        note ||
        (user.scheduledInvitationDate ? `a joiner: Ramp sends the invite on ${user.scheduledInvitationDate.slice(0, 10)} (their first day)` : "") ||
        (user.role === OWNER_ROLE && !rosterUser ? "the business owner: Ramp's API cannot manage the owner, so no roster can" : "") ||
        (user.status === SUSPENDED_STATUS && !rosterUser ? "suspended by Ramp: a roster cannot express it" : ""),
      granted: null,
      roleGranted: null,
      provenanceNote: "",
      drift: [],
      findings: [],
    };
    const finding = (kind: FindingKind, detail: string) => {
      if (!entry.findings.includes(kind)) entry.findings.push(kind);
      findings.push({ kind, email: user.email, name, detail });
    };

    if (!rosterUser) {
      entry.provenanceNote = "not managed by the roster";
      if (user.role !== OWNER_ROLE && user.status !== SUSPENDED_STATUS && user.status !== INACTIVE_STATUS) finding("unmanaged", `${toDisplayRole(user.role)}, ${user.status}: in Ramp, not in the roster`);
    } else {
      const h = history.people.get(rosterUser.key);
      const final = h?.final;
      if (!h || !final || !final.present || final.active !== rosterUser.active || final.role !== rosterUser.role) {
        entry.provenanceNote = "the roster's history does not show how this entry came to be (written in a way the history reader does not follow)";
        finding("unapproved-grant", "no approved change can be shown: the history reader could not follow this entry");
      } else {
        entry.granted = change(h.granted);
        entry.roleGranted = h.role && h.role.commit.sha !== h.granted?.commit.sha ? change(h.role) : entry.granted;
        for (const c of [entry.granted, entry.roleGranted === entry.granted ? null : entry.roleGranted]) {
          if (!c) continue;
          const what = c.what === "role" ? "role" : "access";
          const at = `${c.commit.slice(0, 12)}${c.pullRequest !== null ? ` (#${c.pullRequest})` : ""}`;
          if (c.approval.status === "not-checked") unchecked += 1;
          else if (c.approval.status === "no-pull-request" || c.approval.status === "not-approved") finding("unapproved-grant", `${what} granted by ${at}: ${c.approval.note}`);
          else if (c.approval.status === "self-approved") finding("self-approval", `${what} granted by ${at}: ${c.approval.note}`);
          if (c.approval.status !== "before-period" && c.authors.some((a) => a.toLowerCase().endsWith(`<${rosterUser.key}>`))) {
            finding("self-approval", `${what} granted by ${at}, a change ${name || user.email} wrote themselves`);
          }
        }
      }
      entry.drift = rosterDifferences(rosterUser, user, names);
      if (entry.drift.length > 0) finding("drift", entry.drift.map((f) => `${f.field}: roster ${f.roster ?? "(none)"}, Ramp ${f.ramp ?? "(none)"}`).join("; "));
      if (privilegedFiles && entry.privileged && user.role !== OWNER_ROLE && !privilegedFiles.includes(basename(rosterUser.source.file))) {
        finding("privileged-outside-policy", `${toDisplayRole(user.role)} in Ramp, and the roster lists them in ${basename(rosterUser.source.file)}, not in ${privilegedFiles.join(", ")}`);
      }
    }
    const key = emailKey(user.email);
    const external = domains !== undefined && (exceptions.has(key) || !domainAllowed(key, domains));
    if (user.status !== INACTIVE_STATUS && !user.scheduledDeactivationDate && (user.role === "GUEST_USER" || external)) {
      finding("no-end-date", `${user.role === "GUEST_USER" ? "a guest" : "a contractor (email outside the policy's domains)"} with no scheduled deactivation date in Ramp`);
    }
    if (user.status === EXPIRED_INVITE_STATUS) finding("expired-invite", "the invite expired before it was accepted: resend it in Ramp, or remove the person");
    people.push(entry);
  }
  people.sort((a, b) => roleRank(toApiRoleOf(a.role)) - roleRank(toApiRoleOf(b.role)) || a.name.localeCompare(b.name) || a.email.localeCompare(b.email));

  // Leavers: removed or set inactive in the period, and not back in the roster as active.
  const formerOfCurrent = new Set(roster.users.flatMap((u) => u.formerEmails ?? []));
  const leavers: Leaver[] = [];
  for (const [key, h] of history.people) {
    const removed = h.removed;
    if (!removed || Date.parse(removed.commit.mergedAt) < since) continue;
    if ((h.final.present && h.final.active) || formerOfCurrent.has(key)) continue;
    const live = liveByKey.get(key);
    const inactiveNow = !live || live.status === INACTIVE_STATUS;
    const name = live ? `${live.firstName} ${live.lastName}`.trim() : "";
    leavers.push({
      email: live?.email ?? key,
      name,
      change: removed.what === "deactivated" ? "deactivated" : "removed",
      commit: removed.commit.sha,
      mergedAt: removed.commit.mergedAt,
      pullRequest: removed.commit.pullRequest,
      rampStatus: live?.status ?? null,
      inactiveNow,
    });
    if (!inactiveNow) {
      const detail = `${removed.what === "deactivated" ? "set active: false" : "removed from the roster"} on ${removed.commit.mergedAt.slice(0, 10)} (${removed.commit.sha.slice(0, 12)}), still ${live!.status} in Ramp`;
      findings.push({ kind: "leaver-active", email: live!.email, name, detail });
      const listed = people.find((p) => emailKey(p.email) === key);
      if (listed && !listed.findings.includes("leaver-active")) listed.findings.push("leaver-active");
    }
  }
  leavers.sort((a, b) => a.mergedAt.localeCompare(b.mergedAt) || a.email.localeCompare(b.email));
  if (unchecked > 0) {
    findings.push({ kind: "approvals-not-checked", email: null, name: "", detail: `${unchecked} grant${unchecked === 1 ? "" : "s"} of the period name a pull request whose approval was not checked: set GITHUB_TOKEN` });
  }
  for (const p of people) p.findings.sort((a, b) => FINDING_KINDS.indexOf(a) - FINDING_KINDS.indexOf(b));
  const privilegedFirst = new Set(people.filter((p) => p.privileged).map((p) => p.email));
  findings.sort(
    (a, b) =>
      FINDING_KINDS.indexOf(a.kind) - FINDING_KINDS.indexOf(b.kind) ||
      Number(privilegedFirst.has(b.email ?? "")) - Number(privilegedFirst.has(a.email ?? "")) ||
      (a.email ?? "").localeCompare(b.email ?? "") ||
      a.detail.localeCompare(b.detail),
  );

  const review: Review = {
    evidence: {
      tool: input.tool,
      rampApi: snapshot.baseUrl,
      listing: { startedAt: input.listing.startedAt.toISOString(), finishedAt: input.listing.finishedAt.toISOString(), usersListed: snapshot.users.length, scopes: ["users:read", "departments:read", "locations:read"] },
      git: { commit: history.head, rosterFiles: roster.files.map(input.rosterFileName).sort() },
      github: { ...input.github, checked: input.pullRequests !== undefined },
      period: { since: input.since.toISOString().slice(0, 10), until: input.listing.startedAt.toISOString().slice(0, 10) },
      contentSha256: "",
    },
    summary: {
      people: people.length,
      privileged: people.filter((p) => p.privileged).length,
      managed: people.filter((p) => p.roster !== null).length,
      unmanaged: people.filter((p) => p.roster === null).length,
      leavers: leavers.length,
      findings: findings.length,
      peopleWithFindings: people.filter((p) => p.findings.length > 0).length,
    },
    findings,
    people,
    leavers,
  };
  review.evidence.contentSha256 = digest(reviewDigestInput(review));
  return review;
}

const DISPLAY_TO_API = new Map(ROLE_ORDER.map((api) => [toDisplayRole(api), api]));
function toApiRoleOf(display: string): string {
  return DISPLAY_TO_API.get(display) ?? display;
}
