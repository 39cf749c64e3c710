"""The formats checked without jsonschema: jsonschema's FormatChecker's verdicts, text by text."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from jsonschema import FormatChecker

from hksh_packager.core.validation.formats import format_test

ORACLE = FormatChecker()
DATE_LIKE = st.from_regex(
    r"\A[0-9０-９]{1,5}-[0-9]{1,3}-[0-9]{1,3}(T[0-9:.]{0,12}[zZ+0-9:-]{0,6})?\n?\Z"
)
TEXT = st.text(alphabet=st.sampled_from("0123456789-:TtZz+. @/:?#%[]abcé例\n"), max_size=30)


def _agrees(name: str, text: str) -> None:
    test = format_test(name)
    assert test is not None
    assert test(text) == ORACLE.conforms(text, name), (name, text)


@given(st.one_of(DATE_LIKE, TEXT))
@example("2024-02-29")  # a leap day
@example("2023-02-29")
@example("2024-1-01")
@example("２０２４-01-01")  # full-width digits: Python's \d takes them, JSON Schema's does not
@example("2024-01-01\n")  # a pattern's $ matches before a final newline
@example("20240101")  # fromisoformat takes the basic form; the format does not
@example("")
def test_a_date_is_one_where_jsonschema_says_so(text: str) -> None:
    _agrees("date", text)


@given(st.one_of(DATE_LIKE, TEXT))
@example("2024-01-01T00:00:00Z")
@example("2024-01-01t00:00:00z")  # lower case: jsonschema checks the text upper-cased
@example("2024-01-01T24:00:00Z")
@example("2024-01-01T23:59:60+08:00")  # a leap second
@example("2024-01-01 00:00:00Z")
@example("2024-01-01T00:00:00")  # no time zone
def test_a_date_time_is_one_where_jsonschema_says_so(text: str) -> None:
    _agrees("date-time", text)


@given(TEXT)
@example("https://data.gov.hk/tc-data/dataset/hk-epd-airteam")
@example("mailto:team@example.org")
@example("//example.org/no-scheme")
@example("http://例子.测试/")
@example("http://a b/")
@example("urn:isbn:0451450523")
def test_a_uri_is_one_where_jsonschema_says_so(text: str) -> None:
    _agrees("uri", text)


@given(TEXT)
@example("team@example.org")
@example("no at sign")
def test_an_email_is_one_where_jsonschema_says_so(text: str) -> None:
    _agrees("email", text)


@pytest.mark.parametrize(("name", "text"), [("ipv4", "10.0.0.1"), ("ipv4", "10.0.0.256")])
def test_other_formats_are_jsonschemas_own(name: str, text: str) -> None:
    _agrees(name, text)


def test_a_format_jsonschema_does_not_know_is_not_checked() -> None:
    assert format_test("x-station-code") is None
