"""The judges' HTML report: one self-contained page (no network; CSS and script inline, allowed
by their hashes in a Content-Security-Policy that forbids everything else), with the intake table
sortable and filterable, and every bundle's problems below it. It prints cleanly. It opens in the
organiser's language and switches to the other two in place: every text the product writes is
there in English, 繁體 and 简体 (data attributes, set as text by the page's script, never as
markup); a bundle's own text is shown as it is.

Every text from a bundle is escaped twice over: control and bidi characters made visible, then
HTML-escaped; and the policy would stop a script that got through anyway.
"""

from __future__ import annotations

import base64
import hashlib
import html
from datetime import UTC, datetime

from hksh_packager import APP_NAME, __version__
from hksh_packager.core.common.messages import (
    ENGLISH,
    HONG_KONG,
    LANGUAGE_TAGS,
    SHANGHAI,
    Message,
    define,
    define_plural,
    render,
)
from hksh_packager.core.common.textsafety import escape_text
from hksh_packager.core.common.units import human_size
from hksh_packager.core.verify.intake import (
    COLUMNS,
    STANDINGS,
    VERDICT_WORDS,
    Column,
    Intake,
    IntakeEntry,
    datasets_said,
    signed_text,
)
from hksh_packager.core.verify.report import TRUST, Verdict

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
    var template = shown.getAttribute("data-l-" + language.value) || "{shown} / {total}";
    shown.textContent = template.replace("{shown}", count).replace("{total}", body.rows.length);
  }
  var language = document.getElementById("language");
  function speak() {
    Array.prototype.forEach.call(document.querySelectorAll(".t"), function (element) {
      var text = element.getAttribute("data-l-" + language.value);
      if (text !== null) { element.textContent = text; }
    });
    document.documentElement.lang = language.options[language.selectedIndex].lang;
    apply();
  }
  language.addEventListener("input", speak);
  [filter, verdict, standing].forEach(function (control) {
    control.addEventListener("input", apply);
  });
  apply();
})();
"""

# Each language's key in the page's data attributes, and its tag for <html lang>.
KEYS = {ENGLISH: "en", HONG_KONG: "zh-hk", SHANGHAI: "zh-cn"}
NAMES = {ENGLISH: "English", HONG_KONG: "繁體中文", SHANGHAI: "简体中文"}

TITLE = define_plural(
    "report.title", "Intake report: {count} bundle", "Intake report: {count} bundles"
)
HEADING = define("report.heading", "Intake report")
TRUST_LIST = define("report.trust-list", "Trust list: {source}")
NO_TRUST_LIST = define(
    "report.no-trust-list", "No trust list: no key could be checked against the registered teams."
)
MADE_BY = define(
    "report.made-by", "Made by {app} {version} on {time}. Times are UTC+8 (Hong Kong and Shanghai)."
)
FILTER = define("report.filter", "Filter")
FILTER_HINT = define("report.filter-hint", "team, title, key...")
ALL = define("report.all", "all")
SHOWN = define("report.shown", "{shown} of {total} shown")
BUNDLES = define("report.bundles", "Bundles")
LANGUAGE = define("report.language", "Language")
PROBLEMS = define_plural("report.problems", "Problems ({count})", "Problems ({count})")
NO_PROBLEMS = define("report.no-problems", "No problems.")
FINDINGS = define("report.findings", "Intake findings")
NOTES = define("report.notes", "Notes")
CHECK = define("report.check", "Check")
MEMBER = define("report.member", "Member")
PROBLEM = define("report.problem", "Problem")
ARCHIVE = define("report.archive", "(archive)")
ACCEPTED = define("report.accepted", "{verdict} (accepted)")
NOT_ACCEPTED = define("report.not-accepted", "{verdict} (not accepted)")
BYTES = define_plural("report.size", "{size} ({count:,} byte)", "{size} ({count:,} bytes)")
PAYLOAD = define_plural("report.payload", "{count} file, {size}", "{count} files, {size}")
KEY_NONE = define("report.key-none", "none ({trust})")
KEY_SAID = define("report.key", "{key} ({trust})")
FACTS = {
    "file": define("report.file", "File"),
    "verdict": define("report.verdict", "Verdict"),
    "standing": define("report.standing", "Standing"),
    "team": define("report.team", "Team"),
    "title": define("report.title-field", "Title"),
    "stage": define("report.stage", "Stage"),
    "submission": define("report.submission-id", "Submission id"),
    "key": define("report.signing-key", "Signing key"),
    "signed": define("report.signed", "Signed"),
    "size": define("report.size-field", "Size"),
    "payload": define("report.payload-field", "Payload"),
    "datasets": define("report.datasets", "Datasets re-validated"),
    "content": define("report.content-id", "Content id"),
    "receipt": define("report.receipt", "Receipt"),
}


def _t(said: Message | str, language: str) -> str:
    """A text the reader can switch: the chosen language shown, all three in data attributes;
    each escaped as a bundle's text is, since a message may quote one."""
    if not isinstance(said, Message):
        return _safe(said)
    return f"<span {_attributes(said)}>{_safe(render(said, language))}</span>"


