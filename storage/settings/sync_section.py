"""[sync] read: which CalDAV server, account and calendars; never the password.

Apart from `storage.settings.read` so that the rules of a server's address live in one
place (the CLI, the settings screen and `calepin config show` all come through here), and a
file without [sync] never loads them. `storage.settings.write` writes the section back.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from storage.errors import ValidationError
from storage.i18n import _
from storage.settings import model
from storage.settings.checker import _Checker, _figure, _shown
from storage.settings.model import DEFAULT_POSTS_CALENDAR, MAX_SYNC_MINUTES, MIN_SYNC_MINUTES

if TYPE_CHECKING:
    from storage.settings.model import SyncSetting

SYNC_KEYS = (
    "url",
    "username",
    "posts_calendar",
    "meetings_calendar",
    "every_minutes",
    "verify_tls",
    "share_notes",
    "display_name",
)
# Plain http only to a server on this computer: anywhere else the password would travel in clear.
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
EXAMPLE_URL = "https://cloud.example.org/remote.php/dav"


def read_sync(
    value: Any, check: _Checker, errors: dict[str, str] | None = None
) -> SyncSetting | None:
    """[sync] checked into a SyncSetting; None when the file has no [sync] or an empty one.

    Without `errors`, a problem is raised as a ValidationError naming the file and the key;
    with it, the first problem is put there under its dotted key ("sync.url") and None returned.
    """
    if value is None:
        return None
    try:
        return _sync_setting(check.table(value, "sync"), check)
    except ValidationError as exc:
        if errors is None:
            raise
        field = exc.field or "sync"
        errors.setdefault(field if field.startswith("sync") else f"sync.{field}", str(exc))
        return None


def _sync_setting(table: Mapping[str, Any], check: _Checker) -> SyncSetting | None:
    if "password" in table:
        # Before the unknown keys: say where a password goes, and never show the one written.
        raise check.fail(
            "sync.password",
            _(
                "a password is never kept in the settings: remove it, then run "
                "`calepin sync --set-password` (it goes in the system keyring) or set "
                "CALEPIN_SYNC_PASSWORD"
            ),
            "[sync]",
        )
    check.keys(table, SYNC_KEYS, "[sync]")
    if not table:
        return None
    posts = table.get("posts_calendar", DEFAULT_POSTS_CALENDAR)
    setting = model.SyncSetting(
        url=server_url(_needed(table, "url", check), check),
        username=check.string(_needed(table, "username", check), "username"),
        posts_calendar=check.string(posts, "posts_calendar"),
        meetings_calendar=_text_or_none(table, "meetings_calendar", check),
        every_minutes=_minutes(table["every_minutes"], check) if "every_minutes" in table else None,
        verify_tls=check.boolean(table.get("verify_tls", True), "verify_tls"),
        share_notes=check.boolean(table.get("share_notes", False), "share_notes"),
        display_name=_text_or_none(table, "display_name", check),
    )
    meetings = setting.meetings_calendar
    if meetings is not None and meetings.casefold() == setting.posts_calendar.casefold():
        raise check.fail(
            "sync.meetings_calendar",
            _(
                "meetings_calendar must be another calendar than posts_calendar ({name}): "
                "the posts would come back as meetings"
            ).format(name=meetings),
            "[sync]",
        )
    return setting


def server_url(value: Any, check: _Checker) -> str:
    """The server's address as written, if `url_problem` finds nothing wrong with it."""
    text = check.string(value, "url")
    problem = url_problem(text)
    if problem is not None:
        raise check.fail("sync.url", problem, "[sync]")
    return text


def url_problem(text: str) -> str | None:
    """Why `text` cannot be the sync server's address, in words; None when it can.

    The one rule for the settings file, the settings screen and the sync's connection:
    https:// (http:// only to this computer, anywhere else the password would travel in
    clear). An address holding a name or password (https://me:secret@…) is refused without
    being shown: the password belongs in the keyring, never in the settings or a message.
    """
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(text)
        host = parts.hostname
        parts.port  # noqa: B018 (a port that is not a number raises here)
    except ValueError:
        host, parts = None, None
    if parts is not None and (parts.username is not None or parts.password is not None):
        return _(
            "url must not hold a user name or password: put the name in username, and "
            "the password in the keyring (`calepin sync --set-password`)"
        )
    scheme = parts.scheme.lower() if parts is not None else ""
    if (
        host
        and not any(c.isspace() for c in text)
        and (scheme == "https" or (scheme == "http" and host in LOCAL_HOSTS))
    ):
        return None
    if scheme == "http" and host:
        message = _(
            "url must start with https:// (http:// only for a server on this computer: "
            "localhost, 127.0.0.1, ::1), not {url}"
        )
    else:
        message = _("url must be a server address like {example}, not {url}")
    return message.format(url=_shown(text), example=EXAMPLE_URL)


def _minutes(value: Any, check: _Checker) -> int:
    what = _("a whole number of minutes")
    number = check.number(value, "every_minutes", MIN_SYNC_MINUTES, MAX_SYNC_MINUTES, what)
    if number != int(number):
        check._type_error(
            "every_minutes",
            _("{what} between {low} and {high}").format(
                what=what, low=_figure(MIN_SYNC_MINUTES), high=_figure(MAX_SYNC_MINUTES)
            ),
            value,
        )
    return int(number)


def _needed(table: Mapping[str, Any], key: str, check: _Checker) -> Any:
    if key not in table:
        raise check.fail(
            f"sync.{key}",
            _("[sync] needs {key} (see the README's “Sync with a shared calendar”)").format(
                key=key
            ),
        )
    return table[key]


def _text_or_none(table: Mapping[str, Any], key: str, check: _Checker) -> str | None:
    return check.string(table[key], key) if key in table else None
