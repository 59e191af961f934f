"""A post moved back to the backlog leaves the calendar (backlog ideas are not synced): the
report names it by its title, and the other Calepins delete it as any deletion."""

from __future__ import annotations

from dataclasses import replace

from exporters.sync.engine import SyncTarget
from storage import Store, draft_from_post
from tests.sync.conftest import add, shared_target, sync, titled, titles


def test_a_post_moved_to_the_backlog_leaves_the_calendar_named_by_its_title(
    store: Store, other_store: Store, sync_target: SyncTarget
) -> None:
    add(store, "Idea for later")
    sync(store, sync_target)
    ben = shared_target(sync_target, store)
    sync(other_store, ben)
    assert titles(other_store) == ["Idea for later"]
    post = titled(store, "Idea for later")
    store.update_post(post.id, replace(draft_from_post(post), date=None, time=None))
    assert sync(store, sync_target).lines() == [
        "deleted 1 post from the calendar: “Idea for later”"
    ]
    assert titles(store) == ["Idea for later"]  # still here, in the backlog
    assert sync(other_store, ben).lines() == [
        "deleted 1 post here, as in the calendar: “Idea for later”"
    ]
    assert titles(other_store) == []
