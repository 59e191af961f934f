"""Settings checked for a form speak the form's language (the screen adds the field's words), the
file keeps its own; [export] cancelled_days is read, checked, written back and applied to the
store, where .ics exports read it (0: they carry no cancellations)."""

from __future__ import annotations

from pathlib import Path

import pytest

from exporters.ics import IcsOptions
from storage import Store, ValidationError
from storage.settings import (
    apply_to_store,
    check_settings,
    load_settings,
    save_settings,
    stored_cancelled_days,
)
from storage.settings.model import CANCELLED_DAYS_SETTING, Settings
from tests.exporters.test_ics_deletions import export, single, tombstone_count, uids

FILE_WORDS = ("[work]", "[calendar]", "[job_description]", "[export]", "hours_per_week", "_")


def test_a_form_hears_what_is_wrong_without_the_file_s_words() -> None:
    _, errors = check_settings(
        {
            "calendar": {"timezone": "Mars/Olympus"},
            "work": {"hours_per_week": 0, "start": "17:00", "end": "09:00"},
            "job_description": {"events": 60, "web": "lots"},
            "export": {"cancelled_days": -1},
        }
    )
    assert set(errors) == {
        "calendar.timezone",
        "work.hours_per_week",
        "work.hours",
        "job_description.web",
        "export.cancelled_days",
    }
    for key, message in errors.items():
        assert not any(word in message for word in FILE_WORDS), (key, message)
    assert errors["work.hours"] == "end (09:00) must be after start (17:00)"
    assert errors["export.cancelled_days"] == (
        "must be a whole number of days between 0 and 3650 (got -1)"
    )


def test_the_file_s_errors_keep_naming_the_file_and_its_keys(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[work]\nstart = "17:00"\nend = "09:00"\n', encoding="utf-8")
    with pytest.raises(ValidationError, match=r"config.toml: \[work\] end \(09:00\) must be"):
        load_settings(path)
    path.write_text("[export]\ncancelled_days = 4000\n", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"config\.toml: cancelled_days must be a whole"):
        load_settings(path)
    path.write_text("[export]\nkept_days = 4\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="unknown key 'kept_days' in \\[export\\]"):
        load_settings(path)


@pytest.mark.parametrize("days", [0, 1, 90, 3650])
def test_cancelled_days_read_and_written_back(tmp_path: Path, days: int) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f"[export]\ncancelled_days = {days}\n", encoding="utf-8")
    settings = load_settings(path)
    assert settings.ics_cancelled_days == days
    assert save_settings(settings, tmp_path / "again.toml").ics_cancelled_days == days
    assert f"cancelled_days = {days}\n" in (tmp_path / "again.toml").read_text()


@pytest.mark.parametrize("value", [-1, 3651, 1.5, "90", True])
def test_cancelled_days_refused(value: object) -> None:
    settings, errors = check_settings({"export": {"cancelled_days": value}})
    assert settings is None and "export.cancelled_days" in errors


def test_not_set_leaves_the_store_s_value(tmp_path: Path, store: Store) -> None:
    store.set_setting(CANCELLED_DAYS_SETTING, "30")
    settings = load_settings(tmp_path / "absent.toml")
    assert settings.ics_cancelled_days is None
    assert apply_to_store(settings, store) == []
    assert stored_cancelled_days(store) == 30
    assert "# cancelled_days = 90" in save_settings(settings, tmp_path / "c.toml").path.read_text()


def test_applied_to_the_store_exports_follow_it_and_zero_carries_no_cancellation(
    store: Store,
) -> None:
    assert stored_cancelled_days(store) == 90  # never set
    post = store.get_post(single(store))
    store.delete_post(post.id)
    assert uids(export(store)) == {post.uid, f"prep-{post.uid}"}
    changes = apply_to_store(Settings(ics_cancelled_days=0), store)
    assert changes == ["deleted posts no longer go out as cancelled in .ics exports"]
    assert store.setting(CANCELLED_DAYS_SETTING) == "0"
    assert export(store) == []
    assert tombstone_count(store) == 1  # kept, should the setting go back up
    apply_to_store(Settings(ics_cancelled_days=90), store)
    assert uids(export(store)) == {post.uid, f"prep-{post.uid}"}
    nothing = IcsOptions(zone_name="America/Toronto", with_prep=True, cancelled_days=0)
    assert export(store, nothing) == []  # an explicit 0 is 0, not "the setting"
