"""Settings applied to the store, and the file's tables kept in step with it after an edit."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from storage.errors import NotFoundError, ValidationError
from storage.i18n import _, ngettext
from storage.settings.model import (
    CANCELLED_DAYS,
    CANCELLED_DAYS_SETTING,
    MAX_CANCELLED_DAYS,
    DutySetting,
    PlatformSetting,
    Settings,
)

if TYPE_CHECKING:
    from storage.store import Store
    from storage.store.core import ZoneChange


def zone_move(settings: Settings, store: Store) -> tuple[str, str] | None:
    """(the database's home zone, the settings' zone) when applying the settings would move
    the home zone, else None. Moving it asks what the posts keep (see `Store.change_zone`)."""
    if settings.timezone and settings.timezone != store.zone_name:
        return store.zone_name, settings.timezone
    return None


def zone_change_lines(change: ZoneChange) -> list[str]:
    """What a zone change did, in a person's words (empty when nothing moved)."""
    if change.old == change.new and not change.moved:
        return []
    if not change.moved:
        return [
            _("moved the time zone from {old} to {new} (no posts to move)").format(
                old=change.old, new=change.new
            )
        ]
    if change.keep == "wall":
        kept = ngettext(
            "{count} post keeps its clock time", "{count} posts keep their clock time", change.moved
        ).format(count=change.moved)
    else:
        kept = ngettext(
            "{count} post keeps its moment", "{count} posts keep their moment", change.moved
        ).format(count=change.moved)
        kept += " " + ngettext(
            "({count} now shows another date or time)",
            "({count} now show another date or time)",
            change.clock_changed,
        ).format(count=change.clock_changed)
    lines = [
        _("moved the time zone from {old} to {new}: {kept}").format(
            old=change.old, new=change.new, kept=kept
        )
    ]
    if change.series_kept_wall:
        lines.append(
            ngettext(
                "{count} repeating post keeps its clock time: a series' dates fall on both"
                " sides of daylight-saving changes",
                "{count} repeating posts keep their clock time: a series' dates fall on both"
                " sides of daylight-saving changes",
                change.series_kept_wall,
            ).format(count=change.series_kept_wall)
        )
    return lines


def stored_cancelled_days(store: Store) -> int:
    """For how many days after a deletion .ics exports cancel it, as the store keeps it
    ([export] cancelled_days; 0: exports carry no cancellations)."""
    saved = store.setting(CANCELLED_DAYS_SETTING)
    if saved and saved.isdigit() and int(saved) <= MAX_CANCELLED_DAYS:
        return int(saved)
    return CANCELLED_DAYS


def set_cancelled_days(settings: Settings, store: Store) -> list[str]:
    """Keep the settings' [export] cancelled_days in the store, where exports read it; a line
    when it changed."""
    days = settings.ics_cancelled_days
    if days is None or days == stored_cancelled_days(store):
        return []
    store.set_setting(CANCELLED_DAYS_SETTING, str(days))
    if not days:
        return [_("deleted posts no longer go out as cancelled in .ics exports")]
    return [
        ngettext(
            "deleted posts now go out as cancelled in .ics exports for {count} day",
            "deleted posts now go out as cancelled in .ics exports for {count} days",
            days,
        ).format(count=days)
    ]


def apply_to_store(settings: Settings, store: Store, *, keep: str | None = None) -> list[str]:
    """Move the home zone to the settings' (keeping each post's `keep` side: "wall" or
    "instant"), add the configured platforms and duties the store lacks, update changed ones.

    Returns one line per change made (empty when the store already matches). Never deletes.

    Raises:
        ValidationError: the zone would move and `keep` is missing (nothing saved).
        ValidationError / NotFoundError: a value the store refuses (e.g. an unknown default
            duty); earlier changes in the list stay saved.
    """
    changes: list[str] = []
    move = zone_move(settings, store)
    if move is not None:
        if keep is None:
            raise ValidationError(
                _(
                    "the settings move the time zone from {old} to {new}: say whether"
                    " planned posts keep their clock time (wall) or their moment (instant)"
                ).format(old=move[0], new=move[1]),
                field="keep",
            )
        changes += zone_change_lines(store.change_zone(move[1], keep))
    taken_away: list[tuple[str, dict[str, Any]]] = []
    for want in settings.duties:
        try:
            have = store.duty(want.name)
        except NotFoundError:
            store.add_duty(want.name, aliases=want.aliases or (), social=bool(want.social))
            changes.append(_("added duty {name}").format(name=want.name))
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
        # Taking a duty away (archived, or no longer social) waits until the platforms have
        # moved to their new default duties and any new social duty exists: the store
        # refuses to strand a platform or to leave no social duty.
        later = {
            k: v for k, v in updates.items() if (k, v) in (("archived", True), ("social", False))
        }
        if later:
            taken_away.append((have.name, later))
        changes += _update(
            store, "duty", have.name, {k: v for k, v in updates.items() if k not in later}
        )
    for want_p in settings.platforms:
        try:
            have_p = store.platform(want_p.name)
        except NotFoundError:
            store.add_platform(
                want_p.name,
                colour=want_p.colour or "#888888",
                tag=want_p.tag,
                char_limit=want_p.char_limit,
                default_duty=want_p.default_duty or _social_duty(store),
            )
            changes.append(_("added platform {name}").format(name=want_p.name))
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
    for name, updates in taken_away:
        changes += _update(store, "duty", name, updates)
    return changes + set_cancelled_days(settings, store)