def _attributes(said: Message) -> str:
    """The attributes of an element whose text the page's script sets: all three texts."""
    return 'class="t" ' + " ".join(
        f'data-l-{key}="{_safe(render(said, name))}"' for name, key in KEYS.items()
    )


def _digest(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def _safe(text: str) -> str:
    return html.escape(escape_text(text), quote=True)


def _cell(entry: IntakeEntry, number: int, column: Column, language: str) -> str:
    sort = column.sort(entry)
    classes = []
    if column.key in NUMERIC:
        classes.append("num")
    if column.key == "verdict":
        classes = [f"v-{entry.report.verdict}"]
    if column.key == "standing":
        classes.append(f"s-{entry.standing}")
    attrs = f' class="{" ".join(classes)}"' if classes else ""
    content = _t(column.said(entry), language)
    if column.key == "bundle":
        content = f'<a href="#b{number}">{content}</a>'
    return f'<td{attrs} data-sort="{_safe(str(sort))}">{content}</td>'


def _row(entry: IntakeEntry, number: int, language: str) -> str:
    cells = "".join(_cell(entry, number, column, language) for column in COLUMNS)
    return (
        f'<tr data-verdict="{entry.report.verdict}" data-standing="{entry.standing}">{cells}</tr>'
    )


def _details(entry: IntakeEntry, number: int, language: str) -> str:
    report = entry.report
    verdict = VERDICT_WORDS[report.verdict]()
    trust = TRUST[report.trust]()
    facts: list[tuple[str, Message | str]] = [
        ("file", str(report.bundle)),
        ("verdict", (ACCEPTED if entry.accepted else NOT_ACCEPTED)(verdict=verdict)),
        ("standing", STANDINGS[entry.standing]()),
        ("team", " ".join(p for p in (report.team_id, report.team_name) if p)),
        ("title", report.title or ""),
        ("stage", report.stage or ""),
        ("submission", report.submission_id or ""),
        ("key", KEY_SAID(key=report.key_id, trust=trust) if report.key_id else KEY_NONE(
            trust=trust)),
        ("signed", signed_text(report.signed_at)),
        ("size", BYTES(size=human_size(report.bundle_bytes), count=report.bundle_bytes)),
        ("payload", PAYLOAD(count=report.payload_files, size=human_size(report.payload_bytes))),
        ("datasets", datasets_said(report)),
        ("content", report.content_id or ""),
    ]  # fmt: skip
    if entry.receipt:
        facts.append(("receipt", entry.receipt))
    parts = [f'<article id="b{number}"><h3>{_safe(report.bundle.name)}</h3><dl>']
    parts += [
        f"<dt>{_t(FACTS[key](), language)}</dt><dd>{_t(value, language)}</dd>"
        for key, value in facts
        if value
    ]
    parts.append("</dl>")
    if report.problems:
        parts.append(
            f"<h4>{_t(PROBLEMS(count=len(report.problems)), language)}</h4><table><thead><tr>"
            f"<th>{_t(CHECK(), language)}</th><th>{_t(MEMBER(), language)}</th>"
            f"<th>{_t(PROBLEM(), language)}</th></tr></thead><tbody>"
        )
        parts += [
            f"<tr><td>{_safe(str(p.check))}</td><td><code>"
            f"{_safe(p.member) if p.member else _t(ARCHIVE(), language)}</code></td>"
            f"<td>{_t(p.said or p.message, language)}</td></tr>"
            for p in report.problems
        ]
        parts.append("</tbody></table>")
    else:
        parts.append(f"<p>{_t(NO_PROBLEMS(), language)}</p>")
    for title, items in ((FINDINGS, entry.said_findings()), (NOTES, report.said_notes())):
        if items:
            parts.append(f"<h4>{_t(title(), language)}</h4><ul>")
            parts += [f"<li>{_t(item, language)}</li>" for item in items]
            parts.append("</ul>")
    parts.append("</article>")
    return "".join(parts)


def _options(
    select_id: str, label: Message, values: list[tuple[str, Message]], language: str
) -> str:
    options = "".join(
        f'<option value="{_safe(value)}" {_attributes(said)}>'
        f"{_safe(render(said, language))}</option>"
        for value, said in [("", ALL()), *values]
    )
    return f'<label>{_t(label, language)} <select id="{select_id}">{options}</select></label>'


def _languages(language: str) -> str:
    options = "".join(
        f'<option value="{key}" lang="{LANGUAGE_TAGS[name]}"'
        f"{' selected' if name == language else ''}>{NAMES[name]}</option>"
        for name, key in KEYS.items()
    )
    return f'<label>{_t(LANGUAGE(), language)} <select id="language">{options}</select></label>'


def intake_html(intake: Intake, generated: datetime | None = None, language: str = ENGLISH) -> str:
    """The page in `language`, switchable to the other two."""
    generated = generated or datetime.now(UTC)
    policy = (
        f"default-src 'none'; style-src '{_digest(STYLE)}'; script-src '{_digest(SCRIPT)}'; "
        "img-src 'none'; form-action 'none'; base-uri 'none'"
    )
    numeric = ' data-type="num"'
    headers = "".join(
        f'<th scope="col" aria-sort="none"{numeric if c.key in NUMERIC else ""}>'
        f'<button type="button">{_t(c.header(), language)}</button></th>'
        for c in COLUMNS
    )
    trust = (
        TRUST_LIST(source=escape_text(intake.trust_source))
        if intake.trust_source
        else NO_TRUST_LIST()
    )
    notes = "".join(f'<p class="meta">{_t(note, language)}</p>' for note in intake.said_notes())
    verdicts = [(str(v), VERDICT_WORDS[v]()) for v in Verdict]
    standings = [(str(s), STANDINGS[s]()) for s in sorted({e.standing for e in intake.entries})]
    made = MADE_BY(app=APP_NAME, version=__version__,
                   time=generated.strftime("%Y-%m-%d %H:%M UTC"))  # fmt: skip
    shown_templates = " ".join(
        f'data-l-{key}="{_safe(render(SHOWN(shown="{shown}", total="{total}"), name))}"'
        for name, key in KEYS.items()
    )
    summary = "".join(
        f' data-l-{key}="{_safe(intake.summary(name))}"' for name, key in KEYS.items()
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{LANGUAGE_TAGS[language]}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_safe(render(TITLE(count=len(intake.entries)), language))}</title>"
        f"<style>{STYLE}</style></head><body><header><h1>{_t(HEADING(), language)}</h1>"
        f'<p class="summary t"{summary}>{_safe(intake.summary(language))}</p>'
        f'<p class="meta">{_t(trust, language)}</p>{notes}'
        f'<p class="meta">{_t(made, language)}</p></header>'
        f'<div class="filters" role="search">{_languages(language)}'
        f'<label>{_t(FILTER(), language)} <input id="filter" type="search" '
        f'placeholder="{_safe(render(FILTER_HINT(), language))}"></label>'
        f"{_options('verdict', FACTS['verdict'](), verdicts, language)}"
        f"{_options('standing', FACTS['standing'](), standings, language)}"
        f'<span id="shown" aria-live="polite" {shown_templates}></span></div>'
        f'<table id="intake"><thead><tr>{headers}</tr></thead><tbody>'
        + "".join(_row(entry, n, language) for n, entry in enumerate(intake.entries, start=1))
        + f"</tbody></table><section><h2>{_t(BUNDLES(), language)}</h2>"
        + "".join(_details(entry, n, language) for n, entry in enumerate(intake.entries, start=1))
        + f"</section><script>{SCRIPT}</script></body></html>\n"
    )
