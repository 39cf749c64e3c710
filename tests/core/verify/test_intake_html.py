"""The judges' HTML report in a real browser (Debian's headless Chromium, driven by Playwright):
no console errors, the table sorts and filters; and text from hostile bundles stays text."""

from __future__ import annotations

import csv
import io
import os
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from hksh_packager.core.verify.intake import IntakeEntry, Standing, judge_intake
from hksh_packager.core.verify.intake_html import intake_html
from hksh_packager.core.verify.intake_reports import intake_csv, write_reports
from hksh_packager.core.verify.report import Check, Problem, Verdict, VerificationReport
from tests.helpers import require_tool

BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
HOSTILE_NAME = '<script>alert("x")</script><img src=x onerror=alert(1)>\u202egnp.exe'


def _report(name: str, team: str, title: str, verdict: Verdict, epoch: int, size: int,
            problems: tuple[Problem, ...] = ()) -> VerificationReport:  # fmt: skip
    return VerificationReport(
        Path("/intake") / name, verdict, problems, bag_name=f"HKSH2023-{team}", team_id=team,
        submission_id=f"HKSH2023-{team}", key_id=f"{team}ABCDEF123456", team_name=f"隊伍 {team}",
        title=title, stage="final", signed_at=epoch, bundle_bytes=size, content_id=name * 4,
    )  # fmt: skip


