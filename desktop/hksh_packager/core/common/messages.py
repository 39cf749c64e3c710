"""Every sentence a user reads, as a code with named parameters, rendered in the user's language.

Core never hands a face finished English: it hands a `Message` (a stable code such as
"field.missing" and its parameters), and the face renders it in English, in Traditional Chinese
written for Hong Kong or in Simplified Chinese written for Shanghai. A message is defined once,
where it is used:

    MISSING = define("field.missing", "{field} is required; fill it in")
    raise InputError(MISSING(field=label))

`define` and `define_plural` are the keywords Babel extracts (`.ci/translations`): the code is the
entry's context (msgctxt) and the English text its msgid, so the catalogue says both what a message
is and what it says. The translations are gettext catalogues, `resources/locale/<language>/
LC_MESSAGES/hksh.po`, compiled to `.mo` and read with the standard library's `gettext`.

A parameter may itself be a `Message` (a field's name, a material's kind): it is rendered in the
same language. A whole sentence is one entry, so no translated fragments are glued into a
sentence by code; plural forms are gettext's own.
"""

from __future__ import annotations

import gettext
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hksh_packager.core.common.paths import resources_dir

ENGLISH = "en"
HONG_KONG = "zh_Hant_HK"
SHANGHAI = "zh_Hans_CN"
LANGUAGES = (ENGLISH, HONG_KONG, SHANGHAI)
# Each language's tag as HTML's `lang` attribute writes it (BCP 47).
LANGUAGE_TAGS = {ENGLISH: "en", HONG_KONG: "zh-Hant-HK", SHANGHAI: "zh-Hans-CN"}
# Every text wrapped and lengthened, letters accented: a sentence on screen that does not look so
# did not pass through the catalogue (tests/i18n).
PSEUDO = "pseudo"
DOMAIN = "hksh"


@dataclass(frozen=True)
class Template:
    """A message's definition: its code and English text (with a plural form and the parameter
    that counts, for a message about a number of things)."""

    code: str
    text: str
    plural: str | None = None
    count: str | None = None


@dataclass(frozen=True)
class Message:
    """One sentence (or name) for a person: a defined code and its parameters. `str()` is the
    English text, so logs and exceptions read as before."""

    template: Template
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return self.template.code

    def render(self, language: str = ENGLISH) -> str:
        return render(self, language)

    def __str__(self) -> str:
        return render(self, ENGLISH)

    def __hash__(self) -> int:  # the parameters are a dict: hashed by what they say
        return hash((self.template, repr(sorted(self.params.items(), key=lambda kv: kv[0]))))

    def to_json(self, language: str = ENGLISH) -> dict[str, Any]:
        """The code and parameters as data (nested messages by their code), and the text."""
        return {
            "id": self.code,
            "params": {key: _param_json(value) for key, value in self.params.items()},
            "text": render(self, language),
        }


_TEMPLATES: dict[str, Template] = {}


class MessageFactory:
    """What `define` returns: call it with the parameters to make a `Message`."""

    def __init__(self, template: Template) -> None:
        self.template = template

    @property
    def code(self) -> str:
        return self.template.code

    def __call__(self, **params: Any) -> Message:
        return Message(self.template, params)


def _register(template: Template) -> MessageFactory:
    known = _TEMPLATES.get(template.code)
    if known is not None and known != template:
        raise ValueError(f"message code {template.code} is defined twice, differently")
    _TEMPLATES[template.code] = template
    return MessageFactory(template)


def define(code: str, text: str) -> MessageFactory:
    """A message: `code` is stable (reports, JSON and tests name it), `text` is its English."""
    return _register(Template(code, text))


def define_plural(code: str, singular: str, plural: str, count: str = "count") -> MessageFactory:
    """A message about `count` things, with gettext's plural forms in every language."""
    return _register(Template(code, singular, plural, count))


_catalogues: dict[str, gettext.NullTranslations] = {}
_lock = threading.Lock()


def _catalogue_file(language: str) -> Path:
    return resources_dir() / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}.mo"


