"""The sync's words on screen: the status line under a view (a run's progress, then its
outcome or its failure), and who last changed a post in the shared calendar."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar

from textual.widgets import Static

from storage import Post, Store, wording
from storage.i18n import _
from tui.text import literal

if TYPE_CHECKING:
    from storage.settings import SyncSetting


class SyncStatus(Static):
    """One line, mounted into a view once a sync has something to say (tui/sync_worker.py):
    a planner that never syncs keeps every row for its posts."""

    DEFAULT_CSS: ClassVar[str] = """
    SyncStatus {
        height: 1;
        width: 100%;
        padding: 0 1;
        background: $panel;
        color: $text-muted;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    SyncStatus.-failed {
        color: $text-error;
    }
    """

    def show(self, text: str, *, failed: bool = False) -> None:
        # The server's words and post titles are in it: shown literally, never as markup.
        # Its size is fixed (one line, the width of the view): no layout of the screen needed.
        self.update(literal(text), layout=False)
        self.set_class(failed, "-failed")


def changed_note(store: Store, post: Post | None, me: SyncSetting | None) -> str:
    """'Changed by designer · Mon 7 Dec 14:32': who last changed `post` in the shared
    calendar, for the post editor; "" for a post that never went through a sync, or whose
    last change was this side's (`me`: the [sync] settings)."""
    if post is None or me is None:
        return ""
    item = store.sync_item_of(post.uid)
    if item is None or not item.changed_by or item.changed_by in (me.display_name, me.username):
        return ""
    try:
        moment = dt.datetime.fromisoformat(item.changed_at or "").astimezone(store.zone)
    except ValueError:
        return _("Changed by {who}").format(who=item.changed_by)
    return _("Changed by {who} · {when}").format(who=item.changed_by, when=wording.day_time(moment))
