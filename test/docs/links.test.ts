// Every relative link of the README and docs/ leads somewhere: the file exists, and a #fragment names a heading of
// it (as GitHub makes their anchors). Links to other sites are not fetched: CI has no internet.
import { strict as assert } from "node:assert";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { REPO } from "../roster/helpers.js";

/** The text outside fenced code blocks and inline code, where links and headings are Markdown. */
function prose(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "").replace(/`[^`\n]*`/g, (code) => code.replace(/[[\]()]/g, " "));
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, each space a hyphen; repeats get -1, -2, ... */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const counts = new Map<string, number>();
  const withoutFences = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "");
  for (const [, heading] of withoutFences.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const text = (heading as string).replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/<[^>]+>/g, "");
    const base = text.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/ /g, "-");
    const seen = counts.get(base) ?? 0;
    counts.set(base, seen + 1);
    anchors.add(seen === 0 ? base : `${base}-${seen}`);
  }
  for (const [, id] of withoutFences.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) anchors.add(id as string);
  return anchors;
}

function markdownFiles(): string[] {
  const docs = join(REPO, "docs");
  const pages = existsSync(docs) ? readdirSync(docs).filter((f) => f.endsWith(".md")).map((f) => join(docs, f)) : [];
  return [join(REPO, "README.md"), join(REPO, "CHANGELOG.md"), join(REPO, "examples", "README.md"), ...pages].filter((f) => existsSync(f));
}

/** Every broken relative link of `file`, as `file: target (why)`. */
function brokenLinks(file: string): string[] {
  const broken: string[] = [];
  const text = readFileSync(file, "utf8");
  for (const [, rawTarget] of prose(text).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const target = rawTarget as string;
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
    const [path = "", fragment] = target.split("#", 2);
    const destination = path === "" ? file : resolve(dirname(file), decodeURIComponent(path));
    const where = `${relative(REPO, file)}: ${target}`;
    if (!existsSync(destination)) {
      broken.push(`${where} (no such file)`);
      continue;
    }
    if (fragment === undefined || fragment === "") continue;
    if (statSync(destination).isDirectory() || !destination.endsWith(".md")) {
      broken.push(`${where} (a #fragment on something other than a Markdown page)`);
      continue;
    }
    if (!anchorsOf(readFileSync(destination, "utf8")).has(decodeURIComponent(fragment))) broken.push(`${where} (no heading with that anchor)`);
  }
  return broken;
}

describe("docs: links", () => {
  it("finds the README, the changelog and the pages of docs/", () => {
    const names = markdownFiles().map((f) => relative(REPO, f));
    assert.ok(names.includes("README.md") && names.some((n) => n.startsWith("docs/")), names.join(", "));
  });

  it("makes GitHub's anchors from headings", () => {
    const anchors = anchorsOf("# pulumi-ramp-roster\n## 4. Preview, apply, check for drift\n## The `ramp-roster` command\n```sh\n# not a heading\n```\n## Limits\n## Limits\n");
    assert.deepEqual([...anchors], ["pulumi-ramp-roster", "4-preview-apply-check-for-drift", "the-ramp-roster-command", "limits", "limits-1"]);
  });

  it("has no relative link to a missing file or heading in README.md, CHANGELOG.md, examples/README.md or docs/", () => {
    assert.deepEqual(markdownFiles().flatMap(brokenLinks), []);
  });
});