def _intake():  # type: ignore[no-untyped-def]
    bad = Problem(Check.PAYLOAD_MANIFEST, "data/x.csv", "its SHA-256 is not the one listed")
    reports = [
        _report("b.zip", "T002", "Beta 港島", Verdict.VALID_UNTRUSTED_KEY, 1_700_000_500, 2_000),
        _report("a.zip", "T001", "Alpha 浦东", Verdict.VALID_UNTRUSTED_KEY, 1_700_000_100, 9_000),
        _report("c.zip", "T003", "=HYPERLINK(\"http://x\")", Verdict.INVALID, 1_700_000_900, 500,
                (bad,)),
        replace(_report("d.zip", "T004", "Delta", Verdict.VALID_UNTRUSTED_KEY, 1_700_000_300,
                        7_000), team_name=HOSTILE_NAME),
    ]  # fmt: skip
    return judge_intake(reports, lambda r: r.verdict != Verdict.INVALID)


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    executable = require_tool("chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=BROWSER_ARGS)
        yield launched
        launched.close()


@pytest.mark.tools
def test_report_opens_without_console_errors_and_sorts_and_filters(browser, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_reports(_intake(), [tmp_path / "intake.html"])[0]
    page = browser.new_page(viewport={"width": 1400, "height": 800})
    messages: list[str] = []
    page.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: messages.append(f"pageerror: {error}"))
    page.on("dialog", lambda dialog: messages.append(f"dialog: {dialog.message}"))
    page.goto(path.as_uri())
    assert page.locator("#shown").text_content() == "4 of 4 shown"

    def column(header: str) -> list[str]:
        index = page.locator("thead th").all_text_contents().index(header) + 1
        return page.locator(f"#intake tbody tr td:nth-child({index})").all_text_contents()

    page.get_by_role("button", name="Size").click()
    assert column("Bundle") == ["c.zip", "b.zip", "d.zip", "a.zip"]  # 500 B < 2 KB < 7 KB < 9 KB
    page.get_by_role("button", name="Size").click()
    assert column("Bundle") == ["a.zip", "d.zip", "b.zip", "c.zip"]
    assert page.locator("th", has_text="Size").get_attribute("aria-sort") == "descending"
    page.get_by_role("button", name="Signed").click()
    assert column("Bundle") == ["a.zip", "d.zip", "b.zip", "c.zip"]
    page.get_by_role("button", name="Title").click()
    assert column("Title") == ['=HYPERLINK("http://x")', "Alpha 浦东", "Beta 港島", "Delta"]

    page.fill("#filter", "港島")
    assert page.locator("#shown").text_content() == "1 of 4 shown"
    assert page.locator("#intake tbody tr:visible td:nth-child(2)").all_text_contents() == ["b.zip"]
    page.fill("#filter", "")
    page.select_option("#verdict", "invalid")
    assert page.locator("#intake tbody tr:visible td:nth-child(2)").all_text_contents() == ["c.zip"]
    page.select_option("#verdict", "")
    # The hostile name is shown as text: nothing ran, no element was made from it.
    assert page.locator("img").count() == 0
    assert HOSTILE_NAME.replace("\u202e", "\\u202e") in page.locator("#intake tbody").text_content()
    shots = os.environ.get("HKSH_SCREENSHOTS")
    if shots:  # docs/screenshots/ is refreshed with HKSH_SCREENSHOTS=docs/screenshots
        page.screenshot(path=str(Path(shots) / "intake-report.png"), full_page=True)
    # The organiser switches the page to Traditional Chinese in place: the product's words
    # change, the bundles' own text and the filters' state do not.
    page.select_option("#verdict", "invalid")
    page.select_option("#language", "zh-hk")
    assert page.locator("html").get_attribute("lang") == "zh-Hant-HK"
    headers = page.locator("thead th").all_text_contents()
    assert headers[:4] == ["隊伍", "提交包", "題目", "階段"]
    assert page.locator("#shown").text_content() == "顯示 1 個，共 4 個"
    assert page.locator("#intake tbody tr:visible td:nth-child(5)").all_text_contents() == ["無效"]
    assert "Alpha 浦东" in page.locator("#intake tbody").text_content()
    page.select_option("#language", "zh-cn")
    assert page.locator("thead th").all_text_contents()[:4] == ["团队", "提交包", "标题", "阶段"]
    page.select_option("#language", "en")
    assert page.locator("thead th").all_text_contents()[:4] == ["Team", "Bundle", "Title", "Stage"]
    assert messages == []


def test_the_report_opens_in_the_organisers_language() -> None:
    page = intake_html(_intake(), language="zh_Hans_CN")
    assert '<html lang="zh-Hans-CN">' in page and "<title>收件报告：4 个提交包</title>" in page
    assert ">团队</span>" in page and 'data-l-en="Team"' in page
    # The CSV's judges' columns are headed in that language too; the columns for scripts are not.
    header = intake_csv(_intake(), "zh_Hant_HK").lstrip("\ufeff").splitlines()[0].split(",")
    assert header[:4] == ["隊伍", "提交包", "題目", "階段"] and "submission_id" in header


@pytest.mark.tools
def test_print_layout_hides_the_filters(browser, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_reports(_intake(), [tmp_path / "intake.html"])[0]
    page = browser.new_page()
    page.goto(path.as_uri())
    page.emulate_media(media="print")
    assert not page.locator(".filters").is_visible()
    assert page.locator("article").count() == 4
    assert len(page.pdf()) > 1000  # it prints


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


def test_hostile_text_is_text_in_html_and_csv() -> None:
    intake = _intake()
    page = intake_html(intake)
    parser = _Elements()
    parser.feed(page)
    assert parser.tags.count("script") == 1 and "img" not in parser.tags
    assert "\u202e" not in page and "Content-Security-Policy" in page
    rows = list(csv.DictReader(io.StringIO(intake_csv(intake).lstrip("\ufeff"))))
    titles = {row["Bundle"]: row["Title"] for row in rows}
    assert titles["c.zip"] == '\'=HYPERLINK("http://x")'  # a spreadsheet shows it, never runs it
    assert {row["Bundle"]: row["Team"] for row in rows}["a.zip"] == "T001 隊伍 T001"


def test_intake_standings_without_a_trust_list() -> None:
    entries: tuple[IntakeEntry, ...] = _intake().entries
    assert [e.standing for e in entries] == [Standing.COUNTS] * 2 + [Standing.REJECTED] + [
        Standing.COUNTS
    ]
