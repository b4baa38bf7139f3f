// Whether a grant was approved before it took effect, from its pull request as GitHub records it. Pure: the pull
// request in, a verdict out. A grant counts as approved only when every one of these holds (each failing closed):
// the commit names a pull request; GitHub has it, merged, as this very commit; someone approved the commit that was
// merged, before the merge, and was neither the pull request's author nor an author of its commits (segregation of
// duties). A later "changes requested" or a dismissal by the same reviewer withdraws their approval.
import type { RosterCommit } from "./review-git.js";

export interface PullRequestReview {
  login: string;
  /** APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED, PENDING */
  state: string;
  /** null for a pending review */
  submittedAt: string | null;
  /** The pull request's head commit the review was of. */
  commitId: string | null;
}

export interface PullRequestRecord {
  number: number;
  author: string;
  /** null: not merged */
  mergedAt: string | null;
  mergeCommitSha: string | null;
  headSha: string;
  /** The GitHub accounts of its commits' authors (where GitHub knows them). */
  commitAuthors: string[];
  reviews: PullRequestReview[];
}

export type ApprovalStatus = "approved" | "self-approved" | "not-approved" | "no-pull-request" | "not-checked" | "before-period";

export interface Approval {
  status: ApprovalStatus;
  /** Independent approvals counted: who and when. */
  approvers: { login: string; at: string }[];
  /** The pull request's author on GitHub, when it was read. */
  pullRequestAuthor: string | null;
  /** Why, in a few words (empty when approved). */
  note: string;
}

const short = (sha: string) => sha.slice(0, 12);

export function judgeApproval(commit: RosterCommit, pr: PullRequestRecord | null | undefined): Approval {
  const none = (status: ApprovalStatus, note: string, author: string | null = null): Approval => ({ status, approvers: [], pullRequestAuthor: author, note });
  if (commit.pullRequest === null) return none("no-pull-request", `reached the main line without a pull request (${commit.kind} commit ${short(commit.sha)})`);
  if (pr === undefined) return none("not-checked", `pull request #${commit.pullRequest} not checked (no GITHUB_TOKEN)`);
  if (pr === null) return none("not-approved", `GitHub has no pull request #${commit.pullRequest} in this repository`);
  if (pr.mergedAt === null) return none("not-approved", `pull request #${pr.number} was never merged`, pr.author);
  if (pr.mergeCommitSha !== commit.sha) {
    return none("not-approved", `GitHub merged pull request #${pr.number} as ${pr.mergeCommitSha ? short(pr.mergeCommitSha) : "no commit"}, not as ${short(commit.sha)}`, pr.author);
  }
  const mergedAt = Date.parse(pr.mergedAt);
  const latest = new Map<string, PullRequestReview>();
  const ordered = pr.reviews
    .filter((r) => r.submittedAt !== null && Date.parse(r.submittedAt) <= mergedAt && r.state !== "COMMENTED" && r.state !== "PENDING")
    .sort((a, b) => Date.parse(a.submittedAt!) - Date.parse(b.submittedAt!));
  for (const r of ordered) latest.set(r.login.toLowerCase(), r);
  const approvals = [...latest.values()].filter((r) => r.state === "APPROVED");
  const ofMerged = approvals.filter((r) => r.commitId === pr.headSha);
  const involved = new Set([pr.author, ...pr.commitAuthors].map((l) => l.toLowerCase()));
  const independent = ofMerged.filter((r) => !involved.has(r.login.toLowerCase()));
  if (independent.length > 0) {
    return { status: "approved", approvers: independent.map((r) => ({ login: r.login, at: r.submittedAt! })).sort((a, b) => a.login.localeCompare(b.login)), pullRequestAuthor: pr.author, note: "" };
  }
  if (ofMerged.length > 0) {
    const who = ofMerged.map((r) => `@${r.login}`).join(", ");
    return none("self-approved", `pull request #${pr.number} was approved only by ${who}, who ${ofMerged.length === 1 ? "is its author or wrote its commits" : "are its author or wrote its commits"}`, pr.author);
  }
  if (approvals.length > 0) return none("not-approved", `pull request #${pr.number} was approved at an earlier commit, not at the one merged (${short(pr.headSha)})`, pr.author);
  return none("not-approved", `pull request #${pr.number} had no approving review before it was merged`, pr.author);
}
