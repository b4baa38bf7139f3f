// The review's Git history reader on the ways people write and change a roster: a file's default role changing,
// a person moved between files, one-line flow mappings, sequences without indentation, files added and deleted,
// and removals and reactivations.
import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openRosterRepository, readRosterHistory, type RosterHistory } from "../../packages/pulumi-ramp-roster/src/cli/review-git.js";
import { GitHistory, type Signature } from "../support/git-history.js";

const ANN: Signature = { name: "Ann", email: "ann@acme.com" };

describe("review: the roster's Git history", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "ramp-review-git-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const summary = (h: RosterHistory, shas: Record<string, string>) => {
    const name = (sha: string | undefined) => Object.entries(shas).find(([, s]) => s === sha)?.[0] ?? sha;
    return Object.fromEntries(
      [...h.people].sort(([a], [b]) => a.localeCompare(b)).map(([key, p]) => [
        key,
        {
          granted: p.granted ? `${p.granted.what}@${name(p.granted.commit.sha)}` : null,
          role: p.role ? `${p.role.role}@${name(p.role.commit.sha)}` : null,
          removed: p.removed ? `${p.removed.what}@${name(p.removed.commit.sha)}` : null,
          final: p.final,
        },
      ]),
    );
  };

  it("follows defaults, moves between files, flow mappings, indentless sequences, deleted files and reactivations", async () => {
    const repo = new GitHistory(dir);
    const c: Record<string, string> = {};
    c.one = repo.commit("Start", ANN, "2025-01-01T00:00:00Z", {
      "roster/a.yaml": "defaults:\n  role: Cardholder\nusers:\n- email: amy@acme.com   # indentless\n  firstName: Amy\n- {email: \"bob@acme.com\", firstName: Bob, role: Auditor}\n",
      "roster/b.yaml": "users:\n  - firstName: Cy\n    email: cy@acme.com\n    role: Admin\n    formerEmails:\n      - cyrus@acme.com\n  - email: dee@acme.com\n    role: Cardholder\n",
    });
    c.two = repo.commit("Default role is Auditor", ANN, "2025-02-01T00:00:00Z", {
      "roster/a.yaml": "defaults:\n  role: Auditor\nusers:\n- email: amy@acme.com   # indentless\n  firstName: Amy\n- {email: \"bob@acme.com\", firstName: Bob, role: Auditor}\n",
    });
    // Dee moves from b.yaml to a new file with the same role: no change for her. Cy is set inactive.
    c.three = repo.commit("Reorganise", ANN, "2025-03-01T00:00:00Z", {
      "roster/b.yaml": "users:\n  - firstName: Cy\n    email: cy@acme.com\n    role: Admin\n    formerEmails:\n      - cyrus@acme.com\n    active: false\n",
      "roster/c.yml": "users:\n  - email: dee@acme.com\n    role: Cardholder\n",
    });
    // b.yaml deleted (Cy removed), Bob's role written on its own line now, Cy back in c.yml later.
    c.four = repo.commit("Drop b", ANN, "2025-04-01T00:00:00Z", {
      "roster/b.yaml": null,
      "roster/a.yaml": "defaults:\n  role: Auditor\nusers:\n- email: amy@acme.com   # indentless\n  firstName: Amy\n- email: bob@acme.com\n  firstName: Bob\n  role: Admin\n",
    });
    c.five = repo.commit("Cy back", ANN, "2025-05-01T00:00:00Z", {
      "roster/c.yml": "users:\n  - email: dee@acme.com\n    role: Cardholder\n  - email: CY@acme.com\n    role: IT Admin\n",
      "roster/notes.md": "- email: ghost@acme.com\n",
    });
    const history = await readRosterHistory(await openRosterRepository(join(dir, "roster"), true));
    assert.equal(history.head, c.five);
    assert.deepEqual(history.commits.map((x) => x.sha), [c.one, c.two, c.three, c.four, c.five]);
    assert.deepEqual(summary(history, c), {
      "amy@acme.com": { granted: "added@one", role: "AUDITOR@two", removed: null, final: { present: true, active: true, role: "AUDITOR" } },
      "bob@acme.com": { granted: "added@one", role: "BUSINESS_ADMIN@four", removed: null, final: { present: true, active: true, role: "BUSINESS_ADMIN" } },
      "cy@acme.com": { granted: "added@five", role: "IT_ADMIN@five", removed: "deactivated@three", final: { present: true, active: true, role: "IT_ADMIN" } },
      "dee@acme.com": { granted: "added@one", role: "BUSINESS_USER@one", removed: null, final: { present: true, active: true, role: "BUSINESS_USER" } },
    });
  });

  it("names the pull request of a merge commit and of a squash, and the authors of a merge's commits", async () => {
    const repo = new GitHistory(dir);
    const bo: Signature = { name: "Bo", email: "bo@acme.com" };
    const c: Record<string, string> = {};
    c.one = repo.commit("Start", ANN, "2025-01-01T00:00:00Z", { "roster.yaml": "users:\n  - email: a@acme.com\n    role: Admin\n" });
    repo.branch("feature", [
      { message: "Add b", author: bo, date: "2025-01-02T00:00:00Z", files: { "roster.yaml": "users:\n  - email: a@acme.com\n    role: Admin\n  - email: b@acme.com\n    role: Cardholder\n" } },
      { message: "Docs", author: ANN, date: "2025-01-02T01:00:00Z", files: { "README.md": "docs\n" } },
    ]);
    c.two = repo.mergePullRequest(12, "feature", "2025-01-03T00:00:00Z");
    c.three = repo.squashPullRequest(13, "Make b an Auditor", bo, "2025-01-04T00:00:00Z", { "roster.yaml": "users:\n  - email: a@acme.com\n    role: Admin\n  - email: b@acme.com\n    role: Auditor\n" });
    const history = await readRosterHistory(await openRosterRepository(join(dir, "roster.yaml"), false));
    assert.deepEqual(
      history.commits.map((x) => [x.sha, x.kind, x.pullRequest, x.authors.map((a) => a.email), x.mergedAt]),
      [
        [c.one, "direct", null, ["ann@acme.com"], "2025-01-01T00:00:00+00:00"],
        [c.two, "merge", 12, ["bo@acme.com"], "2025-01-03T00:00:00+00:00"],
        [c.three, "squash", 13, ["bo@acme.com"], "2025-01-04T00:00:00+00:00"],
      ],
    );
  });
});
