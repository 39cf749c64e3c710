"""The judges' HTML report: one self-contained page (no network; CSS and script inline, allowed
by their hashes in a Content-Security-Policy that forbids everything else), with the intake table
sortable and filterable, and every bundle's problems below it. It prints cleanly.

Every text from a bundle is escaped twice over: control and bidi characters made visible, then
HTML-escaped; and the policy would stop a script that got through anyway.
"""

from __future__ import annotations

import base64
import hashlib
import html
from datetime import UTC, datetime

from hksh_packager import APP_NAME, __version__
from hksh_packager.core.common.textsafety import escape_text
from hksh_packager.core.common.units import human_size
from hksh_packager.core.verify.intake import COLUMNS, Column, Intake, IntakeEntry, signed_text
from hksh_packager.core.verify.report import Verdict

NUMERIC = {"size", "signed", "problems", "verdict"}

STYLE = """
:root { color-scheme: light dark; --line: #c8c8c8; --muted: #666; --bad: #b00020; --ok: #1b6e20;
  --warn: #8a5a00; --head: #f2f2f2; }
@media (prefers-color-scheme: dark) { :root { --line: #555; --muted: #aaa; --bad: #ff6b81;
  --ok: #7bd88f; --warn: #f0c36d; --head: #2a2a2a; } }
body { font-family: system-ui, "Noto Sans CJK TC", "Noto Sans CJK SC", "Microsoft JhengHei",
  "PingFang TC", sans-serif; margin: 1.5rem; line-height: 1.4; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
.summary, .meta { color: var(--muted); margin: .25rem 0; }
.filters { display: flex; gap: 1rem; flex-wrap: wrap; align-items: center; margin: 1rem 0; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left;
  vertical-align: top; }
thead th { background: var(--head); position: sticky; top: 0; }
th button { font: inherit; font-weight: bold; background: none; border: 0; padding: 0;
  cursor: pointer; color: inherit; }
th[aria-sort="ascending"] button::after { content: " \\25B2"; }
th[aria-sort="descending"] button::after { content: " \\25BC"; }
td.num { text-align: right; white-space: nowrap; }
.v-invalid, .s-rejected { color: var(--bad); font-weight: bold; }
.v-valid, .s-counts { color: var(--ok); font-weight: bold; }
.v-valid-untrusted-key, .s-superseded, .s-duplicate { color: var(--warn); font-weight: bold; }
article { border-top: 2px solid var(--line); margin-top: 1.5rem; padding-top: .5rem;
  break-inside: avoid; }
article h3 { margin: .25rem 0; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .5rem 0; }
dt { color: var(--muted); }
dd { margin: 0; overflow-wrap: anywhere; }
code { overflow-wrap: anywhere; }
@media print {
  .filters, th button::after { display: none; }
  body { margin: 0; font-size: 9pt; }
  thead th { position: static; }
  tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""

SCRIPT = """
(function () {
  var table = document.getElementById("intake");
  var body = table.tBodies[0];
  var filter = document.getElementById("filter");
  var verdict = document.getElementById("verdict");
  var standing = document.getElementById("standing");
  var shown = document.getElementById("shown");
  function value(row, index, numeric) {
    var text = row.cells[index].getAttribute("data-sort");
    return numeric ? parseFloat(text) : text;
  }
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
    th.querySelector("button").addEventListener("click", function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      var numeric = th.getAttribute("data-type") === "num";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) {
        other.setAttribute("aria-sort", "none");
      });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = value(a, index, numeric), y = value(b, index, numeric);
        var order = numeric ? x - y
          : String(x).localeCompare(String(y), undefined, {numeric: true});
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
  function apply() {
    var words = filter.value.toLowerCase();
    var count = 0;
    Array.prototype.forEach.call(body.rows, function (row) {
      var visible = (!words || row.textContent.toLowerCase().indexOf(words) >= 0)
        && (!verdict.value || row.getAttribute("data-verdict") === verdict.value)
        && (!standing.value || row.getAttribute("data-standing") === standing.value);
      row.hidden = !visible;
      if (visible) { count += 1; }
    });
    shown.textContent = count + " of " + body.rows.length + " shown";
  }
  [filter, verdict, standing].forEach(function (control) {
    control.addEventListener("input", apply);
  });
  apply();
})();
"""


def _digest(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def _safe(text: str) -> str:
    return html.escape(escape_text(text), quote=True)


def _cell(entry: IntakeEntry, number: int, column: Column) -> str:
    text = column.text(entry)
    sort = column.sort(entry)
    classes = []
    if column.key in NUMERIC:
        classes.append("num")
    if column.key == "verdict":
        classes = [f"v-{entry.report.verdict}"]
    if column.key == "standing":
        classes.append(f"s-{entry.standing}")
    attrs = f' class="{" ".join(classes)}"' if classes else ""
    content = _safe(text)
    if column.key == "bundle":
        content = f'<a href="#b{number}">{content}</a>'
    return f'<td{attrs} data-sort="{_safe(str(sort))}">{content}</td>'


def _row(entry: IntakeEntry, number: int) -> str:
    cells = "".join(_cell(entry, number, column) for column in COLUMNS)
    return (
        f'<tr data-verdict="{entry.report.verdict}" data-standing="{entry.standing}">{cells}</tr>'
    )


def _details(entry: IntakeEntry, number: int) -> str:
    report = entry.report
    facts = [
        ("File", str(report.bundle)),
        ("Verdict", f"{report.verdict} ({'accepted' if entry.accepted else 'not accepted'})"),
        ("Standing", str(entry.standing)),
        ("Team", " ".join(p for p in (report.team_id, report.team_name) if p)),
        ("Title", report.title or ""),
        ("Stage", report.stage or ""),
        ("Submission id", report.submission_id or ""),
        ("Signing key", f"{report.key_id or 'none'} ({report.trust})"),
        ("Signed", signed_text(report.signed_at)),
        ("Size", f"{human_size(report.bundle_bytes)} ({report.bundle_bytes:,} bytes)"),
        ("Payload", f"{report.payload_files} files, {human_size(report.payload_bytes)}"),
        ("Datasets re-validated", str(report.revalidation)),
        ("Content id", report.content_id or ""),
    ]
    if entry.receipt:
        facts.append(("Receipt", entry.receipt))
    parts = [f'<article id="b{number}"><h3>{_safe(report.bundle.name)}</h3><dl>']
    parts += [f"<dt>{label}</dt><dd>{_safe(value)}</dd>" for label, value in facts if value]
    parts.append("</dl>")
    if report.problems:
        parts.append(
            f"<h4>Problems ({len(report.problems)})</h4><table><thead><tr><th>Check</th>"
            "<th>Member</th><th>Problem</th></tr></thead><tbody>"
        )
        parts += [
            f"<tr><td>{_safe(str(p.check))}</td><td><code>{_safe(p.member or '(archive)')}"
            f"</code></td><td>{_safe(str(p.message))}</td></tr>"
            for p in report.problems
        ]
        parts.append("</tbody></table>")
    else:
        parts.append("<p>No problems.</p>")
    for title, items in (("Intake findings", entry.findings), ("Notes", report.notes)):
        if items:
            parts.append(f"<h4>{title}</h4><ul>")
            parts += [f"<li>{_safe(item)}</li>" for item in items]
            parts.append("</ul>")
    parts.append("</article>")
    return "".join(parts)


def _options(select_id: str, label: str, values: list[str]) -> str:
    options = '<option value="">all</option>' + "".join(
        f'<option value="{value}">{value}</option>' for value in values
    )
    return f'<label>{label} <select id="{select_id}">{options}</select></label>'


def intake_html(intake: Intake, generated: datetime | None = None) -> str:
    generated = generated or datetime.now(UTC)
    policy = (
        f"default-src 'none'; style-src '{_digest(STYLE)}'; script-src '{_digest(SCRIPT)}'; "
        "img-src 'none'; form-action 'none'; base-uri 'none'"
    )
    numeric = ' data-type="num"'
    headers = "".join(
        f'<th scope="col" aria-sort="none"{numeric if c.key in NUMERIC else ""}>'
        f'<button type="button">{c.header}</button></th>'
        for c in COLUMNS
    )
    trust = (
        f"Trust list: {_safe(intake.trust_source)}"
        if intake.trust_source
        else "No trust list: no key could be checked against the registered teams."
    )
    notes = "".join(f'<p class="meta">{_safe(note)}</p>' for note in intake.notes)
    verdicts = [str(v) for v in Verdict]
    standings = sorted({str(e.standing) for e in intake.entries})
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Intake report: {len(intake.entries)} bundles</title><style>{STYLE}</style>"
        "</head><body><header><h1>Intake report</h1>"
        f'<p class="summary">{_safe(intake.summary())}</p>'
        f'<p class="meta">{trust}</p>{notes}'
        f'<p class="meta">Made by {APP_NAME} {__version__} on '
        f"{generated.strftime('%Y-%m-%d %H:%M UTC')}. Times are UTC+8 (Hong Kong and Shanghai)."
        "</p></header>"
        '<div class="filters" role="search"><label>Filter <input id="filter" type="search" '
        'placeholder="team, title, key..."></label>'
        f"{_options('verdict', 'Verdict', verdicts)}{_options('standing', 'Standing', standings)}"
        '<span id="shown" aria-live="polite"></span></div>'
        f'<table id="intake"><thead><tr>{headers}</tr></thead><tbody>'
        + "".join(_row(entry, n) for n, entry in enumerate(intake.entries, start=1))
        + "</tbody></table><section><h2>Bundles</h2>"
        + "".join(_details(entry, n) for n, entry in enumerate(intake.entries, start=1))
        + f"</section><script>{SCRIPT}</script></body></html>\n"
    )
