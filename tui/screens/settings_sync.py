"""The settings screen's [sync] fields: the calendar server, the account and the calendars
(never the password), read back as the file's table for `check_settings`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Static

from storage.i18n import N_, _
from storage.settings import Settings
from tui.screens.settings_general import _LABELS as GENERAL_LABELS
from tui.screens.settings_plan import typed_number

# check_settings' keys → (the note under the input, the field's words), as GENERAL_NOTES.
SYNC_NOTES = {
    "sync": ("sync_url-note", N_("Sync")),
    "sync.url": ("sync_url-note", N_("Server")),
    "sync.username": ("sync_username-note", N_("Username")),
    "sync.posts_calendar": ("sync_posts_calendar-note", N_("Posts calendar")),
    "sync.meetings_calendar": ("sync_meetings_calendar-note", N_("Meetings calendar")),
    "sync.every_minutes": ("sync_every_minutes-note", N_("Sync every (min)")),
    "sync.display_name": ("sync_display_name-note", N_("Shown as")),
    "sync.password": ("sync_url-note", N_("Sync")),
}
# (input id, the file's key, label, placeholder)
_TEXTS = (
    ("sync_url", "url", N_("Server"), "https://cloud.example.org/remote.php/dav"),
    ("sync_username", "username", N_("Username"), ""),
    ("sync_posts_calendar", "posts_calendar", N_("Posts calendar"), "Calepin"),
    (
        "sync_meetings_calendar",
        "meetings_calendar",
        N_("Meetings calendar"),
        N_("none: no meetings pulled"),
    ),
    (
        "sync_every_minutes",
        "every_minutes",
        N_("Sync every (min)"),
        N_("empty = only when S is pressed"),
    ),
    ("sync_display_name", "display_name", N_("Shown as"), N_("your username")),
)
_CHECKS = (
    ("sync_verify_tls", "verify_tls", N_("check the server's certificate"), True),
    ("sync_share_notes", "share_notes", N_("share the posts' private notes"), False),
)
HINT = N_(
    "A CalDAV calendar shared with your team (Nextcloud, Fastmail…); empty = no sync. "
    "The password is never kept here: S asks for it, or set CALEPIN_SYNC_PASSWORD."
)


def sync_texts(settings: Settings) -> dict[str, str]:
    """What each input holds for `settings` ("" where the file says nothing)."""
    sync = settings.sync
    if sync is None:
        return {wid: "" for wid, *_rest in _TEXTS}
    return {
        "sync_url": sync.url,
        "sync_username": sync.username,
        "sync_posts_calendar": sync.posts_calendar,
        "sync_meetings_calendar": sync.meetings_calendar or "",
        "sync_every_minutes": str(sync.every_minutes or ""),
        "sync_display_name": sync.display_name or "",
    }


def sync_checks(settings: Settings) -> dict[str, bool]:
    """Each checkbox's state for `settings`."""
    sync = settings.sync
    return {
        wid: bool(getattr(sync, key)) if sync is not None else default
        for wid, key, _label, default in _CHECKS
    }


def sync_rows(settings: Settings) -> Iterator[Widget]:
    """The section's title and hint, then a labelled row per field, its note under it."""
    yield Static(_("Sync"), classes="settings-section")
    yield Static(_(HINT), classes="settings-hint")
    labels = [*GENERAL_LABELS, *(label for _wid, _key, label, _hint in _TEXTS)]
    width = max(16, *(len(_(label)) + 2 for label in labels))
    texts = sync_texts(settings)
    for wid, _key, label, hint in _TEXTS:
        field = Input(texts[wid], id=wid, placeholder=_(hint) if hint else "", compact=True)
        yield _labelled(_(label), wid, field, width)
    checks = sync_checks(settings)
    boxes = [Checkbox(_(text), checks[wid], id=wid, compact=True) for wid, _k, text, _d in _CHECKS]
    yield _labelled("", "sync_checks", Vertical(*boxes, id="sync-checks"), width)


def sync_table(text: Callable[[str], str], checked: Callable[[str], bool]) -> dict[str, Any]:
    """The [sync] table the fields make, for `check_settings` ({} when url and username are
    empty: no sync)."""
    typed = {key: text(wid).strip() for wid, key, _label, _hint in _TEXTS}
    if not typed["url"] and not typed["username"]:
        return {}
    table: dict[str, Any] = {key: value for key, value in typed.items() if value}
    if "every_minutes" in table:
        table["every_minutes"] = typed_number(table["every_minutes"])
    for wid, key, _label, default in _CHECKS:
        if checked(wid) != default:
            table[key] = checked(wid)
    return table


def _labelled(label: str, key: str, widget: Widget, width: int) -> Horizontal:
    shown = Label(label, classes="label")
    shown.styles.width = width
    return Horizontal(
        shown,
        Vertical(
            widget, Static("", id=f"{key}-note", classes="note", markup=False), classes="field"
        ),
        classes="general-row",
    )
