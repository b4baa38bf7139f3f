// Hostile and broken input: every one is refused with a file:line:column error, in bounded time and memory, and
// the limits of docs/roster-reference.md's "Limits" hold. Times are measured against generous ceilings (a slow machine must not
// fail them); where it can, a test shows the work is bounded by where the error is found or by what was left undone.
import { strict as assert } from "node:assert";
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROSTER_LIMITS, formatIssue, loadRoster, parseRoster, type RosterResult } from "../../packages/pulumi-ramp-roster/src/roster/index.js";
import { parseText, printedText } from "./helpers.js";

/** Run `work`, and fail if it took more than `seconds` (a ceiling far above the milliseconds it takes). */
function within<T>(seconds: number, work: () => T): T {
  const started = performance.now();
  const result = work();
  const ms = performance.now() - started;
  assert.ok(ms < seconds * 1000, `took ${Math.round(ms)} ms, more than ${seconds} s`);
  return result;
}

function printedIssues(result: RosterResult): string[] {
  return result.issues.map(formatIssue);
}

const USER = (i: number, extra = ""): string =>
  `  - {email: user-${i}@example.com, firstName: User, lastName: "${i}", role: Cardholder${extra}}\n`;

describe("roster: bounded input", function () {
  this.timeout(60_000);
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "roster-bounded-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  describe("sizes are checked before anything is read", () => {
    it("refuses a 60 MB roster at once, naming its size and the limit", () => {
      const file = join(dir, "roster.yaml");
      const chunk = `users:\n${Array.from({ length: 5_000 }, (_, i) => USER(i)).join("")}`;
      writeFileSync(file, "");
      let size = 0;
      while (size < 60_000_000) {
        appendFileSync(file, chunk);
        size += Buffer.byteLength(chunk);
      }
      const heapBefore = process.memoryUsage().heapUsed;
      const result = within(5, () => loadRoster(file));
      // Reading and parsing it took 50 s and 3.5 GB before the limits; now its text is never even in memory.
      assert.ok(process.memoryUsage().heapUsed - heapBefore < 50_000_000, "the file was read into memory");
      assert.deepEqual(printedIssues(result), [
        `${file}:1:1: error: the file is ${(size / 1024 / 1024).toFixed(1)} MiB (${size.toLocaleString("en-US")} bytes); ` +
          "a roster file may be at most 16 MiB: split it into the files of a roster folder",
      ]);
    });

    it("checks the same sizes on texts given to parseRoster", () => {
      const files = ["a.yaml", "b.yaml", "c.yaml"].map((path, i) => ({ path, text: `users:\n${USER(i)}` }));
      const bytes = Buffer.byteLength(files[0]?.text ?? "");
      const tooLarge = `error: the file is ${bytes} bytes; a roster file may be at most ${bytes - 1} bytes: split it into the files of a roster folder`;
      assert.deepEqual(printedIssues(parseRoster(files, { limits: { fileBytes: bytes - 1 } })), [
        `a.yaml:1:1: ${tooLarge}`,
        `b.yaml:1:1: ${tooLarge}`,
        `c.yaml:1:1: ${tooLarge}`,
      ]);
      assert.deepEqual(printedIssues(parseRoster(files, { limits: { totalBytes: 2 * bytes } })), [
        `c.yaml:1:1: error: with this file the roster's files are at least ${3 * bytes} bytes; together they may be at most ${2 * bytes} bytes`,
      ]);
    });

    it("refuses a folder whose files together are over the limit, at the file that goes over it", () => {
      writeFileSync(join(dir, "a.yaml"), `users:\n${USER(1)}`);
      writeFileSync(join(dir, "b.yaml"), `users:\n${USER(2)}`);
      writeFileSync(join(dir, "c.yaml"), `users:\n${USER(3)}`);
      const each = Buffer.byteLength(`users:\n${USER(1)}`);
      assert.deepEqual(printedIssues(loadRoster(dir, { limits: { totalBytes: 3 * each - 1 } })), [
        `${join(dir, "c.yaml")}:1:1: error: with this file the roster's files are at least ${3 * each} bytes; together they may be at most ${3 * each - 1} bytes`,
      ]);
      assert.equal(loadRoster(dir, { limits: { totalBytes: 3 * each } }).roster?.users.length, 3);
    });

    it("refuses a folder of thousands of files without reading them", () => {
      for (let i = 0; i < 3_000; i++) writeFileSync(join(dir, `team-${String(i).padStart(4, "0")}.yaml`), `users:\n${USER(i)}`);
      writeFileSync(join(dir, "notes.txt"), "not a roster file");
      const result = within(5, () => loadRoster(dir));
      assert.deepEqual(printedIssues(result), [`${dir}:1:1: error: more than 1,000 *.yaml or *.yml files in this folder; a roster folder may hold at most 1,000`]);
    });

    it("reads a folder of exactly as many files as the limit", () => {
      for (let i = 0; i < 3; i++) writeFileSync(join(dir, `${i}.yml`), `users:\n${USER(i)}`);
      assert.equal(loadRoster(dir, { limits: { files: 3 } }).roster?.users.length, 3);
      writeFileSync(join(dir, "3.yaml"), `users:\n${USER(3)}`);
      assert.deepEqual(printedIssues(loadRoster(dir, { limits: { files: 3 } })), [
        `${dir}:1:1: error: more than 3 *.yaml or *.yml files in this folder; a roster folder may hold at most 3`,
      ]);
    });

    it("names a symbolic link loop, does not follow a link to a folder, and never reads a device", () => {
      const folder = join(dir, "roster");
      mkdirSync(folder);
      writeFileSync(join(folder, "a.yaml"), `users:\n${USER(1)}`);
      symlinkSync(".", join(folder, "b.yaml")); // a link to the folder itself: a sub-folder, not read
      symlinkSync("c.yaml", join(folder, "c.yaml"));
      assert.deepEqual(printedIssues(within(5, () => loadRoster(folder))), [
        `${join(folder, "c.yaml")}:1:1: error: cannot read the roster: a loop of symbolic links`,
      ]);
      rmSync(join(folder, "c.yaml"));
      assert.equal(loadRoster(folder).roster?.users.length, 1);

      symlinkSync("loop", join(dir, "loop"));
      assert.deepEqual(printedIssues(loadRoster(join(dir, "loop"))), [`${join(dir, "loop")}:1:1: error: cannot read the roster: a loop of symbolic links`]);
      // /dev/zero never ends: reading it would take all memory.
      symlinkSync("/dev/zero", join(folder, "zero.yaml"));
      assert.deepEqual(printedIssues(within(5, () => loadRoster(folder))), [
        `${join(folder, "zero.yaml")}:1:1: error: cannot read the roster: not a regular file`,
      ]);
      assert.deepEqual(printedIssues(loadRoster("/dev/zero")), ["/dev/zero:1:1: error: cannot read the roster: not a regular file"]);
    });
  });

  describe("YAML limits are checked while a file is parsed", () => {
    it("stops a 'billion laughs' alias bomb at the alias that repeats too much", () => {
      const names = "abcdefghijkl";
      const lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
      for (let i = 1; i < names.length; i++) lines.push(`${names[i]}: &${names[i]} [${Array(10).fill(`*${names[i - 1]}`).join(", ")}]`);
      // a repeats 10 values, b 110 per alias of it, c 1,110, d 11,110: 10^12 values in all, were they all repeated
      const result = within(5, () => parseText(lines.join("\n")));
      assert.deepEqual(printedIssues(result), [
        "roster.yaml:4:36: error: with this alias, aliases repeat more than 10,000 values in this file (an alias bomb?); " +
          "a roster file may repeat at most 10,000 through aliases",
      ]);
    });

    it("refuses an alias inside what it refers to, an alias of no anchor, and too many aliases", () => {
      assert.deepEqual(printedText("users: &u [*u]\n"), [
        "roster.yaml:1:12: error: alias '*u' is inside the value it refers to ('&u' at line 1)",
      ]);
      assert.deepEqual(printedText("departments: [*eng]\n"), ["roster.yaml:1:15: error: alias '*eng' refers to no anchor '&eng' before it"]);
      const many = (n: number): string =>
        `departments: [&eng Engineering]\nusers:\n${Array.from({ length: n }, (_, i) => USER(i, ", department: *eng")).join("")}`;
      // A scalar aliased more than 100 times passed the yaml package's own check; an alias is allowed up to the limit.
      assert.equal(parseText(many(ROSTER_LIMITS.aliases)).roster?.users[999]?.department, "Engineering");
      assert.deepEqual(printedText(many(ROSTER_LIMITS.aliases + 1)), [
        "roster.yaml:1003:101: error: more than 1,000 aliases in this file; a roster file may have at most 1,000",
      ]);
    });

    it("stops 10,000-deep nesting at the first level past the limit: flow, compact and indented", () => {
      const cases: Array<[string, string]> = [
        [`users: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`, "roster.yaml:1:39"],
        [`users: ${"{a: ".repeat(10_000)}x${"}".repeat(10_000)}\n`, "roster.yaml:1:132"],
        [`users:\n${"- ".repeat(10_000)}x\n`, "roster.yaml:2:63"],
        // Indented, 10,000 levels would be 50 MB, over the size limit: 1,000 levels are half a megabyte.
        [`${Array.from({ length: 1_000 }, (_, i) => `${" ".repeat(i)}k:`).join("\n")} x\n`, "roster.yaml:33:33"],
      ];
      for (const [text, at] of cases) {
        const result = within(5, () => parseText(text));
        assert.deepEqual(printedIssues(result), [
          `${at}: error: lists and mappings are nested more than 32 deep here; a roster may nest at most 32 (it needs 4)`,
        ]);
      }
    });

    it("stops at the token past the limit, counting the tokens of all files", () => {
      // 3 tokens for `departments: [`, then 2 for each value: the 1,001st is the comma after the 499th value.
      const list = `departments: [${Array(5_000).fill("1").join(",")}]\n`;
      assert.deepEqual(printedIssues(within(5, () => parseRoster([{ path: "list.yaml", text: list }], { limits: { tokens: 1_000 } }))), [
        "list.yaml:1:1012: error: the roster has more than 1,000 YAML tokens by here (keys, values, '-', ':', ','...; " +
          "a user is about 20 to 40); a roster may have at most 1,000",
      ]);
      // `users:` is 2 tokens, a user on one line 17: 19 in a.yaml, 36 in b.yaml.
      const files = [
        { path: "a.yaml", text: `users:\n${USER(1)}` },
        { path: "b.yaml", text: `users:\n${USER(2)}${USER(3)}` },
      ];
      assert.equal(parseRoster(files, { limits: { tokens: 55 } }).roster?.users.length, 3);
      // the 55th is the last user's role
      assert.deepEqual(
        parseRoster(files, { limits: { tokens: 54 } }).issues.map((i) => `${i.file}:${i.line}:${i.column}`),
        ["b.yaml:3:71"],
      );
      // once the limit is broken, the files after it are not parsed (nor reported again)
      assert.deepEqual(
        parseRoster(files, { limits: { tokens: 18 } }).issues.map((i) => `${i.file}:${i.line}:${i.column}`),
        ["a.yaml:2:71"],
      );
    });

    it("refuses a key or value longer than 1,000 characters where it starts", () => {
      const long = "x".repeat(5_000_000);
      assert.deepEqual(printedIssues(within(5, () => parseText(`users:\n  - email: ${long}@example.com\n`))), [
        "roster.yaml:2:12: error: this value is 5,000,012 characters long; a key or value may be at most 1,000",
      ]);
      assert.deepEqual(printedText(`users:\n  - ${"k".repeat(1_001)}: 1\n`), [
        "roster.yaml:2:5: error: this key is 1,001 characters long; a key or value may be at most 1,000",
      ]);
      // A number is as long as it is written.
      assert.deepEqual(printedText(`users:\n  - employeeId: ${"9".repeat(1_001)}\n`), [
        "roster.yaml:2:17: error: this value is 1,001 characters long; a key or value may be at most 1,000",
      ]);
    });

    it("counts users across files, and refuses the one past the limit", () => {
      const files = [
        { path: "a.yaml", text: `users:\n${USER(1)}${USER(2)}` },
        { path: "b.yaml", text: `users:\n${USER(3)}${USER(4)}` },
      ];
      assert.equal(parseRoster(files, { limits: { users: 4 } }).roster?.users.length, 4);
      assert.deepEqual(printedIssues(parseRoster(files, { limits: { users: 3 } })), [
        "b.yaml:3:5: error: the roster has more than 3 users with this one; a roster may have at most 3",
      ]);
    });
  });

  describe("keys that name JavaScript's internals", () => {
    it("are unknown fields wherever they are, and pollute nothing", () => {
      const text = [
        "__proto__: {users: [{email: x@example.com, firstName: X, lastName: X, role: Admin}]}",
        "constructor: 1",
        "departments:",
        "  - {name: Ops, prototype: 1}",
        "locations:",
        "  - {name: HQ, __proto__: {entityId: e1}}",
        "defaults: {__proto__: {role: Admin}, constructor: Guest}",
        "users:",
        "  - email: a@example.com",
        "    firstName: A",
        "    lastName: A",
        "    __proto__: {role: Admin, active: false}",
        "    prototype: {}",
        "    manager: {__proto__: b@example.com}",
        "",
      ].join("\n");
      const result = parseText(text);
      const known = "email, formerEmails, firstName, lastName, role, department, location, manager, employeeId, isManager, active, deactivateOn, startOn, protect, retainOnDelete";
      assert.deepEqual(printedIssues(result), [
        "roster.yaml:1:1: error: unknown field '__proto__'; known fields: departments, locations, defaults, users, policy",
        "roster.yaml:2:1: error: unknown field 'constructor'; known fields: departments, locations, defaults, users, policy",
        "roster.yaml:4:17: error: unknown field 'prototype'; known fields: name, renamedFrom",
        "roster.yaml:6:16: error: unknown field '__proto__'; known fields: name, entityId, renamedFrom",
        "roster.yaml:7:12: error: unknown field '__proto__'; known fields: role, department, location, protect, retainOnDelete",
        "roster.yaml:7:38: error: unknown field 'constructor'; known fields: role, department, location, protect, retainOnDelete",
        // no role came from either __proto__
        "roster.yaml:9:5: error: missing required field 'role' (set it on the user, or under 'defaults' in this file)",
        `roster.yaml:12:5: error: unknown field '__proto__'; known fields: ${known}`,
        `roster.yaml:13:5: error: unknown field 'prototype'; known fields: ${known}`,
        "roster.yaml:14:14: error: 'manager' must be a string, not a mapping",
      ]);
      const probe = {} as Record<string, unknown>;
      for (const name of ["users", "role", "active", "entityId", "email"]) assert.equal(probe[name], undefined, `Object.prototype.${name}`);
    });
  });

  describe("emails: one look, one identity", () => {
    const ASCII = "an email is plain ASCII (an internationalized domain is written in punycode, xn--...)";
    const roster = (emails: string[], extra = ""): string =>
      `users:\n${emails.map((email) => `  - {email: "${email}", firstName: A, lastName: B, role: Guest${extra}}`).join("\n")}\n`;

    it("refuses look-alike and invisible characters, naming each and its code point", () => {
      const text = roster([
        "j\u0430ne@example.com", // Cyrillic а
        "joe\u200B@example.com", // zero-width space
        "ann\uFF20example.com", // fullwidth @
        "\u200Fbob@example.com", // right-to-left mark
        "eve@example.com\u202E", // right-to-left override, after the address
        "\u00A0sam@example.com", // a no-break space: trim() would drop it unseen
        "jos\u00E9@example.com",
      ]);
      assert.deepEqual(printedText(text), [
        `roster.yaml:2:13: error: malformed email 'jаne@example.com': character 2 is 'а' (U+0430 CYRILLIC SMALL LETTER A), not the Latin 'a' it looks like; ${ASCII}`,
        `roster.yaml:3:13: error: malformed email 'joe<U+200B>@example.com': character 4 is U+200B ZERO WIDTH SPACE, an invisible character; ${ASCII}`,
        `roster.yaml:4:13: error: malformed email 'ann＠example.com': character 4 is '＠' (U+FF20), the fullwidth form of '@'; ${ASCII}`,
        `roster.yaml:5:13: error: malformed email '<U+200F>bob@example.com': character 1 is U+200F RIGHT-TO-LEFT MARK, an invisible character; ${ASCII}`,
        `roster.yaml:6:13: error: malformed email 'eve@example.com<U+202E>': character 16 is U+202E RIGHT-TO-LEFT OVERRIDE, an invisible character; ${ASCII}`,
        `roster.yaml:7:13: error: malformed email '<U+00A0>sam@example.com': character 1 is U+00A0 NO-BREAK SPACE, an invisible character; ${ASCII}`,
        `roster.yaml:8:13: error: malformed email 'josé@example.com': character 4 is 'é' (U+00E9), the letter 'e' with a mark; ${ASCII}`,
      ]);
    });

    it("refuses them in formerEmails, and names them in a manager's email", () => {
      const text = [
        "users:",
        "  - {email: jane@example.com, firstName: J, lastName: D, role: Guest}",
        '  - {email: joe@example.com, formerEmails: ["j\u043Ee@example.com"], firstName: J, lastName: B, role: Guest, manager: "j\u0430ne@example.com"}',
        "",
      ].join("\n");
      assert.deepEqual(printedText(text), [
        `roster.yaml:3:45: error: malformed email 'jоe@example.com' in 'formerEmails': character 2 is 'о' (U+043E CYRILLIC SMALL LETTER O), not the Latin 'o' it looks like; ${ASCII}`,
        "roster.yaml:3:114: error: unknown manager 'jаne@example.com': no user in the roster has this email; " +
          "character 2 is 'а' (U+0430 CYRILLIC SMALL LETTER A), not the Latin 'a' it looks like",
      ]);
    });

    it("still trims ASCII blanks around an email", () => {
      assert.deepEqual(parseText(roster(["  ann@example.com\t"])).roster?.users.map((u) => u.email), ["ann@example.com"]);
    });
  });

  describe("encodings and line ends", () => {
    it("counts line 1 from after a byte-order mark, and columns on CRLF lines as on LF lines", () => {
      const crlf = "\uFEFFuser:\r\n  - x\r\n";
      assert.deepEqual(printedText(crlf), [
        "roster.yaml:1:1: error: unknown field 'user' (did you mean 'users'?)",
        "roster.yaml:1:1: warning: the roster has no users",
      ]);
      const lines = ["\uFEFFdepartments: [Ops]", "users:", "  - email: a@example.com", "    firstName: A", "    lastName: A", "    role: Guest", "    department: Opps", ""];
      const expected = ["roster.yaml:7:17: error: unknown department 'Opps' (did you mean 'Ops'?)"];
      assert.deepEqual(printedText(lines.join("\r\n")), expected);
      assert.deepEqual(printedText(lines.join("\n")), expected);
      const valid = parseText(lines.join("\r\n").replace("Opps", "Ops"));
      assert.deepEqual(valid.roster?.users.map((u) => `${u.source.line}:${u.source.column}`), ["3:5"]);
    });

    it("accepts a BOM and CRLF in a file on disk", () => {
      const file = join(dir, "roster.yaml");
      writeFileSync(file, `\uFEFFusers:\r\n${USER(1).replace("\n", "\r\n")}`);
      assert.deepEqual(loadRoster(file).roster?.users.map((u) => `${u.email} ${u.source.line}:${u.source.column}`), ["user-1@example.com 2:5"]);
    });

    it("refuses a lone CR line end where it is", () => {
      assert.deepEqual(printedText("users:\r  - x\n"), [
        "roster.yaml:1:7: error: this line ends with a lone carriage return (CR): save the file with LF or CRLF line ends",
      ]);
    });

    it("refuses invalid UTF-8 at its line and column, rather than reading it as U+FFFD", () => {
      const file = join(dir, "roster.yaml");
      const latin1 = Buffer.concat([Buffer.from("users:\n  - {email: jos"), Buffer.from([0xe9]), Buffer.from("@example.com}\n")]);
      writeFileSync(file, latin1);
      const notUtf8 = (at: string, byte: string): string =>
        `${file}:${at}: error: the file is not UTF-8: byte 0x${byte} here begins no UTF-8 character (is the file Latin-1 or Windows-1252?); save it as UTF-8`;
      assert.deepEqual(printedIssues(loadRoster(file)), [notUtf8("2:16", "E9")]);
      // after a byte-order mark and a two-byte character, on line 1
      writeFileSync(file, Buffer.concat([Buffer.from("\uFEFF# é "), Buffer.from([0xff])]));
      assert.deepEqual(printedIssues(loadRoster(file)), [notUtf8("1:5", "FF")]);
      // a character cut off at the end of the file
      writeFileSync(file, Buffer.concat([Buffer.from("users: []\n# "), Buffer.from([0xe2, 0x82])]));
      assert.deepEqual(printedIssues(loadRoster(file)), [notUtf8("2:3", "E2")]);
      writeFileSync(file, Buffer.from("\uFEFFusers: []\n", "utf16le"));
      assert.deepEqual(printedIssues(loadRoster(file)), [`${file}:1:1: error: the file is UTF-16 (it starts with a UTF-16 byte-order mark): save it as UTF-8`]);
    });
  });

  describe("messages quote hostile values harmlessly", () => {
    it("shows control and bidirectional characters as code points, keeping one issue on one line", () => {
      const text = `departments: [Ops]\nusers:\n${USER(1, ', department: "Ops\\e[2J\\u202E\\nx"')}`;
      assert.deepEqual(printedText(text), [
        "roster.yaml:3:95: error: unknown department 'Ops<U+001B>[2J<U+202E><U+000A>x': declare it under 'departments'",
      ]);
    });
  });

  describe("checks across the roster stay fast however many names are wrong", () => {
    it("suggests for the first unknown managers within a budget, then stops comparing", () => {
      const n = 5_000;
      const users = Array.from({ length: n }, (_, i) => USER(i, `, manager: user-${(i + 1) % n}@exmaple.com`)).join("");
      const result = within(30, () => parseText(`users:\n${users}`));
      const unknown = result.issues.filter((i) => i.message.startsWith("unknown manager"));
      assert.equal(unknown.length, n);
      // 5,000 names against 5,000 emails would be 25 million comparisons; the budget is 500,000: 100 names.
      assert.equal(unknown.filter((i) => i.message.includes("did you mean")).length, 100);
      assert.equal(unknown[0]?.message, "unknown manager 'user-1@exmaple.com': no user in the roster has this email (did you mean 'user-1@example.com'?)");
    });
  });
});
