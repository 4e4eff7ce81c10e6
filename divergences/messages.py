"""Messages for the student, written here in English and shown by the app in the student's language.

The science has no Streamlit and no catalogue of translations; it only marks its message
templates with :func:`N_` (``pybabel extract -k N_`` collects them, see ``app/locales/update.sh``)
and hands the app a :class:`Message`: the template, its values and, for a count, the plural form.
The app translates it with ``app.i18n.t_msg``; ``str(message)`` is the English text.

    Message(N_("The file has {rows} rows; the limit is {limit}."), rows=30_000, limit=20_000)
    Message(N_("{pile}: {k} empty cell read as 0.", "{pile}: {k} empty cells read as 0."),
            count=k, pile="P", k=k)

A value may itself be a message (``where=Message(N_("bin {i}"), i=3)``): it is translated too.
Errors carry their message: :class:`MessageError` is a ``ValueError`` with ``.message``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, NamedTuple


class Plural(NamedTuple):
    """The singular and plural English forms of a message about a count."""

    one: str
    many: str


def N_(text: str, plural: str | None = None) -> str | Plural:
    """Mark ``text`` for translation and return it unchanged; with ``plural``, mark both forms and
    return them as a :class:`Plural` (the app picks the form for the count, as ``ngettext``)."""
    return text if plural is None else Plural(text, plural)


Gettext = Callable[[str], str]
Ngettext = Callable[[str, str, int], str]


@dataclass(frozen=True)
class Message:
    """A translatable message: ``text`` (marked with :func:`N_`, a :class:`Plural` for a count),
    its ``values`` for ``str.format``, and ``count``, which picks the plural form."""

    text: str | Plural
    values: dict[str, Any] = field(default_factory=dict)
    count: int | None = None

    def __init__(self, text: str | Plural, /, count: int | None = None, **values: Any) -> None:
        if isinstance(text, tuple) and not isinstance(text, Plural):
            text = Plural(*text)
        if isinstance(text, Plural) and count is None:
            raise ValueError("a plural message needs its count")
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "values", dict(values))
        object.__setattr__(self, "count", None if count is None else int(count))

    @property
    def template(self) -> str:
        """The English template (the singular form of a plural)."""
        return self.text.one if isinstance(self.text, Plural) else self.text

    @property
    def fmt(self) -> dict[str, Any]:
        """The values (the name the older message types used)."""
        return self.values

    def render(self, gettext: Gettext | None = None, ngettext: Ngettext | None = None) -> str:
        """The message formatted, translated with ``gettext``/``ngettext`` when given (English
        otherwise); message values are rendered the same way."""
        if isinstance(self.text, Plural):
            one, many = self.text
            template = (ngettext(one, many, self.count) if ngettext is not None
                        else (one if self.count == 1 else many))
        else:
            template = gettext(self.text) if gettext is not None else self.text
        values = {k: v.render(gettext, ngettext) if isinstance(v, Message) else v
                  for k, v in self.values.items()}
        return template.format(**values) if values else template

    def __str__(self) -> str:
        return self.render()


class MessageError(ValueError):
    """A ``ValueError`` whose text is a :class:`Message` (``.message``) the app can translate."""

    def __init__(self, text: str | Plural | Message, /, count: int | None = None, **values: Any):
        self.message = text if isinstance(text, Message) else Message(text, count=count, **values)
        super().__init__(str(self.message))

    @property
    def template(self) -> str:
        return self.message.template

    @property
    def fmt(self) -> dict[str, Any]:
        return self.message.values
