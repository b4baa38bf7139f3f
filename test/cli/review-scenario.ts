// The company of the review tests: a roster folder whose Git history has a direct push, merge commits and squash
// merges, a Ramp in the simulator that matches it except where a finding should appear, and the pull requests as
// GitHub records them. Dates are fixed, so commit ids and the review's bytes are the same on every run.
import type { RunningSimulator } from "../../packages/ramp-simulator/src/index.js";
import { GitHistory, type Signature } from "../support/git-history.js";
import type { StandInPullRequest } from "../support/github-standin.js";

export const NOW = new Date("2026-04-01T10:00:00Z");
export const REPOSITORY = "acme/roster";

export const people = {
  olivia: { name: "Olivia Owner", email: "olivia@acme.com" },
  ada: { name: "Ada Admin", email: "ada@acme.com" },
  bea: { name: "Bea Boss", email: "bea@acme.com" },
  dan: { name: "Dan Dev", email: "dan@acme.com" },
  hal: { name: "Hal Hacker", email: "hal@acme.com" },
  zed: { name: "Zed Zero", email: "zed@acme.com" },
} satisfies Record<string, Signature>;

const ADMINS_START = `policy:
  emailDomains: [acme.com]
  emailExceptions: [cora@partner.io]
  privilegedRoleFiles: [admins.yaml]
departments: [Engineering, Finance]
users:
  - email: ada@acme.com
    firstName: Ada
    lastName: Admin
    role: Admin
    department: Finance
`;

const user = (email: string, first: string, last: string, extra = "") => `  - email: ${email}\n    firstName: ${first}\n    lastName: ${last}\n${extra}`;

const BEA = user("bea@acme.com", "Bea", "Boss", "    department: Engineering\n    isManager: true\n");
const DAN = user("dan@acme.com", "Dan", "Dev", "    department: Engineering\n    manager: bea@acme.com\n");
const FRED = user("fred@acme.com", "Fred", "Gone", "    manager: bea@acme.com\n");
const GINA = user("gina@acme.com", "Gina", "Leaves", "    manager: bea@acme.com\n");
const EXP = user("exp@acme.com", "Exp", "Ired");
const INA = user("ina@acme.com", "Ina", "Active");
const CORA = user("cora@partner.io", "Cora", "Contract", "    deactivateOn: 2026-09-30\n");
const KIM_OFF = user("kim@acme.com", "Kim", "Back", "    active: false\n");
const KIM = user("kim@acme.com", "Kim", "Back");
const CARL = user("carl@acme.com", "Carl", "New", "    department: Engineering\n    manager: bea@acme.com\n");
const EVE = user("eve@acme.com", "Eve", "Direct");
const IVY = user("ivy@acme.com", "Ivy", "Guest", "    role: Guest\n");
const ZED = user("zed@acme.com", "Zed", "Zero");

const team = (...users: string[]) => `defaults:\n  role: Cardholder\nusers:\n${users.join("")}`;

export interface Scenario {
  repo: GitHistory;
  rosterDir: string;
  commits: Record<string, string>;
  pullRequests: StandInPullRequest[];
}

