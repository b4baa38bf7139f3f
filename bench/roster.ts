import { LineCounter, parseDocument } from "yaml";
import { parseRoster } from "../packages/pulumi-ramp-roster/src/roster/index.js";
import { formatInt, measure, timed, type Benchmark, type Row } from "./lib/harness.js";

const DEPARTMENTS = ["Engineering", "Finance", "Sales", "Marketing", "Operations", "People", "Legal", "Support"];
const LOCATIONS = ["New York HQ", "San Francisco", "London", "Remote (US)"];
const ADMINS = 3;

/**
 * A valid roster of `n` users: 3 admins at the top, everyone else managed by user floor(i / 10) (a tree about
 * log10(n) deep), departments and locations round-robin, every 97th non-manager inactive.
 */
export function generateRoster(n: number): string {
  const q = (s: string): string => JSON.stringify(s);
  const lines = [
    "departments:",
    ...DEPARTMENTS.map((d) => `  - ${q(d)}`),
    "locations:",
    ...LOCATIONS.map((l) => `  - name: ${q(l)}`),
    "defaults:",
    "  role: Cardholder",
    `  location: ${q(LOCATIONS[0] as string)}`,
    "users:",
  ];
  const email = (i: number): string => `person-${String(i).padStart(6, "0")}@example.com`;
  for (let i = 0; i < n; i++) {
    const isManager = i < Math.ceil(n / 10);
    lines.push(
      `  - email: ${email(i)}`,
      `    firstName: Person`,
      `    lastName: ${q(`Number ${i}`)}`,
      `    department: ${q(DEPARTMENTS[i % DEPARTMENTS.length] as string)}`,
      `    employeeId: ${q(`E-${i}`)}`,
    );
    if (i < ADMINS) lines.push("    role: Admin");
    else {
      lines.push(`    manager: ${email(Math.floor(i / 10))}`);
      if (i % 50 === 0) lines.push("    role: Bookkeeper");
    }
    if (i % LOCATIONS.length !== 0) lines.push(`    location: ${q(LOCATIONS[i % LOCATIONS.length] as string)}`);
    if (isManager) lines.push("    isManager: true");
    else if (i % 97 === 0) lines.push("    active: false");
  }
  return `${lines.join("\n")}\n`;
}

// Roster validation: parseRoster (YAML, schema, cross-checks) of generated in-memory rosters of 1,000 and 5,000 users.
export const roster: Benchmark = {
  id: "roster",
  async run({ quick, all, log }) {
    const sizes = quick ? [1_000] : all ? [1_000, 5_000, 10_000] : [1_000, 5_000];
    const rows: Row[] = [];
    for (const size of sizes) {
      log(`roster: parseRoster of ${size} users`);
      const text = generateRoster(size);
      const files = [{ path: "roster.yaml", text }];
      // The YAML parser alone deopts and re-optimises for a few runs: two warm-ups, then the measured runs.
      const measured = { runs: quick ? 1 : 5, warmups: quick ? 1 : 2 };
      const results = await measure(measured, async () => {
        const { ms, value } = await timed(() => parseRoster(files));
        if (value.roster?.users.length !== size) {
          const first = value.issues.find((i) => i.severity === "error");
          throw new Error(`generated roster of ${size} is invalid: ${first ? `${first.line}:${first.column}: ${first.message}` : "no users"}`);
        }
        return { ms, issues: value.issues.length };
      });
      rows.push({
        benchmark: "roster: parseRoster",
        size,
        timesMs: results.map((r) => r.ms),
        requests: "-",
        notes: `${formatInt(text.length / 1024)} KiB YAML, ${DEPARTMENTS.length} departments, ${LOCATIONS.length} locations, managers; ${results[0]?.issues ?? 0} issues`,
      });
      // For comparison: the yaml package's part of it (the loader's parse options, then toJS for the schema).
      const yamlOnly = await measure(measured, async () =>
        timed(() => parseDocument(text, { lineCounter: new LineCounter(), prettyErrors: false, uniqueKeys: false }).toJS()),
      );
      rows.push({
        benchmark: "roster: YAML parse alone",
        size,
        timesMs: yamlOnly.map((r) => r.ms),
        requests: "-",
        notes: "yaml parseDocument + toJS of the same text: parseRoster's YAML step alone",
      });
    }
    return rows;
  },
};
