"""Raw TOML values checked one by one into typed ones, each error naming the file and key.

Apart from `storage.settings.read` (which walks the file's sections) so that each module
keeps to one job; the settings form's `check_settings` uses the same checker without a
file name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from storage.errors import ValidationError
from storage.i18n import _
from storage.settings.model import WEEKDAYS

_DAY_ABBREV = {name[:3]: i for i, name in enumerate(WEEKDAYS)}


class _Checker:
    """Turns raw TOML values into typed ones, naming the file and key in every error.

    Without a `label` (a form, `check_settings`), messages leave out the file's words (its
    sections and keys): the form words them by the field they belong to.
    """

    def __init__(self, label: str) -> None:
        self.label = label

    def fail(self, key: str, message: str, where: str = "") -> ValidationError:
        """An error for dotted `key`; `where` ("[work]") says where in the file it is."""
        if not self.label:
            return ValidationError(message, field=key)
        text = f"{where} {message}" if where else message
        return ValidationError(
            _("{file}: {problem}").format(file=self.label, problem=text), field=key
        )

    def table(self, value: Any, key: str) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            return self._type_error(key, _("a table"), value)
        return value

    def keys(self, data: Mapping[str, Any], allowed: tuple[str, ...], where: str) -> None:
        for key in data:
            if key not in allowed:
                import difflib  # lazy: only a mistyped key needs a suggestion

                close = (
                    difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
                    or [k for k in allowed if k.startswith(key) or key.startswith(k)][:1]
                )
                if close and where:
                    message = _("unknown key '{key}' in {where}; did you mean '{close}'?")
                elif close:
                    message = _("unknown key '{key}'; did you mean '{close}'?")
                elif where:
                    message = _("unknown key '{key}' in {where}; known keys: {known}")
                else:
                    message = _("unknown key '{key}'; known keys: {known}")
                raise self.fail(
                    key,
                    message.format(
                        key=key,
                        where=where,
                        close=close[0] if close else "",
                        known=", ".join(allowed),
                    ),
                )

    def _type_error(self, key: str, wanted: str, value: Any) -> Any:
        """`wanted` is already in the language in use ("a number of hours between 1 and 80")."""
        if self.label:
            message = _("{key} must be {wanted} (got {value})")
        else:
            message = _("must be {wanted} (got {value})")
        raise self.fail(key, message.format(key=key, wanted=wanted, value=_shown(value)))

    def string(self, value: Any, key: str) -> str:
        if not isinstance(value, str) or not value.strip():
            return self._type_error(key, _("a non-empty text"), value)
        return value.strip()

    def boolean(self, value: Any, key: str) -> bool:
        if not isinstance(value, bool):
            return self._type_error(key, _("true or false"), value)
        return value

    def number(self, value: Any, key: str, low: float, high: float, what: str) -> float:
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not low <= value <= high
        ):
            return self._type_error(
                key,
                _("{what} between {low} and {high}").format(
                    what=what, low=_figure(low), high=_figure(high)
                ),
                value,
            )
        return float(value)

    def weekday(self, value: Any, key: str) -> int:
        if isinstance(value, str):
            word = value.strip().lower()
            if word in WEEKDAYS:
                return WEEKDAYS.index(word)
            if word in _DAY_ABBREV:
                return _DAY_ABBREV[word]
        return self._type_error(key, _("a day name like monday or mon"), value)

    def clock(self, value: Any, key: str) -> dt.time:
        if isinstance(value, dt.time):
            return value.replace(second=0, microsecond=0)
        if isinstance(value, str):
            try:
                return dt.time.fromisoformat(value.strip().zfill(5))
            except ValueError:
                pass
        return self._type_error(key, _('a time like "09:00"'), value)


def _figure(value: float) -> str:
    """A figure as the messages show it: '80', '37.5' (and '1e+06', as English always wrote
    it); '37,5' and '1 000 000' in French."""
    from storage import wording
    from storage.i18n import is_french

    if is_french() and value == int(value):
        return wording.number(int(value))
    return wording.plain(value)


def _shown(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 40 else text[:37] + "…"