/** Builds the history in `dir` (an empty folder). */
export function buildHistory(dir: string): Scenario {
  const repo = new GitHistory(dir);
  const c: Record<string, string> = {};
  c.initial = repo.commit("Roster from ramp-roster export", people.olivia, "2025-06-01T09:00:00Z", {
    "roster/admins.yaml": ADMINS_START,
    "roster/team.yaml": team(BEA, DAN, FRED, GINA, EXP, INA, CORA, KIM_OFF),
    "README.md": "the roster\n",
  });
  // #1, a merge commit: Bea adds Carl; Ada approves.
  c.pr1Head = repo.branch("add-carl", [{ message: "Add Carl", author: people.bea, date: "2026-01-10T09:00:00Z", files: { "roster/team.yaml": team(BEA, DAN, FRED, GINA, EXP, INA, CORA, KIM_OFF, CARL) } }]);
  c.pr1 = repo.mergePullRequest(1, "add-carl", "2026-01-12T10:00:00Z");
  // #2, squashed: Dan moves himself to admins.yaml as Bookkeeper; Bea approves, but Dan wrote his own grant.
  const DAN_BOOKKEEPER = user("dan@acme.com", "Dan", "Dev", "    role: Bookkeeper\n    department: Engineering\n    manager: bea@acme.com\n");
  c.pr2 = repo.squashPullRequest(2, "Make Dan a Bookkeeper", people.dan, "2026-01-20T10:00:00Z", {
    "roster/admins.yaml": ADMINS_START + DAN_BOOKKEEPER,
    "roster/team.yaml": team(BEA, FRED, GINA, EXP, INA, CORA, KIM_OFF, CARL),
  });
  // Pushed to main without a pull request.
  c.direct = repo.commit("Add Eve", people.bea, "2026-02-01T10:00:00Z", { "roster/team.yaml": team(BEA, FRED, GINA, EXP, INA, CORA, KIM_OFF, CARL, EVE) });
  // #3, squashed: Fred removed, Gina set inactive.
  const GINA_OFF = user("gina@acme.com", "Gina", "Leaves", "    manager: bea@acme.com\n    active: false\n");
  c.pr3 = repo.squashPullRequest(3, "Offboard Fred and Gina", people.ada, "2026-02-10T10:00:00Z", { "roster/team.yaml": team(BEA, GINA_OFF, EXP, INA, CORA, KIM_OFF, CARL, EVE) });
  // #4, a merge commit of two commits (Hal's and Ivy's): Hal becomes IT Admin; only Ivy, who wrote a commit, approves.
  const HAL = user("hal@acme.com", "Hal", "Hacker", "    role: IT Admin\n");
  c.pr4Head = repo.branch("add-hal", [
    { message: "Add Hal", author: people.hal, date: "2026-02-14T09:00:00Z", files: { "roster/admins.yaml": ADMINS_START + DAN_BOOKKEEPER + HAL } },
    { message: "Touch up", author: { name: "Ivy Guest", email: "ivy@acme.com" }, date: "2026-02-14T10:00:00Z", files: { "notes.txt": "n\n" } },
  ]);
  c.pr4 = repo.mergePullRequest(4, "add-hal", "2026-02-15T10:00:00Z");
  // #5, squashed: Ivy joins as a Guest with no end date; the only approval came after the merge.
  c.pr5 = repo.squashPullRequest(5, "Add Ivy", people.bea, "2026-03-01T10:00:00Z", { "roster/team.yaml": team(BEA, GINA_OFF, EXP, INA, CORA, KIM_OFF, CARL, EVE, IVY) });
  // #6, squashed: Kim back (active again); approved by Ada.
  c.pr6 = repo.squashPullRequest(6, "Bring Kim back", people.bea, "2026-03-15T10:00:00Z", { "roster/team.yaml": team(BEA, GINA_OFF, EXP, INA, CORA, KIM, CARL, EVE, IVY) });
  // Pushed to main by Zed, naming a pull request that GitHub merged as another commit.
  c.fake = repo.commit("Add Zed (#7)", people.zed, "2026-03-20T10:00:00Z", { "roster/team.yaml": team(BEA, GINA_OFF, EXP, INA, CORA, KIM, CARL, EVE, IVY, ZED) });

  const approved = (login: string, at: string, head: string) => ({ login, state: "APPROVED", submittedAt: at, commitId: head });
  const pullRequests: StandInPullRequest[] = [
    { number: 1, author: "bea-gh", mergedAt: "2026-01-12T10:00:00Z", mergeCommitSha: c.pr1, headSha: c.pr1Head, commitAuthors: ["bea-gh"], reviews: [{ login: "ada-gh", state: "COMMENTED", submittedAt: "2026-01-11T08:00:00Z", commitId: c.pr1Head }, approved("ada-gh", "2026-01-11T09:00:00Z", c.pr1Head)] },
    { number: 2, author: "dan-gh", mergedAt: "2026-01-20T10:00:00Z", mergeCommitSha: c.pr2, headSha: "b".repeat(40), commitAuthors: ["dan-gh"], reviews: [approved("bea-gh", "2026-01-19T09:00:00Z", "b".repeat(40))] },
    { number: 4, author: "hal-gh", mergedAt: "2026-02-15T10:00:00Z", mergeCommitSha: c.pr4, headSha: c.pr4Head, commitAuthors: ["hal-gh", "ivy-gh"], reviews: [approved("ivy-gh", "2026-02-14T12:00:00Z", c.pr4Head)] },
    { number: 5, author: "bea-gh", mergedAt: "2026-03-01T10:00:00Z", mergeCommitSha: c.pr5, headSha: "5".repeat(40), commitAuthors: ["bea-gh"], reviews: [approved("ada-gh", "2026-03-02T09:00:00Z", "5".repeat(40))] },
    { number: 6, author: "bea-gh", mergedAt: "2026-03-15T10:00:00Z", mergeCommitSha: c.pr6, headSha: "6".repeat(40), commitAuthors: ["bea-gh"], reviews: [{ login: "ada-gh", state: "CHANGES_REQUESTED", submittedAt: "2026-03-14T09:00:00Z", commitId: "6".repeat(40) }, approved("ada-gh", "2026-03-14T11:00:00Z", "6".repeat(40))] },
    { number: 7, author: "zed-gh", mergedAt: "2026-03-19T10:00:00Z", mergeCommitSha: "7".repeat(40), headSha: "7".repeat(40), commitAuthors: ["zed-gh"], reviews: [approved("ada-gh", "2026-03-19T09:00:00Z", "7".repeat(40))] },
  ];
  return { repo, rosterDir: `${dir}/roster`, commits: c, pullRequests };
}

