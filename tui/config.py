"""Settings: read from TOML at the platformdirs config path, checked key by key."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storage import NotFoundError, Store, ValidationError

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_ABBREV = {name[:3]: i for i, name in enumerate(WEEKDAYS)}
DEFAULT_START = dt.time(9, 0)
DEFAULT_END = dt.time(17, 0)

_SECTIONS = ("calendar", "work", "job_description", "platforms", "duties")
_CALENDAR_KEYS = ("timezone", "week_start")
_WORK_KEYS = ("hours_per_week", "days", "start", "end")
_PLATFORM_KEYS = ("name", "tag", "colour", "char_limit", "default_duty", "archived")
_DUTY_KEYS = ("name", "aliases", "social", "archived")


@dataclass(frozen=True, slots=True)
class PlatformSetting:
    """A platform as the config file describes it; None means "leave as it is"."""

    name: str
    tag: str | None = None
    colour: str | None = None
    char_limit: int | None = None
    default_duty: str | None = None
    archived: bool | None = None


@dataclass(frozen=True, slots=True)
class DutySetting:
    """A duty as the config file describes it; None means "leave as it is"."""

    name: str
    aliases: tuple[str, ...] | None = None
    social: bool | None = None
    archived: bool | None = None


@dataclass(frozen=True, slots=True)
class Settings:
    """The effective settings. `timezone` None means the database's (or the system's) zone."""

    timezone: str | None = None
    week_start: int = 0  # 0 = Monday … 6 = Sunday
    hours_per_week: float = 35.0
    working_days: tuple[int, ...] = (0, 1, 2, 3, 4)
    work_start: dt.time = DEFAULT_START
    work_end: dt.time = DEFAULT_END
    # (duty name, percent) pairs adding up to 100; empty when not configured.
    job_description: tuple[tuple[str, float], ...] = ()
    platforms: tuple[PlatformSetting, ...] = ()
    duties: tuple[DutySetting, ...] = ()
    path: Path | None = field(default=None, compare=False)
    loaded: bool = field(default=False, compare=False)  # the file existed and was read

    @property
    def minutes_per_day(self) -> float:
        """Contracted minutes on one working day."""
        return self.hours_per_week * 60 / len(self.working_days)


def config_path() -> Path:
    """`CALEPIN_CONFIG` if set, else config.toml in the platformdirs user config folder."""
    env = os.environ.get("CALEPIN_CONFIG", "").strip()
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_path

    return user_config_path("calepin") / "config.toml"


class _Checker:
    """Turns raw TOML values into typed ones, naming the file and key in every error."""

    def __init__(self, label: str) -> None:
        self.label = label

    def fail(self, key: str, message: str) -> ValidationError:
        return ValidationError(f"{self.label}: {message}", field=key)

    def table(self, value: Any, key: str) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            return self._type_error(key, "a table", value)
        return value

    def keys(self, data: Mapping[str, Any], allowed: tuple[str, ...], where: str) -> None:
        for key in data:
            if key not in allowed:
                close = (
                    difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
                    or [k for k in allowed if k.startswith(key) or key.startswith(k)][:1]
                )
                hint = (
                    f"; did you mean '{close[0]}'?"
                    if close
                    else f"; known keys: {', '.join(allowed)}"
                )
                place = f" in {where}" if where else ""
                raise self.fail(key, f"unknown key '{key}'{place}{hint}")

    def _type_error(self, key: str, wanted: str, value: Any) -> Any:
        raise self.fail(key, f"{key} must be {wanted} (got {_shown(value)})")

    def string(self, value: Any, key: str) -> str:
        if not isinstance(value, str) or not value.strip():
            return self._type_error(key, "a non-empty text", value)
        return value.strip()

    def boolean(self, value: Any, key: str) -> bool:
        if not isinstance(value, bool):
            return self._type_error(key, "true or false", value)
        return value

    def number(self, value: Any, key: str, low: float, high: float, what: str) -> float:
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not low <= value <= high
        ):
            return self._type_error(key, f"{what} between {low:g} and {high:g}", value)
        return float(value)

    def weekday(self, value: Any, key: str) -> int:
        if isinstance(value, str):
            word = value.strip().lower()
            if word in WEEKDAYS:
                return WEEKDAYS.index(word)
            if word in _DAY_ABBREV:
                return _DAY_ABBREV[word]
        return self._type_error(key, "a day name like monday or mon", value)

    def clock(self, value: Any, key: str) -> dt.time:
        if isinstance(value, dt.time):
            return value.replace(second=0, microsecond=0)
        if isinstance(value, str):
            try:
                return dt.time.fromisoformat(value.strip().zfill(5))
            except ValueError:
                pass
        return self._type_error(key, 'a time like "09:00"', value)


def _shown(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 40 else text[:37] + "…"


def load_settings(path: Path | None = None) -> Settings:
    """The settings in `path` (default: `config_path()`); a missing file means defaults.

    Raises:
        ValidationError: unreadable file, bad TOML, unknown key or invalid value; the message
            names the file and the key.
    """
    path = path if path is not None else config_path()
    label = path.name or str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings(path=path, loaded=False)
    except IsADirectoryError:
        raise ValidationError(f"{path} is a folder, not a config file") from None
    except OSError as exc:
        raise ValidationError(f"cannot read {path}: {exc.strerror}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ValidationError(f"{label}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(f"{label}: not valid TOML ({exc})") from None
    return _settings_from(data, _Checker(label), path)


def _settings_from(data: Mapping[str, Any], check: _Checker, path: Path) -> Settings:
    check.keys(data, _SECTIONS, "")
    values: dict[str, Any] = {}

    calendar = check.table(data.get("calendar", {}), "calendar")
    check.keys(calendar, _CALENDAR_KEYS, "[calendar]")
    if "timezone" in calendar:
        name = check.string(calendar["timezone"], "timezone")
        from storage.timeutil import zone

        try:
            zone(name)
        except ValidationError as exc:
            raise check.fail("calendar.timezone", f"[calendar] timezone: {exc}") from None
        values["timezone"] = name
    if "week_start" in calendar:
        values["week_start"] = check.weekday(calendar["week_start"], "week_start")

    work = check.table(data.get("work", {}), "work")
    check.keys(work, _WORK_KEYS, "[work]")
    if "hours_per_week" in work:
        values["hours_per_week"] = check.number(
            work["hours_per_week"], "hours_per_week", 1, 80, "a number of hours"
        )
    if "days" in work:
        days = work["days"]
        if not isinstance(days, list) or not days:
            check._type_error("days", 'a list of day names like ["mon", "tue"]', days)
        parsed = sorted({check.weekday(d, "days") for d in days})
        values["working_days"] = tuple(parsed)
    start = check.clock(work["start"], "start") if "start" in work else DEFAULT_START
    end = check.clock(work["end"], "end") if "end" in work else DEFAULT_END
    if end <= start:
        raise check.fail(
            "work.end", f"[work] end ({end:%H:%M}) must be after start ({start:%H:%M})"
        )
    values["work_start"], values["work_end"] = start, end

    values["job_description"] = _split(data.get("job_description"), check)
    values["platforms"] = tuple(
        _platform(item, check)
        for item in _list_of_tables(data.get("platforms", []), "platforms", check)
    )
    values["duties"] = tuple(
        _duty(item, check) for item in _list_of_tables(data.get("duties", []), "duties", check)
    )
    for what, items in (("platforms", values["platforms"]), ("duties", values["duties"])):
        seen: set[str] = set()
        for item in items:
            key = item.name.casefold()
            if key in seen:
                raise check.fail(what, f"[[{what}]] '{item.name}' appears twice")
            seen.add(key)
    return Settings(**values, path=path, loaded=True)


def _split(value: Any, check: _Checker) -> tuple[tuple[str, float], ...]:
    if value is None:
        return ()
    table = check.table(value, "job_description")
    pairs: list[tuple[str, float]] = []
    for duty, percent in table.items():
        name = " ".join(str(duty).split())
        if not name:
            raise check.fail("job_description", "[job_description] has an empty duty name")
        pairs.append(
            (name, check.number(percent, f"job_description.'{name}'", 0, 100, "a percentage"))
        )
    if not pairs:
        return ()
    total = sum(p for _, p in pairs)
    if abs(total - 100) > 0.01:
        raise check.fail(
            "job_description",
            f"[job_description] percentages must add up to 100 (they add up to {total:g})",
        )
    return tuple(pairs)


def _list_of_tables(value: Any, key: str, check: _Checker) -> list[Mapping[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        check._type_error(key, f"a list of [[{key}]] tables", value)
    return value


def _platform(item: Mapping[str, Any], check: _Checker) -> PlatformSetting:
    check.keys(item, _PLATFORM_KEYS, "[[platforms]]")
    if "name" not in item:
        raise check.fail("platforms.name", "every [[platforms]] needs a name")
    name = check.string(item["name"], "name")
    colour = None
    if "colour" in item:
        colour = check.string(item["colour"], "colour")
        if len(colour) != 7 or colour[0] != "#" or not _is_hex(colour[1:]):
            raise check.fail(
                "platforms.colour",
                f"[[platforms]] '{name}': colour must look like \"#1877F2\" (got {_shown(colour)})",
            )
    limit = None
    if "char_limit" in item:
        limit = int(check.number(item["char_limit"], "char_limit", 1, 1_000_000, "a number"))
        if item["char_limit"] != limit:
            check._type_error("char_limit", "a whole number", item["char_limit"])
    tag = check.string(item["tag"], "tag") if "tag" in item else None
    if tag is not None and len(tag) > 4:
        raise check.fail("platforms.tag", f"[[platforms]] '{name}': tag is at most 4 characters")
    return PlatformSetting(
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
        raise check.fail("duties.name", "every [[duties]] needs a name")
    name = check.string(item["name"], "name")
    aliases = None
    if "aliases" in item:
        raw = item["aliases"]
        if not isinstance(raw, list):
            check._type_error("aliases", "a list of names", raw)
        aliases = tuple(check.string(a, "aliases") for a in raw)
    return DutySetting(
        name=name,
        aliases=aliases,
        social=check.boolean(item["social"], "social") if "social" in item else None,
        archived=check.boolean(item["archived"], "archived") if "archived" in item else None,
    )


def settings_toml(settings: Settings) -> str:
    """The effective settings written back as TOML (what `calepin config show` prints)."""
    lines = [
        "[calendar]",
        f"timezone = {_q(settings.timezone)}"
        if settings.timezone
        else '# timezone = "America/Toronto"  (not set: the database zone)',
        f"week_start = {_q(WEEKDAYS[settings.week_start])}",
        "",
        "[work]",
        f"hours_per_week = {settings.hours_per_week:g}",
        "days = [" + ", ".join(_q(WEEKDAYS[d][:3]) for d in settings.working_days) + "]",
        f"start = {_q(settings.work_start.strftime('%H:%M'))}",
        f"end = {_q(settings.work_end.strftime('%H:%M'))}",
    ]
    lines += ["", "[job_description]"]
    if settings.job_description:
        lines += [f"{_q(duty)} = {pct:g}" for duty, pct in settings.job_description]
    else:
        lines.append("# not set: percent per duty, adding up to 100")
    for p in settings.platforms:
        lines += ["", "[[platforms]]", f"name = {_q(p.name)}"]
        for key in ("tag", "colour", "char_limit", "default_duty", "archived"):
            value = getattr(p, key)
            if value is not None:
                lines.append(f"{key} = {_toml_value(value)}")
    for d in settings.duties:
        lines += ["", "[[duties]]", f"name = {_q(d.name)}"]
        if d.aliases is not None:
            lines.append("aliases = [" + ", ".join(_q(a) for a in d.aliases) + "]")
        for key in ("social", "archived"):
            value = getattr(d, key)
            if value is not None:
                lines.append(f"{key} = {_toml_value(value)}")
    return "\n".join(lines) + "\n"


def _q(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"{value:g}" if isinstance(value, float) else str(value)
    return _q(str(value))


def apply_to_store(settings: Settings, store: Store) -> list[str]:
    """Add the configured platforms and duties the store lacks, and update changed ones.

    Returns one line per change made (empty when the store already matches). Never deletes.

    Raises:
        ValidationError / NotFoundError: a value the store refuses (e.g. an unknown default
            duty); earlier changes in the list stay saved.
    """
    changes: list[str] = []
    for want in settings.duties:
        try:
            have = store.duty(want.name)
        except NotFoundError:
            store.add_duty(want.name, aliases=want.aliases or (), social=bool(want.social))
            changes.append(f"added duty {want.name}")
            have = store.duty(want.name)
            if want.archived:
                changes += _update(store, "duty", want.name, {"archived": True})
            continue
        updates: dict[str, Any] = {}
        if want.aliases is not None and tuple(want.aliases) != have.aliases:
            updates["aliases"] = tuple(want.aliases)
        if want.social is not None and want.social != have.social:
            updates["social"] = want.social
        if want.archived is not None and want.archived != have.archived:
            updates["archived"] = want.archived
        changes += _update(store, "duty", have.name, updates)
    for want_p in settings.platforms:
        try:
            have_p = store.platform(want_p.name)
        except NotFoundError:
            store.add_platform(
                want_p.name,
                colour=want_p.colour or "#888888",
                tag=want_p.tag,
                char_limit=want_p.char_limit,
                default_duty=want_p.default_duty or "social media",
            )
            changes.append(f"added platform {want_p.name}")
            if want_p.archived:
                changes += _update(store, "platform", want_p.name, {"archived": True})
            continue
        updates = {}
        for key in ("tag", "colour", "char_limit", "archived"):
            value = getattr(want_p, key)
            if value is not None and value != getattr(have_p, key):
                updates[key] = value
        if want_p.default_duty is not None:
            duty = store.duty(want_p.default_duty).name
            if duty != have_p.default_duty:
                updates["default_duty"] = duty
        changes += _update(store, "platform", have_p.name, updates)
    return changes


def _update(store: Store, what: str, name: str, updates: dict[str, Any]) -> list[str]:
    if not updates:
        return []
    # The Store grows update_duty / update_platform separately; until then, say so plainly.
    method = getattr(store, f"update_{what}", None)
    listed = ", ".join(sorted(updates))
    if method is None:
        return [f"not applied: {what} {name} ({listed}); this Calepin cannot edit {what}s yet"]
    method(name, **updates)
    return [f"updated {what} {name} ({listed})"]
