"""The XML reader's two passes agree: libxml2's stream (`xml_stream`, which reads every record of
a file) gives the records expat's defused pass (`xml_expat`, which finds them and their columns)
collects, with the same line numbers; and the stream refuses and words errors as expat does."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from hksh_packager.core.common.errors import InputError
from hksh_packager.core.datasets import xml_stream
from hksh_packager.core.datasets.xml_expat import ExpatRecords, expat_pass
from hksh_packager.core.datasets.xml_stream import stream_records

PATH = ("feed", "item")
GEO = "http://www.georss.org/georss"

texts = st.text(st.sampled_from("ab 中&<>\"'\t\n"), max_size=6)
names = st.sampled_from(["n", "v", "StationName", "georss:point", "x"])


@st.composite
def fields(draw: st.DrawFn, depth: int = 0) -> str:
    """One element inside a record: text (escaped, or in CDATA, or around a comment), maybe
    attributes, maybe elements inside it."""
    name = draw(names)
    attributes = "".join(
        f" {key}={quoteattr(value)}"
        for key, value in draw(st.dictionaries(st.sampled_from(["k", "id", "georss:k"]), texts,
                                               max_size=2)).items()
    )  # fmt: skip
    inside = escape(draw(texts))
    shape = draw(st.sampled_from(["text", "cdata", "comment", "pi", "empty", "nested"]))
    if shape == "cdata":
        inside = f"<![CDATA[{draw(texts).replace(']]>', '')}]]>"
    elif shape == "comment":
        inside = f"{inside}<!-- c -->{escape(draw(texts))}"
    elif shape == "pi":
        inside = f"{inside}<?tool x?>{escape(draw(texts))}"
    elif shape == "empty":
        return f"<{name}{attributes}/>"
    elif shape == "nested" and depth < 2:
        children = draw(st.lists(fields(depth + 1), max_size=3))
        inside = escape(draw(texts)) + "".join(children) + escape(draw(texts))
    return f"<{name}{attributes}>{inside}</{name}>"


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, tuple[str, ...]]:
    parts = []
    for _ in range(draw(st.integers(1, 12))):
        kind = draw(st.sampled_from(["record"] * 6 + ["plain"] * 4 + ["other", "stray"]))
        if kind == "other":  # not a record: a sibling of the records
            parts.append("<title>Feed</title>")
        elif kind == "stray":  # an <item> at another path: not a record either
            parts.append("<other><item><n>stray</n></item></other>")
        else:
            inner = (
                draw(st.lists(fields(), max_size=4))
                if kind == "record"
                else [f"<n>{escape(draw(texts))}</n>", f"<v>{escape(draw(texts))}</v>"]
            )
            attributes = ' id="r"' if draw(st.booleans()) and kind == "record" else ""
            gap = draw(st.sampled_from(["", "\n", "\n  "]))
            parts.append(f"<item{attributes}>{gap}{gap.join(inner)}{gap}</item>")
    separator = draw(st.sampled_from(["", "\n", "\r\n", "\n<!-- between -->\n"]))
    body = separator.join(parts)
    path = PATH
    if draw(st.booleans()):  # records in channels (RSS): elements between and after them
        cut = draw(st.integers(0, len(parts)))
        first, second = separator.join(parts[:cut]), separator.join(parts[cut:])
        body = f"<channel>{first}</channel><title>t</title><channel>{second}</channel><end/>"
        path = ("feed", "channel", "item")
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns:georss="{GEO}">{separator}'
        f"{body}{separator}</feed>\n"
    )
    return document, path


def expat_records(path: Path, records: tuple[str, ...] = PATH) -> list[tuple[int, dict[str, str]]]:
    collected = ExpatRecords(records)
    for _ in expat_pass(path, collected):
        pass
    return collected.done


def streamed(path: Path, records: tuple[str, ...] = PATH) -> list[tuple[int, dict[str, str]]]:
    got = []
    for batch in stream_records(path, records):
        got += [
            (line, {name: text or "" for name, text in record.items()})
            for line, record in zip(batch.lines, batch.records, strict=True)
        ]
    return got


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(case=documents(), block=st.sampled_from([7, 64, 1 << 16]))
@example(  # a field repeated in a plain record: its texts are joined
    case=("<feed>\n<item><n>a</n><n>b</n></item>\n<item><n>c</n></item>\n</feed>", PATH), block=7
)
@example(  # the same, once the field's name is known from an earlier record
    case=("<feed><item><n>c</n></item><item><n>a</n><n>b</n></item></feed>", PATH), block=1 << 16
)
@example(  # the same field in two namespaces, and an element after nested ones
    case=(
        f'<feed xmlns:g="{GEO}"><item><n>1</n><g:n>2</g:n><x><y>t</y>tail</x></item></feed>',
        PATH,
    ),
    block=64,
)
def test_the_stream_reads_the_records_expat_reads(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    case: tuple[str, tuple[str, ...]],
    block: int,
) -> None:
    document, records = case
    monkeypatch.setattr(xml_stream, "BLOCK", block)
    path = tmp_path / "feed.xml"
    path.write_bytes(document.encode("utf-8"))
    assert streamed(path, records) == expat_records(path, records)


def test_a_document_type_is_refused_by_the_stream_too(tmp_path: Path) -> None:
    # open_xml's expat pass refuses it first; the stream reads up to the root with expat itself
    path = tmp_path / "evil.xml"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "aaaaaaaaaa">]>'
        "<feed><item><n>&a;</n></item></feed>",
        "utf-8",
    )
    with pytest.raises(InputError, match="declares dtd content"):
        streamed(path)


@pytest.mark.parametrize(
    ("reword_bytes", "said"),
    [
        # within the first 32 MB: found again and worded by expat
        (xml_stream.REWORD_BYTES, r"at line 5002, column 13 \(mismatched tag\)"),
        # past them (here past 1 KB): libxml2's words, the file is not read again
        (1 << 10, r"at line 5002, column \d+ \(Opening and ending tag"),
    ],
)
def test_an_error_far_into_the_file_names_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reword_bytes: int, said: str
) -> None:
    monkeypatch.setattr(xml_stream, "REWORD_BYTES", reword_bytes)
    path = tmp_path / "cut.xml"
    good = "".join(f"<item><n>{i}</n></item>\n" for i in range(5_000))
    path.write_text(f"<feed>\n{good}<item><n>x</v></item>\n</feed>\n", "utf-8")
    with pytest.raises(InputError, match=said):
        streamed(path)


def test_a_text_over_libxml2s_limit_is_refused_with_its_line(tmp_path: Path) -> None:
    # Expat reads it; libxml2 stops at 10,000,000 characters of text
    path = tmp_path / "huge.xml"
    path.write_text(
        f"<feed>\n<item><n>1</n></item>\n<item><n>{'x' * 10_000_001}</n></item>\n</feed>"
    )
    with pytest.raises(InputError, match=r"huge.xml: at line 3 the XML goes past what a data"):
        streamed(path)


def test_nesting_deeper_than_the_limit_inside_a_record_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.xml"
    path.write_text("<feed><item>" + "<a>" * 70 + "x" + "</a>" * 70 + "</item></feed>")
    with pytest.raises(InputError, match="deeper than 64 levels"):
        streamed(path)
    with pytest.raises(InputError, match="deeper than 64 levels"):
        expat_records(path)


# What a hostile sender tried (a review of the stream): each test below failed before its fix.

# The peak is read from /proc (VmHWM): getrusage's maximum carries over from the process that
# started this one (pytest, hundreds of MiB into the suite).
MEMORY = r"""
import re, sys
from pathlib import Path
from hksh_packager.core.datasets.xml_stream import stream_records
path, records = Path(sys.argv[1]), tuple(sys.argv[2].split("/"))
count = sum(len(batch.records) for batch in stream_records(path, records))
peak = re.search(r"VmHWM:\s*(\d+) kB", Path("/proc/self/status").read_text())
print(count, int(peak.group(1)) >> 10)
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the peak from /proc")
@pytest.mark.parametrize(
    ("shape", "records", "count"),
    [
        # 28 MiB of elements after the records (peaked at 936 MiB)
        ("<feed><channel>{rec}</channel><junk>{junk}</junk></feed>", "feed/channel/item", 2000),
        # a parent per record: each emptied parent was kept (266 MiB)
        ("<feed>\n{parents}</feed>", "feed/g/item", 1_000_000),
    ],
)
def test_memory_holds_what_is_open_not_what_was_read(
    tmp_path: Path, shape: str, records: str, count: int
) -> None:
    import subprocess
    import sys

    rec = "<item><n>1</n><v>abc</v></item>\n"
    path = tmp_path / "feed.xml"
    path.write_text(
        shape.format(
            rec=rec * 2000,
            junk="<a/>" * 7_500_000,
            parents="<g><item><n>1</n></item></g>\n" * 1_000_000,
        )
    )
    source = Path(xml_stream.__file__).parents[3]
    done = subprocess.run(
        [sys.executable, "-c", MEMORY, str(path), records],
        capture_output=True, text=True, check=True, env={"PYTHONPATH": str(source)},
    )  # fmt: skip
    read, peak_mib = map(int, done.stdout.split())
    assert read == count
    assert peak_mib < 200, f"{peak_mib} MiB peak for a {path.stat().st_size >> 20} MiB file"


