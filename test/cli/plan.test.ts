// `ramp-roster plan`: the input it accepts and refuses, and tolerance of properties it does not know. The plan of a
// real roster change, from the real engine's preview, is tested in test/e2e/roster-cli.test.ts.
import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli } from "./helpers.js";

const USER_TYPE = "pulumi-nodejs:dynamic/ramp:User";
const urn = (type: string, name: string) => `urn:pulumi:dev::ramp-roster::${type}::${name}`;

/** One user step in the shape `pulumi preview --json` gives, with the inputs a test needs. */
function userStep(op: string, email: string, old: Record<string, unknown> | null, now: Record<string, unknown> | null, extra: Record<string, unknown> = {}) {
  const state = (inputs: Record<string, unknown>, id?: string) => ({
    urn: urn(USER_TYPE, `user:${email}`),
    type: USER_TYPE,
    ...(id ? { id } : {}),
    inputs: { __provider: "exports.handler = ...", email, firstName: "Jo", lastName: "Doe", role: "BUSINESS_USER", active: true, ...inputs },
    outputs: { status: "USER_ACTIVE", rampEmail: email, ...inputs },
  });
  return { op, urn: urn(USER_TYPE, `user:${email}`), ...(old ? { oldState: state(old, `id-${email}`) } : {}), ...(now ? { newState: state(now) } : {}), ...extra };
}

