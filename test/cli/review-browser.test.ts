// The review's HTML page in a real headless browser: Debian's Chromium (scripts/ensure-chromium installs it; `.ci/run`
// calls it), driven by playwright-core, which never downloads a browser of its own. The test opens the page as a
// controller would (a file, no server), sorts and filters the table, checks what is shown and what prints, and saves
// a screenshot as a CI artifact (test-artifacts/, or TEST_ARTIFACTS_DIR).
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { startSimulator } from "../../packages/ramp-simulator/src/index.js";
import { startGitHubStandIn } from "../support/github-standin.js";
import { cli, SIM_CREDENTIALS, simEnv } from "./helpers.js";
import { buildHistory, NOW, REPOSITORY, seedRamp } from "./review-scenario.js";

/** A table row as the page script sees it (the test compiles without the DOM types). */
type TableRow = { cells: ArrayLike<{ textContent: string | null }> };

const ARTIFACTS = resolve(process.env.TEST_ARTIFACTS_DIR ?? "test-artifacts");

/** The Chromium to drive: RAMP_CHROMIUM, else Debian's on PATH. Missing is a failure that says how to install it. */
function chromiumPath(): string {
  if (process.env.RAMP_CHROMIUM) return process.env.RAMP_CHROMIUM;
  try {
    return execFileSync("sh", ["-c", "command -v chromium || command -v chromium-browser"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error("no Chromium for the browser test: run 'bash scripts/ensure-chromium' (as root it installs Debian's chromium)");
  }
}

describe("ramp-roster review: the HTML page in Chromium", function () {
  this.timeout(90_000);
  let dir: string;
  let browser: Browser;
  let page: Page;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "ramp-review-html-"));
    const scenario = buildHistory(join(dir, "repo"));
    const sim = await startSimulator({ ...SIM_CREDENTIALS, taskDelayMs: 10 });
    const github = await startGitHubStandIn({ repository: REPOSITORY, token: "t0ken", pullRequests: scenario.pullRequests });
    try {
      seedRamp(sim);
      const env = { ...simEnv(sim), GITHUB_TOKEN: "t0ken", GITHUB_API_URL: github.url, GITHUB_REPOSITORY: REPOSITORY };
      const run = await cli(["review", "--roster", scenario.rosterDir, "--format", "html"], { env, now: NOW });
      assert.equal(run.code, 1, run.stderr);
      writeFileSync(join(dir, "review.html"), run.stdout);
    } finally {
      await github.close();
      await sim.close();
    }
    browser = await chromium.launch({ executablePath: chromiumPath(), args: ["--no-sandbox"] });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, offline: true });
    page = await context.newPage();
    const external: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith("file:")) external.push(r.url());
    });
    await page.goto(pathToFileURL(join(dir, "review.html")).href);
    assert.deepEqual(external, [], "the page loads nothing from elsewhere");
  });

  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const visibleEmails = () => page.$$eval("#people tbody tr:not([hidden])", (rows) => rows.map((r) => (r as unknown as TableRow).cells[1]!.textContent));
  const shown = () => page.textContent("#shown");

  it("shows the summary figures and the findings first", async () => {
    assert.equal(await page.title(), "Ramp access review 2026-04-01");
    const figures = await page.$$eval(".figure", (els) => els.map((e) => e.textContent));
    assert.deepEqual(figures, ["16people with access", "5privileged", "4not managed by the roster", "2leavers in the period", "18findings"]);
    const first = await page.textContent("ul.findings li");
    assert.match(first ?? "", /^Left, still active in Ramp: Fred Gone <fred@acme\.com> — removed from the roster on 2026-02-10/);
    assert.equal(await shown(), "16 of 16 shown");
  });

  it("filters by text and by finding, and sorts by a column both ways", async () => {
    await page.fill("#filter", "engineering");
    // Carl is in Finance in Ramp, Engineering in the roster: his drift names it.
    assert.deepEqual(await visibleEmails(), ["bea@acme.com", "dan@acme.com", "carl@acme.com"]);
    assert.equal(await shown(), "3 of 16 shown");
    await page.fill("#filter", "");
    await page.selectOption("#finding", "unapproved-grant");
    assert.deepEqual(await visibleEmails(), ["eve@acme.com", "zed@acme.com", "ivy@acme.com"]);
    await page.selectOption("#finding", "*");
    assert.equal(await shown(), "12 of 16 shown");
    await page.selectOption("#finding", "");

    await page.click("#people th:nth-child(2)");
    assert.equal(await page.getAttribute("#people th:nth-child(2)", "aria-sort"), "ascending");
    const ascending = await visibleEmails();
    assert.deepEqual(ascending, [...ascending].sort());
    assert.equal(ascending[0], "ada@acme.com");
    await page.click("#people th:nth-child(2)");
    assert.equal(await page.getAttribute("#people th:nth-child(2)", "aria-sort"), "descending");
    assert.deepEqual(await visibleEmails(), [...ascending].reverse());

    // Sorted and filtered together: "admin" finds the Admin roles and the people listed in admins.yaml (Dan).
    await page.fill("#filter", "admin");
    await page.click("#people th:nth-child(3)");
    const roles = await page.$$eval("#people tbody tr:not([hidden])", (rows) => rows.map((r) => (r as unknown as TableRow).cells[2]!.textContent));
    assert.deepEqual(roles, ["Admin", "Bookkeeper", "IT Admin", "IT Admin"]);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.fill("#filter", "");
    await page.selectOption("#finding", "*");
    await page.screenshot({ path: join(ARTIFACTS, "review-page.png"), fullPage: true });
  });

  it("prints without the controls", async () => {
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.isVisible(".controls"), false);
    assert.equal(await page.isVisible("#people"), true);
    const pdf = await page.pdf({ format: "A4", landscape: true });
    assert.ok(pdf.subarray(0, 5).toString() === "%PDF-" && pdf.length > 10_000);
    await page.emulateMedia({ media: "screen" });
  });
});