def test_a_document_type_is_refused_before_libxml2_reads_it_whatever_the_root(
    tmp_path: Path,
) -> None:
    # The root is not the path's: no element would reach the stream's own check (0 rows came
    # back), and a large document type was stored whole before any check
    path = tmp_path / "evil.xml"
    path.write_text(
        '<!DOCTYPE evil [<!ENTITY a "aaaa">]><evil><item><n>&a;</n></item></evil>', "utf-8"
    )
    with pytest.raises(InputError, match="declares dtd content"):
        streamed(path)


def test_a_field_repeated_a_million_times_is_joined_once(tmp_path: Path) -> None:
    # Joined text by text, this took 41 s for 1.25 million repeats (quadratic), in both passes
    path = tmp_path / "feed.xml"
    path.write_text("<feed><item>" + "<a>x</a>" * 1_000_000 + "</item></feed>")
    assert streamed(path) == expat_records(path) == [(1, {"a": "x" * 1_000_000})]


def test_a_namespace_error_stops_the_stream_where_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # libxml2 holds a namespace error until the file ends: every record after it came out first
    monkeypatch.setattr(xml_stream, "BLOCK", 1 << 10)
    path = tmp_path / "feed.xml"
    rec = "<item><n>1</n></item>\n"
    path.write_text(f"<feed>\n{rec * 100}<item><g:n>1</g:n></item>\n{rec * 5000}</feed>\n")
    seen = 0
    with pytest.raises(InputError, match=r"line 102, column \d+ \(unbound prefix\)"):
        for batch in stream_records(path, PATH):
            seen += len(batch.records)
    assert seen < 1000


def test_an_encoding_expat_cannot_read_is_named(tmp_path: Path) -> None:
    from hksh_packager.core.datasets.tables import open_table

    path = tmp_path / "big5.xml"
    path.write_bytes(
        '<?xml version="1.0" encoding="Big5"?><r><item><n>中</n></item></r>'.encode("big5")
    )
    with pytest.raises(InputError, match=r"big5.xml: the XML reader cannot read the encoding"):
        open_table(path)