def _catalogue(language: str) -> gettext.NullTranslations:
    with _lock:
        found = _catalogues.get(language)
        if found is None:
            path = _catalogue_file(language)
            if language in LANGUAGES and language != ENGLISH and path.is_file():
                with path.open("rb") as handle:
                    found = gettext.GNUTranslations(handle)
            else:
                found = gettext.NullTranslations()
            _catalogues[language] = found
        return found


def _pseudo(text: str) -> str:
    """Letters accented, braces (the parameters) kept, wrapped in ⟦ ⟧ and a third longer."""
    accents = str.maketrans("aceinouyACEINOUY", "àçéîñöûýÀÇÉÎÑÖÛÝ")
    out, depth = [], 0
    for char in text:
        depth += char == "{"
        out.append(char if depth else char.translate(accents))
        depth -= char == "}" and depth > 0
    return "⟦" + "".join(out) + "·" * (len(text) // 3) + "⟧"


def template_text(template: Template, language: str, count: int | None = None) -> str:
    """The template's text in `language`, before its parameters are put in."""
    if language == PSEUDO:
        chosen = template.text if count == 1 or template.plural is None else template.plural
        return _pseudo(chosen)
    catalogue = _catalogue(language)
    if template.plural is None:
        return catalogue.pgettext(template.code, template.text)
    return catalogue.npgettext(template.code, template.text, template.plural, count or 0)


class _Params(dict[str, Any]):
    """Parameters as a template sees them: nested messages in the same language."""

    def __init__(self, params: Mapping[str, Any], language: str) -> None:
        super().__init__(params)
        self.language = language

    def __getitem__(self, key: str) -> Any:
        value = super().__getitem__(key)
        if isinstance(value, Message):
            return render(value, self.language)
        if isinstance(value, list | tuple):
            return list_text(value, self.language)
        return value


LIST_SEPARATOR = define("list.separator", ", ")


def list_text(items: Iterable[Any], language: str = ENGLISH) -> str:
    """Items joined with the language's separator (", " or "、"), messages rendered."""
    separator = template_text(LIST_SEPARATOR.template, language)
    return separator.join(
        render(item, language) if isinstance(item, Message) else str(item) for item in items
    )


OR = define("list.or", "{first} or {second}")


def either(options: list[str]) -> Message | str:
    """ "a or b" (or "a or b or c") in the user's language; one option as it is."""
    said: Message | str = options[-1] if options else ""
    for option in reversed(options[:-1]):
        said = OR(first=option, second=said)
    return said


def render(message: Message | str, language: str = ENGLISH) -> str:
    """The message in `language` (English where a translation is missing); a plain string, from
    code not yet speaking by code, as it is."""
    if isinstance(message, str):
        return message
    template = message.template
    count = message.params.get(template.count) if template.count else None
    text = template_text(template, language, count if isinstance(count, int) else None)
    return text.format_map(_Params(message.params, language))


def _param_json(value: Any) -> Any:
    if isinstance(value, Message):
        return {"id": value.code, "params": {k: _param_json(v) for k, v in value.params.items()}}
    if isinstance(value, list | tuple):
        return [_param_json(item) for item in value]
    if isinstance(value, int | float | str | bool) or value is None:
        return value
    return str(value)


def message_from_json(code: object, params: object, english: str) -> Message | str:
    """A message read back from its code and parameters (`Message.to_json`), nested ones too,
    when this version defines the code; else the English text it was saved with."""
    template = _TEMPLATES.get(str(code))
    if template is None or not isinstance(params, dict):
        return english
    return Message(template, {key: _param_from_json(value) for key, value in params.items()})


def _param_from_json(value: Any) -> Any:
    if isinstance(value, dict) and "id" in value:
        return message_from_json(value["id"], value.get("params", {}), str(value["id"]))
    if isinstance(value, list):
        return [_param_from_json(item) for item in value]
    return value


def message_fields(message: Message | str, language: str = ENGLISH) -> dict[str, Any]:
    """What JSON carries of a message beside a record's English `message`: its code and
    parameters when it has them, and its text in `language`."""
    if not isinstance(message, Message):
        return {"text": message}
    said = message.to_json(language)
    return {"message_id": said["id"], "params": said["params"], "text": said["text"]}
