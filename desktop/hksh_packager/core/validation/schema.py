"""Loading a dataset schema: a Draft 2020-12 JSON Schema for one row plus table rules (`x-`).

Table rules:
  x-uniqueKeys     list of column lists; each list's values together are unique across rows
  x-minRows        the fewest data rows the file may have
  x-headers        columns the header must contain (others may follow, unless additionalProperties
                   is false)
  x-encodings      encodings the publisher uses (labels such as "UTF-8", "Big5-HKSCS"); another one
                   is reported as a warning
  x-geometryType   for GeoJSON: the geometry type every feature must have
  x-headerRow      the row the header is on, when titles or notes sit above it (found
                   automatically when unambiguous)
  x-headerRows     how many rows the header has (names above units, as statistics tables
                   print them), joined top to bottom into one name per column (both found
                   automatically when unambiguous: core/datasets/header_guess.py)
  x-skipRows       rows that are not data (totals, "Daily Max"), by a pattern on a column
  x-missingValues  words that mark a missing value ("N/A"), read as null; also per column
  x-trim           true or a list of columns: spaces around values (ASCII and full-width) ignored
  x-fillDown       columns whose empty cells hold the value of the row above
(see row_rules.py for the last four)
Catalogue metadata lives under `x-catalogue` and is not checked here. `$ref` may point into the
schema itself or to a file beside it; a remote `$ref` is refused, so a schema never makes the app
use the network.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hksh_packager.core.common.errors import PatternError, SchemaProblem
from hksh_packager.core.common.jsonpointer import escape_token, format_pointer
from hksh_packager.core.common.jsontext import check_depth, parse_json
from hksh_packager.core.validation.patterns import compile_pattern, patterns_in
from hksh_packager.core.validation.row_rules import check_rule_shapes

if TYPE_CHECKING:  # jsonschema loads for the metaschema, a $ref or a rule the engine leaves to it
    from jsonschema import Draft202012Validator
    from referencing import Registry

TABLE_RULES = {
    "x-uniqueKeys", "x-minRows", "x-headers", "x-encodings", "x-geometryType", "x-headerRow",
    "x-headerRows", "x-skipRows", "x-missingValues", "x-trim", "x-fillDown",
}  # fmt: skip
METADATA = {"x-catalogue"}
DRAFT = "https://json-schema.org/draft/2020-12/schema"
MAX_SCHEMA_DEPTH = 32  # nesting a row schema needs is a handful; jsonschema recurses per level


@dataclass(frozen=True)
class DatasetSchema:
    source: Path | None
    schema: dict[str, Any]
    folder: Path | None = field(default=None, repr=False, compare=False)  # where $refs are found
    where: str = field(default="schema", repr=False, compare=False)  # its name in messages

    @cached_property
    def validator(self) -> Draft202012Validator:
        """jsonschema's validator of one row, made when first needed."""
        from jsonschema import FormatChecker

        from hksh_packager.core.validation.row_validator import DatasetValidator

        return DatasetValidator(
            self.schema, format_checker=FormatChecker(), registry=_registry(self.folder, self.where)
        )

    @property
    def properties(self) -> dict[str, dict[str, Any]]:
        props = self.schema.get("properties", {})
        return {k: v for k, v in props.items() if isinstance(v, dict)}

    @property
    def required(self) -> list[str]:
        return list(self.schema.get("required", []))

    def rule(self, name: str, default: Any = None) -> Any:
        return self.schema.get(name, default)

    def resolve(self, ref: str) -> Any:
        """What a `$ref` in this schema points to (a file beside it, or a part of itself)."""
        return resolve_ref(self.validator, ref)


def resolve_ref(validator: Draft202012Validator, ref: str) -> Any:
    # jsonschema has no public call for this; its validator's resolver is the one that knows the
    # schema's own base URI and the registry of files beside it.
    return validator._resolver.lookup(ref).contents  # type: ignore[attr-defined]


