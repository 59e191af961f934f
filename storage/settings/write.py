"""Settings written back as TOML: the text `calepin config show` prints and the settings
screen saves, atomically."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import TYPE_CHECKING

from storage.errors import ValidationError
from storage.i18n import N_, _
from storage.settings.model import CANCELLED_DAYS, WEEKDAYS, Settings, config_path
from storage.settings.read import _Checker, _settings_from
from storage.settings.sync_section import EXAMPLE_URL

if TYPE_CHECKING:
    from storage.settings.model import SyncSetting

# The file's comments are in the language in use; its keys and values never are.
_FILE_HEADER = N_(
    "# Calepin settings. The settings screen (key ,) rewrites this file: comments are not kept."
)


def settings_toml(settings: Settings) -> str:
    """The effective settings written back as TOML (what `calepin config show` prints)."""
    lines = [
        "[calendar]",
        f"timezone = {_q(settings.timezone)}"
        if settings.timezone
        else '# timezone = "America/Toronto"  ({})'.format(
            _("not set: the database keeps its own")
        ),
        f"week_start = {_q(WEEKDAYS[settings.week_start])}",
        "",
        "[work]",
        f"hours_per_week = {_number(settings.hours_per_week)}",
        "days = [" + ", ".join(_q(WEEKDAYS[d][:3]) for d in settings.working_days) + "]",
        f"start = {_q(settings.work_start.strftime('%H:%M'))}",
        f"end = {_q(settings.work_end.strftime('%H:%M'))}",
        f"holidays = {_q(settings.holidays)}"
        if settings.holidays
        else '# holidays = "CA-QC"  ({})'.format(
            _('not set: no statutory days off; a country like "FR" works')
        ),
        f"tracking_since = {settings.tracking_since.isoformat()}"
        if settings.tracking_since
        else "# tracking_since = 2026-10-01  ({})".format(_("not set: the first entry's day")),
    ]
    lines += ["", "[job_description]"]
    if settings.job_description:
        lines += [f"{_q(duty)} = {_number(pct)}" for duty, pct in settings.job_description]
    else:
        lines.append("# " + _("not set: percent per duty, adding up to 100"))
    lines += ["", "[keys]"]
    if settings.keys:
        lines += [f"{_q(binding_id)} = {_q(keys)}" for binding_id, keys in settings.keys]
    else:
        lines.append(
            "# " + _('not set: binding id = keys, like "app.summary" = "r" or "post.new" = "n,a"')
        )
    lines += ["", "[timer]", f"long_timer_hours = {_number(settings.long_timer_hours)}"]
    if settings.timer_keys:
        lines.append("keys = [" + ", ".join(_q(name) for name in settings.timer_keys) + "]")
    else:
        lines.append(
            '# keys = ["social media", "newsletters"]  ({})'.format(
                _("not set: the duties' own order")
            )
        )
    lines += ["", "[export]"]
    if settings.ics_cancelled_days is not None:
        lines.append(f"cancelled_days = {settings.ics_cancelled_days}")
    else:
        lines.append(
            f"# cancelled_days = {CANCELLED_DAYS}  ({{}})".format(
                _(
                    "not set: the database's; days a deleted post stays cancelled in .ics"
                    " exports, 0 = none"
                )
            )
        )
    lines += ["", "[interface]"]
    if settings.language:
        lines.append(f"language = {_q(settings.language)}")
    else:
        lines.append(
            '# language = "fr"  ({})'.format(
                _('not set: the locale\'s, else English; "fr" or "en"')
            )
        )
    lines += ["", *sync_lines(settings.sync)]
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


def sync_lines(sync: SyncSetting | None) -> list[str]:
    """[sync] as the settings file has it; without one, how to set it, as comments."""
    lines = ["[sync]"]
    if sync is None:
        lines.append(
            f"# url = {_q(EXAMPLE_URL)}  ({{}})".format(
                _(
                    "not set: nothing is synced; the password goes in the keyring: "
                    "calepin sync --set-password"
                )
            )
        )
        lines.append('# username = "ana"')
        return lines
    lines += [
        f"url = {_q(sync.url)}",
        f"username = {_q(sync.username)}",
        f"posts_calendar = {_q(sync.posts_calendar)}",
    ]
    if sync.meetings_calendar is not None:
        lines.append(f"meetings_calendar = {_q(sync.meetings_calendar)}")
    else:
        lines.append(
            '# meetings_calendar = "Meetings"  ({})'.format(_("not set: no meetings pulled"))
        )
    if sync.every_minutes is not None:
        lines.append(f"every_minutes = {sync.every_minutes}")
    else:
        lines.append(
            "# every_minutes = 15  ({})".format(_("not set: the planner syncs when asked"))
        )
    lines += [
        f"verify_tls = {'true' if sync.verify_tls else 'false'}",
        f"share_notes = {'true' if sync.share_notes else 'false'}",
    ]
    if sync.display_name is not None:
        lines.append(f"display_name = {_q(sync.display_name)}")
    else:
        lines.append(
            '# display_name = "Ana (communications)"  ({})'.format(
                _("not set: others see the username")
            )
        )
    return lines


def _q(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    # TOML forbids raw control characters in a basic string.
    escaped = "".join(f"\\u{ord(c):04X}" if ord(c) < 0x20 or ord(c) == 0x7F else c for c in escaped)
    return f'"{escaped}"'


def _number(value: float) -> str:
    """Short when exact ("35", "32.5"), else every digit, so the file reads back equal."""
    short = f"{value:g}"
    return short if float(short) == value else repr(float(value))


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"{value:g}" if isinstance(value, float) else str(value)
    return _q(str(value))


def save_settings(settings: Settings, path: Path | None = None) -> Settings:
    """Write `settings` as TOML to `path` (default: `settings.path`, else `config_path()`).

    The text is checked by reading it back before the file is touched, and written
    atomically (a temp file, then a rename), readable by its owner only.

    Returns:
        The settings as `load_settings` now reads them (equal to `settings`).

    Raises:
        ValidationError: settings that would not read back (nothing written), or a file or
            folder that cannot be written.
    """
    path = path if path is not None else (settings.path or config_path())
    text = _(_FILE_HEADER) + "\n" + settings_toml(settings)
    saved = _settings_from(tomllib.loads(text), _Checker(path.name or str(path)), path)
    if _read_text(path) == text:
        return saved  # nothing changed: leave the file (and its date) alone
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        from storage.files import write_atomically  # loaded on save only: the CLI stays light

        write_atomically(path, text)
    except OSError as exc:
        raise ValidationError(
            _("cannot write {path}: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from None
    return saved


def _read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def written_by_calepin(settings: Settings) -> bool:
    """Whether the file `settings` came from reads exactly as the settings screen writes it
    (if not, it was edited by hand, and saving would drop its comments and layout)."""
    if settings.path is None:
        return True
    from storage.i18n import VARIANTS, using

    text = _read_text(settings.path)
    for variant in VARIANTS:  # written in any language: a switch of language is no hand edit
        with using(variant):
            if text == _(_FILE_HEADER) + "\n" + settings_toml(settings):
                return True
    return False
