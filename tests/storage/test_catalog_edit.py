"""Editing and removing duties and platforms: validation, references kept, undo and redo."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from storage import (
    UNSET,
    EntryDraft,
    NotFoundError,
    PostDraft,
    Store,
    ValidationError,
)

TORONTO = ZoneInfo("America/Toronto")


def log(store: Store, duty: str, day: int = 20, minutes: int = 90) -> int:
    start = dt.datetime(2026, 11, day, 9, 0, tzinfo=TORONTO)
    return store.add_entry(EntryDraft(duty, start, start + dt.timedelta(minutes=minutes))).id


def post(store: Store, platform: str) -> int:
    return store.add_post(PostDraft("Holiday hours", platform, date=dt.date(2026, 11, 26))).id


def snapshot(store: Store) -> dict[str, list[tuple[object, ...]]]:
    conn = store.connection
    return {
        table: conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
        for table in ("duties", "platforms", "posts", "time_entries")
    }


def refused(store: Store, field: str, call: object, *args: object, **kwargs: object) -> str:
    """Run a call that must fail with a ValidationError on `field` and leave everything as is."""
    before, label = snapshot(store), store.undo_label
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)  # type: ignore[operator]
    assert caught.value.field == field
    assert snapshot(store) == before and store.undo_label == label
    return str(caught.value)


# ---------------------------------------------------------------- duties


def test_rename_keeps_entries_on_the_same_duty(store: Store) -> None:
    entry_id = log(store, "newsletters")
    duty = store.update_duty("Newsletter", new_name="  Infolettre   mensuelle ")
    assert duty.name == "Infolettre mensuelle"
    assert store.duty("infolettre MENSUELLE").id == duty.id
    assert store.get_entry(entry_id).duty == "Infolettre mensuelle"
    assert store.duty("infolettre").id == duty.id  # the aliases came along
    with pytest.raises(NotFoundError, match="unknown duty 'newsletters'"):
        store.duty("newsletters")


def test_rename_to_the_same_name_in_another_case(store: Store) -> None:
    assert store.update_duty("video", new_name="Video").name == "Video"


def test_aliases_are_replaced_cleaned_and_deduplicated(store: Store) -> None:
    duty = store.update_duty(
        "events", aliases=["salon", " Kiosque  annuel ", "SALON", "events", "gala, soirée", ""]
    )
    assert duty.aliases == ("salon", "Kiosque annuel", "gala", "soirée")
    assert store.duty("kiosque annuel").name == "events"
    with pytest.raises(NotFoundError):
        store.duty("événements")  # an old alias, dropped
    assert store.update_duty("events", aliases=[]).aliases == ()


def test_an_alias_can_move_after_its_owner_lets_it_go(store: Store) -> None:
    store.update_duty("planning & strategy", aliases=["strategy"])
    store.update_duty("admin", aliases=["admin", "plan"])
    assert store.duty("plan").name == "admin & other"


def test_social_flag(store: Store) -> None:
    assert store.update_duty("video", social=True).social
    assert not store.update_duty("social media", social=False).social
    assert [d.name for d in store.duties() if d.social] == ["video"]


def test_the_last_active_social_duty_stays(store: Store) -> None:
    message = refused(store, "social", store.update_duty, "social", social=False)
    assert "only active social duty" in message
    refused(store, "archived", store.update_duty, "social", archived=True)
    for platform in store.platforms():
        if platform.default_duty == "social media":
            store.update_platform(platform.name, default_duty=None)
    assert "only active social duty" in refused(store, "name", store.remove_duty, "social")
    store.add_duty("community", social=True)
    assert store.remove_duty("social media") == "deleted"
    assert "only active social duty" in refused(store, "name", store.remove_duty, "community")
    store.update_duty("video", social=True)
    assert not store.update_duty("community", social=False).social


def test_archive_and_unarchive(store: Store) -> None:
    entry_id = log(store, "press")
    duty = store.update_duty("press", archived=True)
    assert duty.archived
    assert "press relations" not in [d.name for d in store.duties()]
    assert store.duty("press").archived  # still found, for old entries and reports
    assert store.get_entry(entry_id).duty == "press relations"
    with pytest.raises(ValidationError, match="archived"):
        log(store, "press")
    assert not store.update_duty("press relations", archived=False).archived
    assert "press relations" in [d.name for d in store.duties()]


def test_archiving_a_default_duty_of_an_active_platform_is_refused(store: Store) -> None:
    message = refused(store, "archived", store.update_duty, "video", archived=True)
    assert "YouTube" in message and "default duty" in message
    store.update_platform("YouTube", archived=True)
    assert store.update_duty("video", archived=True).archived  # only archived platforms use it


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"new_name": "Meetings"}, "name", "already used by duty 'meetings'"),
        ({"new_name": "SOCIAL"}, "name", "already used by duty 'social media'"),
        ({"new_name": "   "}, "name", "duty name cannot be empty"),
        ({"new_name": "a\tb"}, "name", "control character"),
        ({"aliases": ["promo", "Réunions"]}, "aliases", "'Réunions' is already used by duty"),
        ({"aliases": ["x" * 81]}, "aliases", "limit is 80"),
        ({"new_name": "ok", "aliases": ["web"]}, "aliases", "already used by duty 'web content'"),
    ],
)  # fmt: skip
def test_bad_duty_edits_save_nothing(
    store: Store, changes: dict[str, object], field: str, words: str
) -> None:
    assert words in refused(store, field, store.update_duty, "promotional material", **changes)


def test_unknown_names_are_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError, match="unknown duty 'gardening'; duties are: social media"):
        store.update_duty("gardening", social=True)
    with pytest.raises(NotFoundError, match="unknown duty"):
        store.remove_duty("gardening")
    with pytest.raises(NotFoundError, match="unknown platform 'Myspace'; platforms are: Facebook"):
        store.update_platform("Myspace", colour="#000000")
    with pytest.raises(NotFoundError, match="unknown platform"):
        store.remove_platform("Myspace")


def test_an_edit_that_changes_nothing_is_not_an_undo_step(store: Store) -> None:
    store.add_duty("fundraising", aliases=["dons"])
    store.update_duty("fundraising", new_name="fundraising", aliases=["dons"], social=False)
    store.update_platform("FB", tag="FB", char_limit=63206, default_duty="social media")
    assert store.undo_label == "add duty fundraising"


# ---------------------------------------------------------------- removing duties


def test_remove_an_unused_duty_deletes_it(store: Store) -> None:
    store.add_duty("fundraising")
    assert store.remove_duty("FUNDRAISING") == "deleted"
    with pytest.raises(NotFoundError):
        store.duty("fundraising")
    assert store.counts()["duties"] == 10
    assert store.undo() == "delete duty fundraising"
    assert store.duty("fundraising").name == "fundraising"
    assert store.redo() == "delete duty fundraising"
    with pytest.raises(NotFoundError):
        store.duty("fundraising")


def test_remove_a_duty_with_hours_archives_it(store: Store) -> None:
    entry_id = log(store, "meetings", minutes=150)
    assert store.remove_duty("réunions") == "archived"
    assert store.duty("meetings").archived
    assert store.get_entry(entry_id).duty == "meetings"
    assert store.get_entry(entry_id).minutes() == 150
    assert store.remove_duty("meetings") == "archived"  # again: nothing to do
    assert store.undo_label == "archive duty meetings"
    assert store.check().ok


def test_remove_a_duty_only_an_archived_platform_uses_archives_it(store: Store) -> None:
    store.update_platform("YouTube", archived=True)
    assert store.remove_duty("video") == "archived"
    assert store.platform("YouTube").default_duty == "video"


def test_remove_the_default_duty_of_an_active_platform_is_refused(store: Store) -> None:
    message = refused(store, "name", store.remove_duty, "web content")
    assert "Blog, Website" in message


def test_undo_and_redo_of_archiving_by_remove(store: Store) -> None:
    log(store, "meetings")
    store.remove_duty("meetings")
    assert store.undo() == "archive duty meetings"
    assert "meetings" in [d.name for d in store.duties()]
    assert store.redo() == "archive duty meetings"
    assert "meetings" not in [d.name for d in store.duties()]


# ---------------------------------------------------------------- duty undo


def test_undo_redo_rename_refreshes_the_lists(store: Store) -> None:
    before = snapshot(store)
    store.duties()  # fill the cache
    store.update_duty("video", new_name="vidéo & photo", aliases=["photo"], social=True)
    assert store.undo() == "rename duty video to vidéo & photo"
    assert snapshot(store) == before
    assert "video" in [d.name for d in store.duties()]
    assert store.duty("videos").name == "video"
    assert store.redo() == "rename duty video to vidéo & photo"
    duty = store.duty("photo")
    assert (duty.name, duty.social) == ("vidéo & photo", True)
    assert store.platform("YouTube").default_duty == "vidéo & photo"


def test_undo_redo_archive(store: Store) -> None:
    store.update_duty("admin", archived=True)
    assert store.undo() == "archive duty admin & other"
    assert not store.duty("admin").archived
    assert store.redo() == "archive duty admin & other"
    assert store.duty("admin").archived
    store.update_duty("admin", archived=False)
    assert store.undo_label == "restore duty admin & other"


def test_undo_social_and_aliases(store: Store) -> None:
    store.update_duty("events", aliases=["gala"], social=True)
    assert store.undo() == "edit duty events"
    duty = store.duty("events")
    assert (duty.aliases, duty.social) == (("event", "événements", "evenements"), False)


def test_another_connection_sees_the_rename(store: Store, db_path: Path) -> None:
    with Store.open(db_path) as other:
        assert other.duty("video").name == "video"  # cached there
        store.update_duty("video", new_name="motion")
        assert other.duty("motion").name == "motion"
        store.undo()
        assert other.duty("video").name == "video"


# ---------------------------------------------------------------- platforms


def test_rename_platform_keeps_its_posts(store: Store) -> None:
    post_id = post(store, "X")
    platform = store.update_platform("x", new_name="X (Twitter)", tag="TW")
    assert (platform.name, platform.tag) == ("X (Twitter)", "TW")
    assert store.get_post(post_id).platform == "X (Twitter)"
    assert store.platform("tw").id == platform.id
    assert store.undo() == "rename platform X to X (Twitter)"
    assert store.get_post(post_id).platform == "X"
    assert store.platform("X").tag == "X"
    assert store.redo() == "rename platform X to X (Twitter)"
    assert store.get_post(post_id).platform == "X (Twitter)"


def test_colour_tag_and_limit(store: Store) -> None:
    platform = store.update_platform("Instagram", colour="#C13584", tag="INS", char_limit=2000)
    assert (platform.colour, platform.tag, platform.char_limit) == ("#C13584", "INS", 2000)
    assert store.undo() == "edit platform Instagram"
    platform = store.platform("IG")
    assert (platform.colour, platform.tag, platform.char_limit) == ("#E1306C", "IG", 2200)


def test_char_limit_unset_leaves_and_none_clears(store: Store) -> None:
    assert store.update_platform("X", colour="#000000", char_limit=UNSET).char_limit == 280
    assert store.update_platform("X", char_limit=None).char_limit is None
    assert store.update_platform("X", char_limit=500).char_limit == 500


def test_default_duty_set_clear_and_undo(store: Store) -> None:
    assert store.update_platform("YouTube", default_duty="social").default_duty == "social media"
    assert store.update_platform("YouTube", colour="#EE0000").default_duty == "social media"
    assert store.update_platform("YouTube", default_duty=None).default_duty is None
    store.undo()
    assert store.platform("YouTube").default_duty == "social media"
    store.undo()
    store.undo()
    assert store.platform("YouTube").default_duty == "video"
    assert store.redo() == "edit platform YouTube"
    assert store.platform("YouTube").default_duty == "social media"


def test_archive_and_unarchive_platform(store: Store) -> None:
    post_id = post(store, "Threads")
    assert store.update_platform("TH", archived=True).archived
    assert "Threads" not in [p.name for p in store.platforms()]
    assert store.get_post(post_id).platform == "Threads"
    assert store.undo() == "archive platform Threads"
    assert not store.platform("Threads").archived
    store.redo()
    assert store.update_platform("Threads", archived=False).archived is False
    assert store.undo_label == "restore platform Threads"


def test_an_archived_duty_cannot_become_an_active_default(store: Store) -> None:
    store.update_duty("admin", archived=True)
    message = refused(store, "default_duty", store.update_platform, "Blog", default_duty="admin")
    assert "duty 'admin & other' is archived" in message
    store.update_platform("Blog", archived=True)
    assert store.update_platform("Blog", default_duty="admin").default_duty == "admin & other"
    refused(store, "default_duty", store.update_platform, "Blog", archived=False)
    platform = store.update_platform("Blog", archived=False, default_duty="web")
    assert (platform.archived, platform.default_duty) == (False, "web content")


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"new_name": "facebook"}, "name", "already used by platform 'Facebook'"),
        ({"new_name": "ig"}, "name", "already used by platform 'Instagram'"),
        ({"new_name": ""}, "name", "platform name cannot be empty"),
        ({"tag": "TIKTOK"}, "tag", "at most 4 characters"),
        ({"tag": "  "}, "tag", "tag cannot be empty"),
        ({"tag": "fb"}, "tag", "already used by platform 'Facebook'"),
        ({"tag": "x"}, "tag", "already used by platform 'X'"),
        ({"colour": "blue"}, "colour", "colour must look like #1877F2"),
        ({"colour": "#12345"}, "colour", "colour must look like"),
        ({"char_limit": 0}, "char_limit", "positive whole number"),
        ({"char_limit": -5}, "char_limit", "positive whole number"),
        ({"char_limit": True}, "char_limit", "positive whole number"),
        ({"char_limit": "500"}, "char_limit", "positive whole number"),
        ({"default_duty": "gardening"}, "default_duty", "unknown duty 'gardening'"),
        ({"colour": "#000000", "tag": "toolong"}, "tag", "at most 4"),
    ],
)  # fmt: skip
def test_bad_platform_edits_save_nothing(
    store: Store, changes: dict[str, object], field: str, words: str
) -> None:
    assert words in refused(store, field, store.update_platform, "Bluesky", **changes)


# ---------------------------------------------------------------- removing platforms


def test_remove_an_unused_platform_deletes_it(store: Store) -> None:
    store.add_platform("Mastodon", tag="MA", colour="#6364FF")
    assert store.remove_platform("ma") == "deleted"
    with pytest.raises(NotFoundError):
        store.platform("Mastodon")
    assert store.undo() == "delete platform Mastodon"
    assert store.platform("MA").colour == "#6364FF"
    assert store.redo() == "delete platform Mastodon"
    with pytest.raises(NotFoundError):
        store.platform("Mastodon")
    assert store.check().ok


def test_remove_a_platform_with_posts_archives_it(store: Store) -> None:
    post_id = post(store, "TikTok")
    assert store.remove_platform("TikTok") == "archived"
    assert store.platform("TikTok").archived
    assert store.get_post(post_id).platform == "TikTok"
    assert store.remove_platform("TikTok") == "archived"
    assert store.undo() == "archive platform TikTok"
    assert not store.platform("TikTok").archived
    assert store.redo() == "archive platform TikTok"
    assert store.platform("TikTok").archived


def test_the_last_active_platform_stays(store: Store) -> None:
    for platform in store.platforms()[1:]:
        store.remove_platform(platform.name)
    assert [p.name for p in store.platforms()] == ["Facebook"]
    assert "only active platform" in refused(store, "name", store.remove_platform, "Facebook")
    refused(store, "archived", store.update_platform, "Facebook", archived=True)


def test_a_removed_platform_frees_its_duty(store: Store) -> None:
    assert store.remove_platform("YouTube") == "deleted"
    assert store.remove_duty("video") == "deleted"
    assert store.check().ok
    assert store.undo() == "delete duty video"
    assert store.undo() == "delete platform YouTube"
    assert store.platform("YT").default_duty == "video"
