"""Settings from TOML (tomllib), checked key by key: every error names the file and the key."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from storage.deferred import LazyPattern
from storage.errors import ValidationError
from storage.i18n import _
from storage.settings import model
from storage.settings.checker import _Checker, _figure, _shown
from storage.settings.model import (
    DEFAULT_END,
    DEFAULT_START,
    MAX_CANCELLED_DAYS,
    config_path,
)

if TYPE_CHECKING:  # built on first use (storage.deferred): named as model.X when run
    from pathlib import Path

    from storage.settings.model import DutySetting, PlatformSetting, Settings

_SECTIONS = (
    "calendar",
    "work",
    "job_description",
    "platforms",
    "duties",
    "keys",
    "timer",
    "export",
    "interface",
    "sync",
)
_INTERFACE_KEYS = ("language",)
_EXPORT_KEYS = ("cancelled_days",)
_TIMER_KEYS = ("long_timer_hours", "keys")
_CALENDAR_KEYS = ("timezone", "week_start")
_WORK_KEYS = ("hours_per_week", "days", "start", "end", "holidays", "tracking_since")
_PLATFORM_KEYS = ("name", "tag", "colour", "char_limit", "default_duty", "archived")
_DUTY_KEYS = ("name", "aliases", "social", "archived")
# A binding id as the app's bindings spell them: "app.summary", "post.new".
_BINDING_ID = LazyPattern(r"[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)+")


def load_settings(path: Path | str | None = None) -> Settings:
    """The settings in `path` (default: `config_path()`); a missing file means defaults.
    `path` is kept as given (`Settings.path`).

    Raises:
        ValidationError: unreadable file, bad TOML, unknown key or invalid value; the message
            names the file and the key.
    """
    path = path if path is not None else config_path()
    label = os.path.basename(path) or str(path)
    try:
        with open(path, "rb") as file:
            raw = file.read()
    except FileNotFoundError:
        return model.Settings(path=path, loaded=False)
    except IsADirectoryError:
        raise ValidationError(
            _("{path} is a folder, not a config file").format(path=path)
        ) from None
    except OSError as exc:
        raise ValidationError(
            _("cannot read {path}: {reason}").format(path=path, reason=exc.strerror)
        ) from None
    import tomllib  # lazy: without a config file, `calepin log` never parses TOML

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ValidationError(_("{file}: not UTF-8 text").format(file=label)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(
            _("{file}: not valid TOML ({error})").format(file=label, error=exc)
        ) from None
    return _settings_from(data, _Checker(label), path)


def check_settings(
    data: Mapping[str, Any], path: Path | str | None = None
) -> tuple[Settings | None, dict[str, str]]:
    """Settings from TOML-shaped `data`, or every problem found, keyed by dotted key.

    For forms that show each error next to its input: the keys are "calendar.timezone",
    "work.hours_per_week", "work.days", "work.start", "work.end", "work.hours" (end before
    start), "export.cancelled_days", "job_description" (the total) and
    "job_description.<duty>"; anything else is under its section's name. The messages say
    what is wrong without the file's words (no "[work]", no key names): the form puts them
    in the words of the field the key belongs to ("Hours per week: must be …").
    """
    errors: dict[str, str] = {}
    settings = _settings_from(data, _Checker(""), path or config_path(), errors)
    return (None if errors else settings), errors


def _settings_from(
    data: Mapping[str, Any],
    check: _Checker,
    path: Path | str,
    errors: dict[str, str] | None = None,
) -> Settings:
    """Checked Settings; with `errors`, problems are collected there instead of raised."""

    def attempt(key: str, step: Any, default: Any = None) -> Any:
        if errors is None:
            return step()
        try:
            return step()
        except ValidationError as exc:
            errors.setdefault(key, str(exc))
            return default

    attempt("", lambda: check.keys(data, _SECTIONS, ""))
    values: dict[str, Any] = {}

    calendar = attempt("calendar", lambda: check.table(data.get("calendar", {}), "calendar"), {})
    attempt("calendar", lambda: check.keys(calendar, _CALENDAR_KEYS, "[calendar]"))
    if "timezone" in calendar:
        values["timezone"] = attempt(
            "calendar.timezone", lambda: _timezone(calendar["timezone"], check)
        )
    if "week_start" in calendar:
        values["week_start"] = attempt(
            "calendar.week_start", lambda: check.weekday(calendar["week_start"], "week_start"), 0
        )

    work = attempt("work", lambda: check.table(data.get("work", {}), "work"), {})
    attempt("work", lambda: check.keys(work, _WORK_KEYS, "[work]"))
    if "hours_per_week" in work:
        values["hours_per_week"] = attempt(
            "work.hours_per_week",
            lambda: check.number(
                work["hours_per_week"], "hours_per_week", 1, 80, _("a number of hours")
            ),
            35.0,
        )
    if "days" in work:
        values["working_days"] = attempt(
            "work.days", lambda: _days(work["days"], check), (0, 1, 2, 3, 4)
        )
    start = attempt("work.start", lambda: _clock_in(work, "start", DEFAULT_START, check))
    end = attempt("work.end", lambda: _clock_in(work, "end", DEFAULT_END, check))
    if start is not None and end is not None:
        attempt("work.hours", lambda: _in_order(start, end, check))
    values["work_start"], values["work_end"] = start or DEFAULT_START, end or DEFAULT_END
    if "holidays" in work:
        values["holidays"] = attempt("work.holidays", lambda: _region(work["holidays"], check))
    if "tracking_since" in work:
        values["tracking_since"] = attempt(
            "work.tracking_since", lambda: _since(work["tracking_since"], check)
        )

    values["job_description"] = _split(data.get("job_description"), check, errors)
    values["platforms"] = attempt(
        "platforms",
        lambda: tuple(
            _platform(item, check)
            for item in _list_of_tables(data.get("platforms", []), "platforms", check)
        ),
        (),
    )
    values["duties"] = attempt(
        "duties",
        lambda: tuple(
            _duty(item, check) for item in _list_of_tables(data.get("duties", []), "duties", check)
        ),
        (),
    )
    for what, items in (("platforms", values["platforms"]), ("duties", values["duties"])):
        attempt(what, lambda what=what, items=items: _unique(what, items, check))
    values["keys"] = attempt("keys", lambda: _keys(data.get("keys"), check), ())
    timer = attempt("timer", lambda: check.table(data.get("timer", {}), "timer"), {})
    attempt("timer", lambda: check.keys(timer, _TIMER_KEYS, "[timer]"))
    if "long_timer_hours" in timer:
        values["long_timer_hours"] = attempt(
            "timer.long_timer_hours",
            lambda: check.number(
                timer["long_timer_hours"], "long_timer_hours", 1, 24, _("a number of hours")
            ),
            10.0,
        )
    if "keys" in timer:
        values["timer_keys"] = attempt("timer.keys", lambda: _timer_keys(timer["keys"], check), ())
    export = attempt("export", lambda: check.table(data.get("export", {}), "export"), {})
    attempt("export", lambda: check.keys(export, _EXPORT_KEYS, "[export]"))
    if "cancelled_days" in export:
        values["ics_cancelled_days"] = attempt(
            "export.cancelled_days",
            lambda: _whole(
                export["cancelled_days"], "cancelled_days", check, 0, MAX_CANCELLED_DAYS
            ),
        )
    interface = attempt(
        "interface", lambda: check.table(data.get("interface", {}), "interface"), {}
    )
    attempt("interface", lambda: check.keys(interface, _INTERFACE_KEYS, "[interface]"))
    if "language" in interface:
        values["language"] = attempt(
            "interface.language", lambda: _language(interface["language"], check)
        )
    if "sync" in data:
        from storage.settings.sync_section import read_sync  # only a file with [sync] loads it

        values["sync"] = read_sync(data["sync"], check, errors)
    return model.Settings(**values, path=path, loaded=True)


def _language(value: Any, check: _Checker) -> str:
    """'fr' or 'en' (or a French of one country: 'fr_CA', 'fr_FR'), as written."""
    from storage.i18n import VARIANTS, normalise

    text = check.string(value, "language").strip()
    if normalise(text) is None or text.replace("-", "_") not in VARIANTS:
        raise check.fail(
            "interface.language",
            _('language is "fr" or "en", not {text!r}').format(text=text),
            "[interface]",
        )
    return text.replace("-", "_")


def _whole(value: Any, key: str, check: _Checker, low: int, high: int) -> int:
    number = check.number(value, key, low, high, _("a whole number of days"))
    if number != int(number):
        check._type_error(
            key,
            _("{what} between {low} and {high}").format(
                what=_("a whole number of days"), low=_figure(low), high=_figure(high)
            ),
            value,
        )
    return int(number)


def _clock_in(work: Mapping[str, Any], key: str, default: dt.time, check: _Checker) -> dt.time:
    return check.clock(work[key], key) if key in work else default


def _in_order(start: dt.time, end: dt.time, check: _Checker) -> None:
    if end <= start:
        from storage import wording

        raise check.fail(
            "work.hours",
            _("end ({end}) must be after start ({start})").format(
                end=wording.clock(end), start=wording.clock(start)
            ),
            "[work]",
        )


def _timezone(value: Any, check: _Checker) -> str:
    name = check.string(value, "timezone")
    from storage.timeutil import zone

    try:
        zone(name)
    except ValidationError as exc:
        raise check.fail("calendar.timezone", str(exc), "[calendar] timezone:") from None
    return name


def _region(value: Any, check: _Checker) -> str:
    from storage.contracted import check_region  # lazy: loads the holidays calendars

    try:
        return check_region(check.string(value, "holidays"))
    except ValidationError as exc:
        raise check.fail("work.holidays", str(exc), "[work]") from None


def _since(value: Any, check: _Checker) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    return check._type_error("tracking_since", _("a date like 2026-10-01"), value)


def _days(days: Any, check: _Checker) -> tuple[int, ...]:
    if not isinstance(days, list) or not days:
        check._type_error("days", _('a list of day names like ["mon", "tue"]'), days)
    return tuple(sorted({check.weekday(d, "days") for d in days}))


def _unique(
    what: str, items: tuple[PlatformSetting, ...] | tuple[DutySetting, ...], check: _Checker
) -> None:
    seen: set[str] = set()
    for item in items:
        key = item.name.casefold()
        if key in seen:
            raise check.fail(
                what, _("[[{what}]] '{name}' appears twice").format(what=what, name=item.name)
            )
        seen.add(key)


def _keys(value: Any, check: _Checker) -> tuple[tuple[str, str], ...]:
    """[keys]: binding id -> keys, as "n,a" or ["n", "a"]; a bare dotted id is a nested table."""
    if value is None:
        return ()
    pairs: list[tuple[str, str]] = []
    seen: set[str] = set()
    for binding_id, keys in _flatten(check.table(value, "keys")):
        if not _BINDING_ID.fullmatch(binding_id):
            raise check.fail(
                f"keys.{binding_id}",
                _("[keys] '{id}' is not a binding id; ids look like \"app.summary\"").format(
                    id=binding_id
                ),
            )
        if binding_id in seen:
            raise check.fail(
                f"keys.{binding_id}", _("[keys] '{id}' appears twice").format(id=binding_id)
            )
        seen.add(binding_id)
        names = keys.split(",") if isinstance(keys, str) else keys
        if not isinstance(names, list) or not all(isinstance(k, str) for k in names):
            names = []
        names = [k.strip() for k in names]
        if not names or any(not k or len(k.split()) != 1 for k in names):
            raise check.fail(
                f"keys.{binding_id}",
                _('[keys] \'{id}\' must be keys like "r" or "n,a" (got {keys})').format(
                    id=binding_id, keys=_shown(keys)
                ),
            )
        pairs.append((binding_id, ",".join(names)))
    return tuple(pairs)


def _timer_keys(value: Any, check: _Checker) -> tuple[str, ...]:
    """[timer] keys: up to nine duty names, each once (checked against the duties on use)."""
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        return check._type_error(
            "keys", _('a list of duty names like ["social media", "events"]'), value
        )
    names = tuple(" ".join(v.split()) for v in value)
    if len(names) > 9:
        raise check.fail(
            "timer.keys",
            _("[timer] keys names {count} duties; keys 1–9 take 9").format(count=len(names)),
        )
    seen: set[str] = set()
    for name in names:
        if name.casefold() in seen:
            raise check.fail("timer.keys", _("[timer] keys names '{name}' twice").format(name=name))
        seen.add(name.casefold())
    return names


def _flatten(table: Mapping[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    items: list[tuple[str, Any]] = []
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            items += _flatten(value, f"{name}.")
        else:
            items.append((name, value))
    return items


def _split(
    value: Any, check: _Checker, errors: dict[str, str] | None = None
) -> tuple[tuple[str, float], ...]:
    if value is None:
        return ()
    try:
        table = check.table(value, "job_description")
    except ValidationError as exc:
        if errors is None:
            raise
        errors.setdefault("job_description", str(exc))
        return ()
    pairs: list[tuple[str, float]] = []
    bad = False
    for duty, percent in table.items():
        name = " ".join(str(duty).split())
        try:
            if not name:
                raise check.fail(
                    "job_description", _("has an empty duty name"), "[job_description]"
                )
            pairs.append(
                (
                    name,
                    check.number(percent, f"job_description.'{name}'", 0, 100, _("a percentage")),
                )
            )
        except ValidationError as exc:
            if errors is None:
                raise
            errors.setdefault(f"job_description.{name}", str(exc))
            bad = True
    if not pairs or bad:
        return ()
    total = sum(p for _, p in pairs)
    if abs(total - 100) > 0.01:
        exc = check.fail(
            "job_description",
            _("percentages must add up to 100 (they add up to {total})").format(
                total=_figure(total)
            ),
            "[job_description]",
        )
        if errors is None:
            raise exc
        errors.setdefault("job_description", str(exc))
        return ()
    return tuple(pairs)


def _list_of_tables(value: Any, key: str, check: _Checker) -> list[Mapping[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        check._type_error(key, _("a list of [[{key}]] tables").format(key=key), value)
    return value


def _platform(item: Mapping[str, Any], check: _Checker) -> PlatformSetting:
    check.keys(item, _PLATFORM_KEYS, "[[platforms]]")
    if "name" not in item:
        raise check.fail("platforms.name", _("every [[platforms]] needs a name"))
    name = check.string(item["name"], "name")
    colour = None
    if "colour" in item:
        colour = check.string(item["colour"], "colour")
        if len(colour) != 7 or colour[0] != "#" or not _is_hex(colour[1:]):
            raise check.fail(
                "platforms.colour",
                _(
                    "[[platforms]] '{name}': colour must look like \"#1877F2\" (got {colour})"
                ).format(name=name, colour=_shown(colour)),
            )
    limit = None
    if "char_limit" in item:
        limit = int(check.number(item["char_limit"], "char_limit", 1, 1_000_000, _("a number")))
        if item["char_limit"] != limit:
            check._type_error("char_limit", _("a whole number"), item["char_limit"])
    tag = check.string(item["tag"], "tag") if "tag" in item else None
    if tag is not None and len(tag) > 4:
        raise check.fail(
            "platforms.tag",
            _("[[platforms]] '{name}': tag is at most 4 characters").format(name=name),
        )
    return model.PlatformSetting(
        name=name,
        tag=tag,
        colour=colour,
        char_limit=limit,
        default_duty=check.string(item["default_duty"], "default_duty")
        if "default_duty" in item
        else None,
        archived=check.boolean(item["archived"], "archived") if "archived" in item else None,
    )


def _is_hex(text: str) -> bool:
    return all(c in "0123456789abcdefABCDEF" for c in text)


def _duty(item: Mapping[str, Any], check: _Checker) -> DutySetting:
    check.keys(item, _DUTY_KEYS, "[[duties]]")
    if "name" not in item:
        raise check.fail("duties.name", _("every [[duties]] needs a name"))
    name = check.string(item["name"], "name")
    aliases = None
    if "aliases" in item:
        raw = item["aliases"]
        if not isinstance(raw, list):
            check._type_error("aliases", _("a list of names"), raw)
        aliases = tuple(check.string(a, "aliases") for a in raw)
    return model.DutySetting(
        name=name,
        aliases=aliases,
        social=check.boolean(item["social"], "social") if "social" in item else None,
        archived=check.boolean(item["archived"], "archived") if "archived" in item else None,
    )
