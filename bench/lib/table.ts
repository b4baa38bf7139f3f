// The result table: plain text, one row per measurement, aligned columns (numbers right-aligned).
import { formatInt, formatMs, percentile, type Row } from "./harness.js";

interface Column {
  title: string;
  right: boolean;
  cell(row: Row): string;
}

const COLUMNS: Column[] = [
  { title: "benchmark", right: false, cell: (r) => r.benchmark },
  { title: "size", right: true, cell: (r) => formatInt(r.size) },
  { title: "runs", right: true, cell: (r) => String(r.timesMs.length) },
  { title: "median ms", right: true, cell: (r) => formatMs(percentile(r.timesMs, 50)) },
  { title: "p90/max ms", right: true, cell: (r) => `${formatMs(percentile(r.timesMs, 90))} / ${formatMs(Math.max(...r.timesMs))}` },
  { title: "Ramp requests", right: true, cell: (r) => r.requests },
  { title: "notes", right: false, cell: (r) => r.notes },
];

export function formatTable(rows: readonly Row[]): string {
  const cells = rows.map((row) => COLUMNS.map((c) => c.cell(row)));
  const widths = COLUMNS.map((c, i) => Math.max(c.title.length, ...cells.map((line) => (line[i] as string).length)));
  const pad = (text: string, i: number): string => {
    const width = widths[i] as number;
    return (COLUMNS[i] as Column).right ? text.padStart(width) : text.padEnd(width);
  };
  const line = (texts: string[]): string => texts.map(pad).join("  ").trimEnd();
  return [line(COLUMNS.map((c) => c.title)), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}
