// The review as one self-contained HTML page for a controller: summary figures, the findings, and a table of
// everyone with access that sorts (click a heading) and filters (text, finding), and prints to PDF as shown. No
// external asset, no script from anywhere else; all text escaped.
import { count } from "./format.js";
import { evidenceLines, PEOPLE_COLUMNS } from "./review-format.js";
import { FINDING_KINDS, FINDING_TITLES, type Review } from "./review-model.js";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const STYLE = `
:root { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; color: #1d2330; }
body { margin: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; }
.sub { color: #5a6272; margin: 0 0 16px; }
.figures { display: flex; gap: 12px; flex-wrap: wrap; margin: 0 0 16px; }
.figure { border: 1px solid #d5d9e0; border-radius: 6px; padding: 8px 14px; min-width: 110px; }
.figure b { display: block; font-size: 22px; }
.figure.alert b { color: #b3261e; }
h2 { font-size: 17px; margin: 20px 0 8px; }
ul.findings { margin: 0; padding-left: 20px; }
ul.findings li { margin: 2px 0; }
.kind { font-weight: bold; }
.controls { display: flex; gap: 12px; align-items: center; margin: 8px 0; }
.controls input[type=search] { width: 280px; padding: 4px 6px; }
table { border-collapse: collapse; width: 100%; font-size: 12px; }
th, td { border: 1px solid #d5d9e0; padding: 3px 5px; text-align: left; vertical-align: top; }
th { background: #eef1f5; cursor: pointer; user-select: none; white-space: nowrap; }
th[aria-sort=ascending]::after { content: " \\25B2"; }
th[aria-sort=descending]::after { content: " \\25BC"; }
tr.flagged td:first-child { border-left: 4px solid #b3261e; }
.evidence { font-size: 12px; color: #3c4452; }
.evidence code { font-size: 11px; }
@media print {
  body { margin: 8mm; }
  .controls { display: none; }
  th { cursor: auto; }
  table { font-size: 9px; }
  tr { break-inside: avoid; }
}`;

// Sorting and filtering, in the page itself: no library. Each cell's text is its sort key; dates sort as text.
const SCRIPT = `
(function () {
  var table = document.getElementById("people");
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var search = document.getElementById("filter");
  var kind = document.getElementById("finding");
  var shown = document.getElementById("shown");
  function apply() {
    var q = search.value.trim().toLowerCase();
    var k = kind.value;
    var n = 0;
    rows.forEach(function (row) {
      var findings = row.getAttribute("data-findings");
      var ok = (!q || row.textContent.toLowerCase().indexOf(q) >= 0) &&
        (k === "" || (k === "*" ? findings !== "" : (" " + findings + " ").indexOf(" " + k + " ") >= 0));
      row.hidden = !ok;
      if (ok) n++;
    });
    shown.textContent = n + " of " + rows.length + " shown";
  }
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
    th.addEventListener("click", function () {
      var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) { other.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", dir);
      var sign = dir === "ascending" ? 1 : -1;
      rows.sort(function (a, b) {
        var x = a.cells[col].textContent, y = b.cells[col].textContent;
        return sign * (x < y ? -1 : x > y ? 1 : 0) || (Number(a.getAttribute("data-order")) - Number(b.getAttribute("data-order")));
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
  search.addEventListener("input", apply);
  kind.addEventListener("change", apply);
  apply();
})();`;

export function reviewHtml(review: Review): string {
  const s = review.summary;
  const date = review.evidence.listing.startedAt.slice(0, 10);
  const figure = (label: string, value: number, alert = false) => `<div class="figure${alert && value > 0 ? " alert" : ""}"><b>${value}</b>${escapeHtml(label)}</div>`;
  const findings =
    review.findings.length === 0
      ? "<p>No findings.</p>"
      : `<ul class="findings">${review.findings
          .map((f) => `<li><span class="kind">${escapeHtml(FINDING_TITLES[f.kind])}</span>${f.email ? `: ${escapeHtml(f.name ? `${f.name} <${f.email}>` : f.email)}` : ""} — ${escapeHtml(f.detail)}</li>`)
          .join("\n")}</ul>`;
  const kinds = FINDING_KINDS.filter((k) => review.people.some((p) => p.findings.includes(k)));
  const options = [`<option value="">everyone</option>`, `<option value="*">with findings</option>`, ...kinds.map((k) => `<option value="${k}">${escapeHtml(FINDING_TITLES[k])}</option>`)].join("");
  const head = PEOPLE_COLUMNS.map((c) => `<th scope="col">${escapeHtml(c.title)}</th>`).join("");
  const rows = review.people
    .map(
      (p, i) =>
        `<tr data-order="${i}" data-findings="${p.findings.join(" ")}"${p.findings.length > 0 ? ' class="flagged"' : ""}>${PEOPLE_COLUMNS.map((c) => `<td>${escapeHtml(c.value(p))}</td>`).join("")}</tr>`,
    )
    .join("\n");
  const leavers =
    review.leavers.length === 0
      ? "<p>Nobody was removed or set inactive in the period.</p>"
      : `<table id="leavers"><thead><tr><th>Email</th><th>Name</th><th>Change</th><th>Merged</th><th>Commit</th><th>Pull request</th><th>Ramp now</th></tr></thead><tbody>${review.leavers
          .map(
            (l) =>
              `<tr${l.inactiveNow ? "" : ' class="flagged"'}><td>${escapeHtml(l.email)}</td><td>${escapeHtml(l.name)}</td><td>${l.change}</td><td>${escapeHtml(l.mergedAt)}</td><td><code>${l.commit.slice(0, 12)}</code></td><td>${l.pullRequest !== null ? `#${l.pullRequest}` : "none"}</td><td>${escapeHtml(l.rampStatus ?? "not in Ramp")}${l.inactiveNow ? "" : " (still active)"}</td></tr>`,
          )
          .join("\n")}</tbody></table>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ramp access review ${date}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Ramp access review</h1>
<p class="sub">As listed from Ramp on ${escapeHtml(review.evidence.listing.startedAt)}; roster at commit <code>${review.evidence.git.commit.slice(0, 12)}</code>; period ${review.evidence.period.since} to ${review.evidence.period.until}.</p>
<div class="figures">
${figure("people with access", s.people)}
${figure("privileged", s.privileged)}
${figure("not managed by the roster", s.unmanaged, true)}
${figure("leavers in the period", s.leavers)}
${figure(s.findings === 1 ? "finding" : "findings", s.findings, true)}
</div>
<h2>Findings</h2>
${findings}
<h2>People with access (${s.people})</h2>
<div class="controls">
<label>Filter <input type="search" id="filter" placeholder="name, email, role, team..."></label>
<label>Show <select id="finding">${options}</select></label>
<span id="shown">${count(s.people, "person", "people")}</span>
</div>
<table id="people">
<thead><tr>${head}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
<h2>Leavers in the period (${s.leavers})</h2>
${leavers}
<h2>Evidence</h2>
<ul class="evidence">${evidenceLines(review)
    .map((l) => `<li>${escapeHtml(l)}</li>`)
    .join("")}</ul>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