def _social_duty(store: Store) -> str | None:
    """Where a new platform's time goes when the file names no duty: the first social duty,
    whatever its name ("social media", "médias sociaux" in a database created in French)."""
    return next((d.name for d in store.duties() if d.social), None)


def _update(store: Store, what: str, name: str, updates: dict[str, Any]) -> list[str]:
    if not updates:
        return []
    getattr(store, f"update_{what}")(name, **updates)
    keys = ", ".join(sorted(updates))  # the file's keys, as written there
    if what == "duty":
        return [_("updated duty {name} ({keys})").format(name=name, keys=keys)]
    return [_("updated platform {name} ({keys})").format(name=name, keys=keys)]


# (kind, folded name) -> database id, kind being "duty" or "platform".
ListedIds = dict[tuple[str, str], int]


def listed_ids(settings: Settings, store: Store) -> ListedIds:
    """The database ids of the platforms and duties the file lists, taken before an edit."""
    duties = {d.name.casefold(): d.id for d in store.duties(include_archived=True)}
    platforms = {p.name.casefold(): p.id for p in store.platforms(include_archived=True)}
    ids: ListedIds = {}
    for duty in settings.duties:
        if (found := duties.get(duty.name.casefold())) is not None:
            ids[("duty", duty.name.casefold())] = found
    for platform in settings.platforms:
        if (found := platforms.get(platform.name.casefold())) is not None:
            ids[("platform", platform.name.casefold())] = found
    return ids


def follow_store(settings: Settings, store: Store, ids: ListedIds) -> Settings:
    """The file's [[duties]] and [[platforms]] brought in step with the database after an edit.

    The database is the source of truth for both lists; the file's tables only add or update
    (`calepin config apply`). So that applying the file again does not undo an edit made on
    the settings screen, each table that named an item (see `listed_ids`) takes its new name
    and the new values of the keys it sets; a table whose item was deleted is dropped. Tables
    naming nothing in the database stay as they are.
    """
    duties = {d.id: d for d in store.duties(include_archived=True)}
    platforms = {p.id: p for p in store.platforms(include_archived=True)}

    def kept(value: Any, new: Any) -> Any:
        return None if value is None else new

    new_duties: list[DutySetting] = []
    for want in settings.duties:
        key = ("duty", want.name.casefold())
        if key not in ids:
            new_duties.append(want)
        elif (duty := duties.get(ids[key])) is not None:
            new_duties.append(
                DutySetting(
                    duty.name,
                    kept(want.aliases, duty.aliases),
                    kept(want.social, duty.social),
                    kept(want.archived, duty.archived),
                )
            )
    new_platforms: list[PlatformSetting] = []
    for want_p in settings.platforms:
        key = ("platform", want_p.name.casefold())
        if key not in ids:
            new_platforms.append(want_p)
        elif (platform := platforms.get(ids[key])) is not None:
            new_platforms.append(
                PlatformSetting(
                    platform.name,
                    kept(want_p.tag, platform.tag),
                    kept(want_p.colour, platform.colour),
                    kept(want_p.char_limit, platform.char_limit),
                    kept(want_p.default_duty, platform.default_duty),
                    kept(want_p.archived, platform.archived),
                )
            )
    return replace(settings, duties=tuple(new_duties), platforms=tuple(new_platforms))