describe("ramp-roster plan: input", () => {
  it("reads the preview from a file or standard input; no changes, guards passed → exit 0", async () => {
    const empty = JSON.stringify({ steps: [], diagnostics: [{ severity: "info", message: "roster plan: 0 new, 0 to deactivate\n" }] });
    const run = await cli(["plan"], { stdin: empty });
    assert.deepEqual(run, { code: 0, stdout: "Ramp roster plan: no changes\nGuards: passed (roster plan: 0 new, 0 to deactivate)\n", stderr: "" });
    const markdown = await cli(["plan", "-", "--format", "markdown"], { stdin: empty });
    assert.equal(
      markdown.stdout,
      "<!-- ramp-roster-plan -->\n### Ramp roster plan\n\n**No changes**: Ramp already matches the roster.\n\nGuards: **passed** (roster plan: 0 new, 0 to deactivate)\n",
    );
  });

  it("refuses what is not the output of `pulumi preview --json`, with exit 2", async () => {
    const cases: [string, RegExp][] = [
      ["Previewing update (dev):", /not JSON: give the output of 'pulumi preview --json'/],
      ['{"sequence":0,"timestamp":1}\n{"sequence":1,"timestamp":2}\n', /a stream of engine events/],
      ['{"hello": "world"}', /expected an object with 'steps' and 'diagnostics'/],
      ['{"steps": "none"}', /expected an object with 'steps' and 'diagnostics'/],
    ];
    for (const [stdin, message] of cases) {
      const run = await cli(["plan"], { stdin });
      assert.equal(run.code, 2, stdin);
      assert.match(run.stderr, message);
    }
    const missing = await cli(["plan", "/no/such/preview.json"]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read \/no\/such\/preview\.json/);
  });

  it("checks its options: a file or --run, --cwd and preview arguments only with --run, a known format", async () => {
    for (const args of [["plan", "x.json", "--run"], ["plan", "x.json", "--cwd", "/tmp"], ["plan", "--format", "html"], ["plan", "a.json", "b.json"], ["plan", "x.json", "--", "--stack", "s"]]) {
      const run = await cli(args);
      assert.equal(run.code, 2, args.join(" "));
      assert.match(run.stderr, /^ramp-roster plan: .*\nRun 'ramp-roster plan --help' for its options\.\n$/);
    }
    const help = await cli(["plan", "--run", "--help", "--", "--stack", "x"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: ramp-roster plan \[FILE \| -\]/);
  });

  it("--run says so when pulumi cannot be found", async () => {
    const empty = mkdtempSync(join(tmpdir(), "no-pulumi-"));
    try {
      const run = await cli(["plan", "--run", "--cwd", empty], { env: { PATH: empty } });
      assert.equal(run.code, 2);
      assert.equal(run.stderr, "ramp-roster plan: pulumi preview --json failed: pulumi is not on PATH\n");
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it("shows an input it does not know as a change by its name, and ignores outputs it does not know", async () => {
    const preview = {
      steps: [
        userStep("update", "jo@example.com", {}, { costCenter: "CC-7", protected: true }),
        userStep("update", "kim@example.com", { firstName: "Kim" }, { firstName: "Kimberly" }),
      ],
      diagnostics: [],
    };
    const run = await cli(["plan"], { stdin: JSON.stringify(preview) });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(
      run.stdout,
      [
        "Ramp roster plan: 0 invitations, 2 changes, 0 deactivations, 0 reactivations, 0 email replacements",
        "Guards: passed",
        "",
        "Changes (2):",
        "  - jo@example.com (Jo Doe): costCenter (none) → CC-7; protected (none) → true",
        "  - kim@example.com (Kimberly Doe): first name Kim → Kimberly",
        "",
      ].join("\n"),
    );
  });

  it("exits 1 when the preview failed, and says why", async () => {
    const preview = {
      steps: [],
      diagnostics: [
        { severity: "info#err", message: "(node:1) PromiseRejectionHandledWarning: ...\n" },
        { severity: "error", message: "error: the roster roster.yaml has 1 error(s):\nroster.yaml:3:5: error: unknown field 'fristName'\n" },
      ],
    };
    const run = await cli(["plan", "--format", "json"], { stdin: JSON.stringify(preview) });
    assert.equal(run.code, 1);
    const plan = JSON.parse(run.stdout);
    assert.deepEqual(plan.guard, {
      state: "failed",
      summary: null,
      errors: ["the roster roster.yaml has 1 error(s):\nroster.yaml:3:5: error: unknown field 'fristName'"],
      confirmed: [],
      staleConfirmations: [],
      notices: [],
    });
  });
});

describe("ramp-roster plan: grants are shown as grants (issue 16)", () => {
  const planOf = async (steps: unknown[]) => {
    const run = await cli(["plan", "--format", "json"], { stdin: JSON.stringify({ steps, diagnostics: [] }) });
    assert.equal(run.code, 0, run.stderr);
    const text = await cli(["plan"], { stdin: JSON.stringify({ steps, diagnostics: [] }) });
    return { json: JSON.parse(run.stdout), text: text.stdout };
  };
  const account = (status: string, role: string, changes: unknown[] = []) => ({ rampAccount: { userId: "u-1", status, role, changes } });

  it("an adoption says adopt, with Ramp's role and status, and a role it changes is a privilege change", async () => {
    const { json, text } = await planOf([
      userStep("create", "made.by.hand@example.com", null, account("USER_ACTIVE", "BUSINESS_ADMIN", [{ field: "role", from: "Admin", to: "Cardholder" }])),
      userStep("create", "same@example.com", null, account("USER_ACTIVE", "BUSINESS_USER")),
      userStep("create", "new@example.com", null, {}),
    ]);
    assert.deepEqual(json.invitations.map((i: { email: string }) => i.email), ["new@example.com"]);
    assert.deepEqual(
      json.adoptions.map((a: { email: string; rampRole: string; status: string; fields: unknown[] }) => [a.email, a.rampRole, a.status, a.fields.length]),
      [
        ["made.by.hand@example.com", "Admin", "USER_ACTIVE", 1],
        ["same@example.com", "Cardholder", "USER_ACTIVE", 0],
      ],
    );
    assert.deepEqual(json.privilegeChanges.map((p: { email: string; summary: string; loses: string[] }) => [p.email, p.summary, p.loses]), [
      ["made.by.hand@example.com", "existing Ramp account adopted: Admin → Cardholder", ["Admin"]],
    ]);
    assert.match(text, /^Ramp roster plan: 1 invitation, 2 adoptions of existing Ramp accounts \(1 with changes\), 0 changes/);
    assert.match(text, /same@example\.com \(Jo Doe\), Cardholder: USER_ACTIVE in Ramp as Cardholder; no change/);
  });

  it("an inactive user the roster did not remove is held, not reactivated; the roster's own removal and a confirmation reactivate", async () => {
    const inactive = (extra: Record<string, unknown>) => ({ active: false, status: "USER_INACTIVE", ...extra });
    const { json, text } = await planOf([
      userStep("update", "cut.off@example.com", inactive({ rosterActive: true }), { active: true }),
      userStep("update", "was.removed@example.com", inactive({ rosterActive: false }), { active: true }),
      userStep("update", "confirmed@example.com", inactive({ rosterActive: true }), { active: true, confirmReactivation: true }),
      userStep("create", "former@example.com", null, account("USER_INACTIVE", "BUSINESS_USER")),
    ]);
    assert.deepEqual(json.held.map((h: { email: string }) => h.email), ["cut.off@example.com", "former@example.com"]);
    assert.deepEqual(
      json.reactivations.map((r: { email: string; note?: string }) => [r.email, r.note ?? null]),
      [
        ["confirmed@example.com", "USER_INACTIVE in Ramp, removed outside the roster: reactivation confirmed by name"],
        ["was.removed@example.com", null],
      ],
    );
    assert.match(text, /HELD INACTIVE \(access removed outside the roster; not reactivated\) \(2\):/);
    assert.match(text, /2 reactivations, 2 held inactive/);
  });

  it("an end date removed (deactivateOn: ~) is open-ended access, a privilege change; a retained old account is not said to be deactivated", async () => {
    const { json, text } = await planOf([
      userStep("update", "contractor@example.com", { deactivateOn: "2027-01-31" }, { deactivateOn: null }),
      {
        ...userStep("replace", "new.email@example.com", null, {}),
        oldState: { ...userStep("update", "old.email@example.com", {}, null).oldState, retainOnDelete: true },
      },
    ]);
    assert.deepEqual(json.privilegeChanges.map((p: { kind: string; summary: string }) => [p.kind, p.summary]), [
      ["open-ended", "end date 2027-01-31 removed: open-ended access"],
    ]);
    assert.match(text, /contractor@example\.com \(Jo Doe\): deactivate on 2027-01-31 → none \(open-ended access\)/);
    assert.match(text, /old\.email@example\.com → new\.email@example\.com .*\(retainOnDelete: the old account is left as it is in Ramp\)/);
  });
});

describe("ramp-roster plan: joiners (startOn)", () => {
  it("shows an invitation scheduled for a first day, a moved day, an invite sent now, and a withdrawn draft as no deactivation", async () => {
    const draft = (email: string, startOn: string | null) => ({ ...userStep("same", email, {}, null).oldState!, outputs: { status: "USER_DRAFT", startOn, email } });
    const moved = { ...userStep("update", "moved@example.com", {}, { startOn: "2027-01-11" }), oldState: draft("moved@example.com", "2027-01-04") };
    const started = { ...userStep("update", "started@example.com", {}, {}), oldState: draft("started@example.com", "2027-01-04") };
    const withdrawn = { op: "delete", urn: urn(USER_TYPE, "user:gone@example.com"), oldState: draft("gone@example.com", "2027-01-04") };
    const steps = [userStep("create", "new@example.com", null, { startOn: "2027-01-04" }), moved, started, withdrawn];
    const run = await cli(["plan"], { stdin: JSON.stringify({ steps, diagnostics: [{ severity: "info", message: "roster plan: 1 new\n" }] }) });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /new@example\.com \(Jo Doe\): Cardholder, invite scheduled for 2027-01-04/);
    assert.match(run.stdout, /moved@example\.com[^\n]*scheduled for 2027-01-04 → invite scheduled for 2027-01-11/);
    assert.match(run.stdout, /started@example\.com[^\n]*scheduled for 2027-01-04 → invite sent now/);
    assert.match(run.stdout, /gone@example\.com[^\n]*withdrawn before their first day/);
    assert.doesNotMatch(run.stdout, /Deactivations/);
  });
});