/** Ramp as the simulator holds it: the roster applied, plus what the findings are about. */
export function seedRamp(sim: RunningSimulator): void {
  const { admin } = sim;
  const engineering = admin.addDepartment("Engineering");
  const finance = admin.addDepartment("Finance");
  admin.setBusinessDate("2026-04-01");
  const nyc = admin.addLocation("NYC");
  admin.addUser({ email: "olivia@acme.com", first_name: "Olivia", last_name: "Owner", role: "BUSINESS_OWNER" });
  admin.addUser({ email: "ada@acme.com", first_name: "Ada", last_name: "Admin", role: "BUSINESS_ADMIN", department_id: finance.id });
  // Bea: IT Admin in Ramp (made by hand), Cardholder in team.yaml; a location the roster does not manage.
  const bea = admin.addUser({ email: "bea@acme.com", first_name: "Bea", last_name: "Boss", role: "IT_ADMIN", department_id: engineering.id, location_id: nyc.id, is_manager: true });
  admin.addUser({ email: "dan@acme.com", first_name: "Dan", last_name: "Dev", role: "BUSINESS_BOOKKEEPER", department_id: engineering.id, manager_id: bea.id });
  admin.addUser({ email: "fred@acme.com", first_name: "Fred", last_name: "Gone", manager_id: bea.id });
  admin.addUser({ email: "gina@acme.com", first_name: "Gina", last_name: "Leaves", manager_id: bea.id, status: "USER_INACTIVE" });
  admin.addUser({ email: "exp@acme.com", first_name: "Exp", last_name: "Ired", status: "INVITE_EXPIRED" });
  admin.addUser({ email: "ina@acme.com", first_name: "Ina", last_name: "Active", status: "USER_INACTIVE" });
  admin.addUser({ email: "cora@partner.io", first_name: "Cora", last_name: "Contract", scheduled_deactivation_date: "2026-09-30" });
  admin.addUser({ email: "kim@acme.com", first_name: "Kim", last_name: "Back" });
  // Carl: in Finance by hand, Engineering in the roster.
  admin.addUser({ email: "carl@acme.com", first_name: "Carl", last_name: "New", department_id: finance.id, manager_id: bea.id });
  admin.addUser({ email: "eve@acme.com", first_name: "Eve", last_name: "Direct" });
  admin.addUser({ email: "hal@acme.com", first_name: "Hal", last_name: "Hacker", role: "IT_ADMIN" });
  admin.addUser({ email: "ivy@acme.com", first_name: "Ivy", last_name: "Guest", role: "GUEST_USER" });
  admin.addUser({ email: "zed@acme.com", first_name: "Zed", last_name: "Zero", status: "INVITE_PENDING" });
  admin.addUser({ email: "stranger@acme.com", first_name: "Stan", last_name: "Ranger" });
  admin.addUser({ email: "pat@partner.io", first_name: "Pat", last_name: "Partner" });
  admin.addUser({ email: "old@acme.com", first_name: "Old", last_name: "Timer", status: "USER_INACTIVE" });
}