def _walk(node: Any, pointer: str = "") -> Any:
    if isinstance(node, dict):
        yield pointer, node
        for key, value in node.items():
            yield from _walk(value, f"{pointer}/{escape_token(key)}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, f"{pointer}/{index}")


def _check_keywords(schema: dict[str, Any], where: str) -> None:
    for pointer, node in _walk(schema):
        for key in node:
            unknown_rule = pointer == "" and key not in TABLE_RULES | METADATA
            if isinstance(key, str) and key.startswith("x-") and unknown_rule:
                known = ", ".join(sorted(TABLE_RULES))
                raise SchemaProblem(
                    f"{where}: unknown table rule '{key}' at /{key}; known rules: {known}"
                )
        ref = node.get("$ref")
        if isinstance(ref, str) and "://" in ref.split("#")[0]:
            raise SchemaProblem(
                f"{where}: $ref at {pointer or '/'} points to {ref}; remote references are refused "
                "so that checking never uses the network. Copy that schema next to this one and "
                "refer to it by file name"
            )
    _check_rule_shapes(schema, where)


def _check_rule_shapes(schema: dict[str, Any], where: str) -> None:
    keys = schema.get("x-uniqueKeys")
    if keys is not None and not (
        isinstance(keys, list)
        and all(isinstance(k, list) and k and all(isinstance(c, str) for c in k) for k in keys)
    ):
        raise SchemaProblem(f"{where}: /x-uniqueKeys must be a list of column-name lists")
    rows = schema.get("x-minRows")
    if rows is not None and not (isinstance(rows, int) and rows >= 0):
        raise SchemaProblem(f"{where}: /x-minRows must be a whole number, 0 or more")
    header = schema.get("x-headerRow")
    if header is not None and not (
        isinstance(header, int) and not isinstance(header, bool) and 1 <= header <= 60
    ):
        raise SchemaProblem(f"{where}: /x-headerRow must be a row number from 1 to 60")
    header_rows = schema.get("x-headerRows")
    if header_rows is not None and not (
        isinstance(header_rows, int) and not isinstance(header_rows, bool) and 1 <= header_rows <= 4
    ):
        raise SchemaProblem(f"{where}: /x-headerRows must be a number of rows from 1 to 4")
    check_rule_shapes(schema, where)
    for name in ("x-headers", "x-encodings"):
        value = schema.get(name)
        if value is not None and not (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        ):
            raise SchemaProblem(f"{where}: /{name} must be a list of strings")


def referenced_file(folder: Path | None, uri: str) -> Path | None:
    """The file a `$ref` names, only when it lies inside the schema's own folder: a schema from a
    bundle must not make the verifier read files elsewhere on the organiser's computer."""
    if folder is None or "://" in uri or uri.startswith(("/", "\\")) or ":" in uri:
        return None
    base = folder.resolve()
    target = (base / uri).resolve()
    if not target.is_relative_to(base) or not target.is_file():
        return None
    return target


def _registry(folder: Path | None, where: str) -> Registry:
    from referencing import Registry, Resource
    from referencing.exceptions import NoSuchResource
    from referencing.jsonschema import DRAFT202012

    def retrieve(uri: str) -> Resource:
        target = referenced_file(folder, uri)
        if target is None:
            raise NoSuchResource(uri)
        contents = parse_json(target.read_text("utf-8-sig"), f"schema {target}", SchemaProblem)
        return Resource.from_contents(contents, default_specification=DRAFT202012)

    return Registry(retrieve=retrieve)  # type: ignore[call-arg]


_CHECKED: set[str] = set()  # digests of schemas that passed the checks below
_CHECKED_MAX = 1024


def _check_once(document: dict[str, Any], where: str, with_jsonschema: bool) -> None:
    """Our keywords, the metaschema (`with_jsonschema`) and every pattern's cost checked, once per
    process for the same content: a batch verify meets the same catalogue schemas in bundle after
    bundle, and these checks cost more than reading a small dataset. Content that fails is checked
    again each time, so its error names the right file."""
    digest = hashlib.sha256(json.dumps(document, sort_keys=True).encode("utf-8")).hexdigest()
    if digest in _CHECKED:
        return
    _check_keywords(document, where)
    if with_jsonschema:
        _check_metaschema(document, where)
    for pointer, pattern in patterns_in(document):
        try:
            compile_pattern(pattern)
        except PatternError as exc:
            raise SchemaProblem(f"{where}: at {pointer}: {exc}") from None
    if with_jsonschema and len(_CHECKED) < _CHECKED_MAX:
        _CHECKED.add(digest)


def _check_metaschema(document: dict[str, Any], where: str) -> None:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError

    try:
        Draft202012Validator.check_schema(document)
    except SchemaError as exc:
        pointer = format_pointer(exc.absolute_path) or "/"
        raise SchemaProblem(f"{where}: invalid JSON Schema at {pointer}: {exc.message}") from None


def _resolve_refs(schema: DatasetSchema) -> None:
    """Every `$ref` to another file resolved now, not halfway through a dataset."""
    for pointer, node in _walk(schema.schema):
        ref = node.get("$ref")
        if isinstance(ref, str) and not ref.startswith("#"):
            try:
                schema.resolve(ref)
            except Exception:
                raise SchemaProblem(
                    f"{schema.where}: $ref at {pointer or '/'} points to {ref}, which cannot be "
                    "found beside the schema (a referenced file must be in the schema's own folder)"
                ) from None


def parse_schema(
    document: Any,
    where: str,
    folder: Path | None = None,
    *,
    source: Path | None = None,
    with_jsonschema: bool = True,
) -> DatasetSchema:
    """The schema in `document`, checked. `with_jsonschema=False` leaves out the checks that need
    jsonschema (the metaschema, each $ref resolved) for a caller that makes them at the same time:
    a worker reading a dataset while its parent checks the schema."""
    check_depth(document, MAX_SCHEMA_DEPTH, where, SchemaProblem)
    if not isinstance(document, dict):
        raise SchemaProblem(f"{where}: a dataset schema is a JSON object describing one row")
    declared = document.get("$schema", DRAFT)
    if not isinstance(declared, str) or declared.rstrip("#") != DRAFT:
        raise SchemaProblem(f"{where}: /$schema is {declared}; dataset schemas use {DRAFT}")
    _check_once(document, where, with_jsonschema)
    schema = DatasetSchema(source, document, folder, where)
    if with_jsonschema:
        _resolve_refs(schema)
    return schema


def load_schema(path: Path, *, with_jsonschema: bool = True) -> DatasetSchema:
    """The schema in the file at `path`, checked (`with_jsonschema`: as parse_schema)."""
    path = Path(path)
    try:
        text = path.read_text("utf-8-sig")
    except FileNotFoundError:
        raise SchemaProblem(f"schema {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SchemaProblem(f"schema {path} cannot be read: {exc}") from None
    document = parse_json(text, f"schema {path}", SchemaProblem)
    return parse_schema(
        document, f"schema {path}", path.parent, source=path, with_jsonschema=with_jsonschema
    )
