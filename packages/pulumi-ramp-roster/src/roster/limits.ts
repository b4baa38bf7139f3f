// What a roster may be at most. Each limit is far beyond the roster of a 20,000-person company and small enough that
// reading, parsing and checking the largest roster allowed takes seconds and well under 2 GB, whatever the input.
// Each is checked as early as it can be: sizes before a file is read, nesting and tokens while it is parsed, the rest
// before its data is checked. A breach is an error naming the file, the place where there is one, and the limit.

export interface RosterLimits {
  /** Bytes of one roster file (checked with stat, before the file is read). */
  fileBytes: number;
  /** Bytes of all the files of a roster folder together (checked before any is read). */
  totalBytes: number;
  /** `*.yaml` / `*.yml` files in a roster folder. */
  files: number;
  /**
   * YAML tokens in all files together: scalars (keys and values), aliases, and the indicators `-`, `?`, `:`, `,`,
   * `[` and `{`. A user with every field written is about 40; a list of numbers `[1,1,...]` is 2 per value.
   */
  tokens: number;
  /** Lists and mappings nested in one another (a roster needs 4: file, `users`, a user, `formerEmails`). */
  depth: number;
  /** Aliases (`*name`) in one file. */
  aliases: number;
  /** Values that aliases repeat, in one file: an alias of a user repeats all of its keys and values. */
  aliasedValues: number;
  /** Characters of one key or value. */
  valueLength: number;
  /** Users in all files together. */
  users: number;
}

export const ROSTER_LIMITS: Readonly<RosterLimits> = Object.freeze({
  fileBytes: 16 * 1024 * 1024,
  totalBytes: 32 * 1024 * 1024,
  files: 1_000,
  tokens: 2_000_000,
  depth: 32,
  aliases: 1_000,
  aliasedValues: 10_000,
  valueLength: 1_000,
  users: 50_000,
});

/** The default limits, with some replaced (tests, or a CI that wants tighter ones). */
export function rosterLimits(overrides: Partial<RosterLimits> = {}): RosterLimits {
  return { ...ROSTER_LIMITS, ...overrides };
}

/** "1,000,000". */
export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

/** "16 MiB", "1.5 KiB", "12 bytes". */
export function formatBytes(n: number): string {
  const units: Array<[number, string]> = [
    [1024 * 1024 * 1024, "GiB"],
    [1024 * 1024, "MiB"],
    [1024, "KiB"],
  ];
  for (const [size, unit] of units) {
    if (n >= size) return `${Number((n / size).toFixed(1)).toLocaleString("en-US")} ${unit}`;
  }
  return `${formatCount(n)} byte${n === 1 ? "" : "s"}`;
}

export const limitMessages = {
  fileBytes: (size: number, limit: number) =>
    `the file is ${size < 1024 ? formatBytes(size) : `${formatBytes(size)} (${formatCount(size)} bytes)`}; a roster file may be at most ${formatBytes(limit)}: ` +
    "split it into the files of a roster folder",
  totalBytes: (total: number, limit: number) =>
    `with this file the roster's files are at least ${formatBytes(total)}; together they may be at most ${formatBytes(limit)}`,
  files: (limit: number) => `more than ${formatCount(limit)} *.yaml or *.yml files in this folder; a roster folder may hold at most ${formatCount(limit)}`,
  tokens: (limit: number) =>
    `the roster has more than ${formatCount(limit)} YAML tokens by here (keys, values, '-', ':', ','...; ` +
    `a user is about 20 to 40); a roster may have at most ${formatCount(limit)}`,
  depth: (limit: number) =>
    `lists and mappings are nested more than ${formatCount(limit)} deep here; a roster may nest at most ${formatCount(limit)} (it needs 4)`,
  aliases: (limit: number) => `more than ${formatCount(limit)} aliases in this file; a roster file may have at most ${formatCount(limit)}`,
  aliasedValues: (limit: number) =>
    `with this alias, aliases repeat more than ${formatCount(limit)} values in this file (an alias bomb?); ` +
    `a roster file may repeat at most ${formatCount(limit)} through aliases`,
  valueLength: (what: "key" | "value", length: number, limit: number) =>
    `this ${what} is ${formatCount(length)} characters long; a key or value may be at most ${formatCount(limit)}`,
  users: (limit: number) => `the roster has more than ${formatCount(limit)} users with this one; a roster may have at most ${formatCount(limit)}`,
};
