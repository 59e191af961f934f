"""The Store's reference lists: platforms, duties, activities and campaigns, and their edits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from storage import models
from storage.errors import NotFoundError, ValidationError
from storage.i18n import _
from storage.store.core import StoreCore
from storage.store.validation import (
    UNSET,
    _alias_list,
    _check_colour,
    _clean_name,
    _date,
    _iso,
    _named,
    _split_aliases,
)

if TYPE_CHECKING:  # built on first use (storage.deferred): named as models.X when run
    from storage.models import Activity, Campaign, Duty, Platform


class CatalogStore(StoreCore):
    """Platforms, duties, activities and campaigns: looked up by name, added, edited, removed."""

    # -- reference lists

    def platforms(self, *, include_archived: bool = False) -> list[Platform]:
        key = f"platforms:{include_archived}"
        if self._cached(key) is None:
            rows = self._conn.execute(
                "SELECT p.id, p.name, p.tag, p.colour, p.char_limit, d.name, p.archived"
                " FROM platforms p LEFT JOIN duties d ON d.id = p.default_duty_id"
                " WHERE ? OR NOT p.archived ORDER BY p.position, p.id",
                (include_archived,),
            ).fetchall()
            self._cache[key] = [
                models.Platform(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6])) for r in rows
            ]
        return list(self._cache[key])

    def duties(self, *, include_archived: bool = False) -> list[Duty]:
        key = f"duties:{include_archived}"
        if self._cached(key) is None:
            rows = self._conn.execute(
                "SELECT id, name, aliases, social, archived, position FROM duties"
                " WHERE ? OR NOT archived ORDER BY position, id",
                (include_archived,),
            ).fetchall()
            self._cache[key] = [
                models.Duty(r[0], r[1], _split_aliases(r[2]), bool(r[3]), bool(r[4]), r[5])
                for r in rows
            ]
        return list(self._cache[key])

    def activities(self) -> list[Activity]:
        if self._cached("activities") is None:
            rows = self._conn.execute(
                "SELECT id, name, aliases FROM activities ORDER BY position, id"
            ).fetchall()
            self._cache["activities"] = [
                models.Activity(r[0], r[1], _split_aliases(r[2])) for r in rows
            ]
        return list(self._cache["activities"])

    def campaigns(self) -> list[Campaign]:
        rows = self._conn.execute(
            "SELECT id, name, colour, start_date, end_date FROM campaigns ORDER BY name"
        ).fetchall()
        return [models.Campaign(r[0], r[1], r[2], _date(r[3]), _date(r[4])) for r in rows]

    def platform(self, name: str) -> Platform:
        """A platform by name or tag (any case), or a NotFoundError listing the platforms."""
        wanted = " ".join(name.split()).casefold()
        for platform in self.platforms(include_archived=True):
            if wanted in (platform.name.casefold(), platform.tag.casefold()):
                return platform
        names = ", ".join(p.name for p in self.platforms())
        raise _unknown(
            _("unknown platform '{name}'; platforms are: {names}").format(name=name, names=names),
            "platform",
        )

    def duty(self, name: str) -> Duty:
        wanted = " ".join(name.split()).casefold()
        for duty in self.duties(include_archived=True):
            if wanted == duty.name.casefold() or wanted in (a.casefold() for a in duty.aliases):
                return duty
        names = ", ".join(d.name for d in self.duties())
        raise _unknown(
            _("unknown duty '{name}'; duties are: {names}").format(name=name, names=names), "duty"
        )

    def activity(self, name: str) -> Activity:
        wanted = " ".join(name.split()).casefold()
        for activity in self.activities():
            if wanted == activity.name.casefold() or wanted in (
                a.casefold() for a in activity.aliases
            ):
                return activity
        names = ", ".join(a.name for a in self.activities())
        raise _unknown(
            _("unknown activity '{name}'; activities are: {names}").format(name=name, names=names),
            "activity",
        )

    def campaign(self, name: str) -> Campaign:
        wanted = " ".join(name.split()).casefold()
        for campaign in self.campaigns():
            if campaign.name.casefold() == wanted:
                return campaign
        names = ", ".join(c.name for c in self.campaigns()) or _("none yet")
        raise _unknown(
            _(
                "unknown campaign '{name}'; campaigns are: {names} (add one with `campaigns add`)"
            ).format(name=name, names=names),
            "campaign",
        )

    def add_platform(
        self,
        name: str,
        *,
        colour: str = "#888888",
        tag: str | None = None,
        char_limit: int | None = None,
        default_duty: str | None = "social media",
    ) -> Platform:
        name = _clean_name(name, "platform name")
        tag = _clean_name(tag or name[:3].upper(), "platform tag")[:4]
        _check_colour(colour)
        if char_limit is not None and char_limit <= 0:
            raise ValidationError(
                _("character limit must be a positive number"), field="char_limit"
            )
        duty_id = self.duty(default_duty).id if default_duty else None
        if any(p.name.casefold() == name.casefold() for p in self.platforms(include_archived=True)):
            raise ValidationError(
                _("platform '{name}' already exists").format(name=name), field="name"
            )
        with self.transaction(_("add platform {name}").format(name=name)) as conn:
            cur = conn.execute(
                "INSERT INTO platforms (name, tag, colour, char_limit, default_duty_id, position)"
                " VALUES (?, ?, ?, ?, ?, (SELECT coalesce(max(position), 0) + 1 FROM platforms))",
                (name, tag, colour, char_limit, duty_id),
            )
            self._record("platforms", cur.lastrowid, None)
        return self.platform(name)

    def add_duty(self, name: str, *, aliases: Sequence[str] = (), social: bool = False) -> Duty:
        name = _clean_name(name, "duty name")
        clean_aliases = [_clean_name(a, "alias") for a in aliases if a.strip()]
        if any(d.name.casefold() == name.casefold() for d in self.duties(include_archived=True)):
            raise ValidationError(_("duty '{name}' already exists").format(name=name), field="name")
        with self.transaction(_("add duty {name}").format(name=name)) as conn:
            cur = conn.execute(
                "INSERT INTO duties (name, aliases, social, position)"
                " VALUES (?, ?, ?, (SELECT coalesce(max(position), 0) + 1 FROM duties))",
                (name, ",".join(clean_aliases), int(social)),
            )
            self._record("duties", cur.lastrowid, None)
        return self.duty(name)

    def add_campaign(
        self,
        name: str,
        *,
        colour: str = "#4A90E2",
        start: dt.date | None = None,
        end: dt.date | None = None,
    ) -> Campaign:
        name = _clean_name(name, "campaign name")
        _check_colour(colour)
        if start and end and end < start:
            raise ValidationError(_("the campaign ends before it starts"), field="end")
        if any(c.name.casefold() == name.casefold() for c in self.campaigns()):
            raise ValidationError(
                _("campaign '{name}' already exists").format(name=name), field="name"
            )
        with self.transaction(_("add campaign {name}").format(name=name)) as conn:
            cur = conn.execute(
                "INSERT INTO campaigns (name, colour, start_date, end_date) VALUES (?, ?, ?, ?)",
                (name, colour, _iso(start), _iso(end)),
            )
            self._record("campaigns", cur.lastrowid, None)
        return self.campaign(name)

    # -- editing and removing duties and platforms

    def update_duty(
        self,
        name: str,
        *,
        new_name: str | None = None,
        aliases: Sequence[str] | None = None,
        social: bool | None = None,
        archived: bool | None = None,
    ) -> Duty:
        """Change a duty in place (one undoable change); None leaves a field as it is.

        Entries keep pointing at the same duty: they reference its id, not its name.

        Raises:
            NotFoundError: no duty is called `name` (name or alias, archived included).
            ValidationError: an empty or clashing name or alias; archiving the default duty
                of an active platform; leaving no active social duty. Nothing was saved.
        """
        duty = self.duty(name)
        others = [d for d in self.duties(include_archived=True) if d.id != duty.id]
        taken = {w.casefold(): d.name for d in others for w in (d.name, *d.aliases)}
        final = replace(
            duty,
            name=duty.name if new_name is None else _named(new_name, "duty name", "name"),
            social=duty.social if social is None else bool(social),
            archived=duty.archived if archived is None else bool(archived),
        )
        if final.name.casefold() != duty.name.casefold() and final.name.casefold() in taken:
            raise ValidationError(
                _("'{name}' is already used by duty '{duty}'").format(
                    name=final.name, duty=taken[final.name.casefold()]
                ),
                field="name",
            )
        own = {a.casefold() for a in duty.aliases}
        kept: list[str] = []
        for alias in duty.aliases if aliases is None else _alias_list(aliases):
            folded = alias.casefold()
            if folded == final.name.casefold() or folded in {k.casefold() for k in kept}:
                continue
            # Only new aliases are checked, so an old clash does not block every other edit.
            if folded not in own and folded in taken:
                raise ValidationError(
                    _("alias '{alias}' is already used by duty '{duty}'").format(
                        alias=alias, duty=taken[folded]
                    ),
                    field="aliases",
                )
            kept.append(alias)
        final = replace(final, aliases=tuple(kept))
        if final == duty:
            return duty
        if final.archived and not duty.archived:
            self._refuse_if_default(duty, "archive")
        if duty.social and not duty.archived and not (final.social and not final.archived):
            self._refuse_if_last_social(duty, "social" if not final.social else "archived")
        values = {
            "name": final.name,
            "aliases": ",".join(final.aliases),
            "social": int(final.social),
            "archived": int(final.archived),
        }
        if final.name != duty.name:
            label = _("rename duty {name} to {new_name}").format(
                name=duty.name, new_name=final.name
            )
        elif final.archived != duty.archived:
            label = (
                _("archive duty {name}") if final.archived else _("restore duty {name}")
            ).format(name=duty.name)
        else:
            label = _("edit duty {name}").format(name=duty.name)
        self._update_row("duties", duty.id, values, label)
        return self._duty_by_id(duty.id)

    def remove_duty(self, name: str) -> str:
        """Delete a duty nothing refers to; archive one with hours or a platform that uses
        it as default, so no hour is ever lost. Returns "deleted" or "archived".

        Raises:
            NotFoundError: no duty is called `name`.
            ValidationError: it is the default duty of an active platform, or the last
                active social duty. Nothing was saved.
        """
        duty = self.duty(name)
        used = self._conn.execute(
            "SELECT EXISTS (SELECT 1 FROM time_entries WHERE duty_id = ?)"
            " OR EXISTS (SELECT 1 FROM platforms WHERE default_duty_id = ?)",
            (duty.id, duty.id),
        ).fetchone()[0]
        if used and duty.archived:
            return "archived"
        self._refuse_if_default(duty, "remove")
        if duty.social and not duty.archived:
            self._refuse_if_last_social(duty, "name")
        if used:
            label = _("archive duty {name}").format(name=duty.name)
            self._update_row("duties", duty.id, {"archived": 1}, label)
            return "archived"
        self._delete_row("duties", duty.id, _("delete duty {name}").format(name=duty.name))
        return "deleted"

    def update_platform(
        self,
        name: str,
        *,
        new_name: str | None = None,
        tag: str | None = None,
        colour: str | None = None,
        char_limit: int | object | None = UNSET,
        default_duty: str | object | None = UNSET,
        archived: bool | None = None,
    ) -> Platform:
        """Change a platform in place (one undoable change). None leaves a field as it is,
        except for `char_limit` and `default_duty`, where UNSET leaves it and None clears it.

        Posts keep pointing at the same platform: they reference its id, not its name.

        Raises:
            NotFoundError: no platform is called `name` (name or tag, archived included).
            ValidationError: an empty or clashing name or tag, a tag over 4 characters, a
                bad colour, a limit below 1, an unknown or archived default duty, or
                archiving the last active platform. Nothing was saved.
        """
        platform = self.platform(name)
        others = [p for p in self.platforms(include_archived=True) if p.id != platform.id]
        taken = {w.casefold(): p.name for p in others for w in (p.name, p.tag)}
        values: dict[str, Any] = {}
        for key, value, what in (("name", new_name, "platform name"), ("tag", tag, "tag")):
            if value is None:
                continue
            text = _named(value, what, key)
            if key == "tag" and len(text) > 4:
                raise ValidationError(
                    _("tag '{tag}' is too long; use at most 4 characters").format(tag=text),
                    field="tag",
                )
            current = platform.name if key == "name" else platform.tag
            if text.casefold() != current.casefold() and text.casefold() in taken:
                raise ValidationError(
                    _("'{name}' is already used by platform '{platform}'").format(
                        name=text, platform=taken[text.casefold()]
                    ),
                    field=key,
                )
            values[key] = text
        if colour is not None:
            _check_colour(colour)
            values["colour"] = colour
        if char_limit is not UNSET:
            if char_limit is not None and (
                not isinstance(char_limit, int) or isinstance(char_limit, bool) or char_limit <= 0
            ):
                raise ValidationError(
                    _("character limit must be a positive whole number"), field="char_limit"
                )
            values["char_limit"] = char_limit
        duty = self.duty(platform.default_duty) if platform.default_duty else None
        if default_duty is not UNSET:
            try:
                duty = self.duty(str(default_duty)) if default_duty is not None else None
            except NotFoundError as exc:
                raise ValidationError(str(exc), field="default_duty") from None
            values["default_duty_id"] = duty.id if duty else None
        if archived is not None:
            values["archived"] = int(bool(archived))
        before = self._row("platforms", platform.id) or {}
        values = {k: v for k, v in values.items() if before.get(k) != v}
        if not values:
            return platform
        active = not values.get("archived", platform.archived)
        if active and duty is not None and duty.archived:
            raise ValidationError(
                _("duty '{name}' is archived; pick another default duty").format(name=duty.name),
                field="default_duty",
            )
        if not active and not platform.archived:
            self._refuse_if_last_platform(platform, "archived")
        if "name" in values:
            label = _("rename platform {name} to {new_name}").format(
                name=platform.name, new_name=values["name"]
            )
        elif "archived" in values:
            label = (
                _("archive platform {name}") if values["archived"] else _("restore platform {name}")
            ).format(name=platform.name)
        else:
            label = _("edit platform {name}").format(name=platform.name)
        self._update_row("platforms", platform.id, values, label)
        return self._platform_by_id(platform.id)

    def remove_platform(self, name: str) -> str:
        """Delete a platform without posts; archive one with posts, so none is lost.
        Returns "deleted" or "archived".

        Raises:
            NotFoundError: no platform is called `name`.
            ValidationError: it is the last active platform. Nothing was saved.
        """
        platform = self.platform(name)
        used = self._conn.execute(
            "SELECT EXISTS (SELECT 1 FROM posts WHERE platform_id = ?)"
            " OR EXISTS (SELECT 1 FROM outcomes WHERE platform_id = ?)",
            (platform.id, platform.id),
        ).fetchone()[0]
        if used and platform.archived:
            return "archived"
        if not platform.archived:
            self._refuse_if_last_platform(platform, "name")
        if used:
            label = _("archive platform {name}").format(name=platform.name)
            self._update_row("platforms", platform.id, {"archived": 1}, label)
            return "archived"
        label = _("delete platform {name}").format(name=platform.name)
        self._delete_row("platforms", platform.id, label)
        return "deleted"

    def _update_row(self, table: str, row_id: int, values: dict[str, Any], label: str) -> None:
        with self.transaction(label) as conn:
            before = self._row(table, row_id)
            if before is None:
                raise NotFoundError(
                    _("it was removed meanwhile ({table} #{id})").format(table=table, id=row_id)
                )
            sets = ", ".join(f"{c} = ?" for c in values)
            conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*values.values(), row_id])
            self._record(table, row_id, before)

    def _delete_row(self, table: str, row_id: int, label: str) -> None:
        # A reference added meanwhile (e.g. from the CLI) makes the foreign key refuse this.
        with self.transaction(label) as conn:
            before = self._row(table, row_id)
            conn.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))
            self._record(table, row_id, before)

    def _duty_by_id(self, duty_id: int) -> Duty:
        return next(d for d in self.duties(include_archived=True) if d.id == duty_id)

    def _platform_by_id(self, platform_id: int) -> Platform:
        return next(p for p in self.platforms(include_archived=True) if p.id == platform_id)

    def _refuse_if_default(self, duty: Duty, verb: str) -> None:
        # An active platform's timers log hours on its default duty: it must stay usable.
        users = [p.name for p in self.platforms() if p.default_duty == duty.name]
        if users:
            message = (
                _(
                    "cannot archive duty '{name}': it is the default duty of {platforms};"
                    " give it another default duty first"
                )
                if verb == "archive"
                else _(
                    "cannot remove duty '{name}': it is the default duty of {platforms};"
                    " give it another default duty first"
                )
            )
            raise ValidationError(
                message.format(name=duty.name, platforms=", ".join(users)),
                field="archived" if verb == "archive" else "name",
            )

    def _refuse_if_last_social(self, duty: Duty, field_name: str) -> None:
        # The social share is the headline of every report: keep one active social duty.
        if not any(d.social and d.id != duty.id for d in self.duties()):
            raise ValidationError(
                _(
                    "'{name}' is the only active social duty; flag another duty as social first"
                ).format(name=duty.name),
                field=field_name,
            )

    def _refuse_if_last_platform(self, platform: Platform, field_name: str) -> None:
        # Every post needs a platform to go on.
        if not any(p.id != platform.id for p in self.platforms()):
            raise ValidationError(
                _("'{name}' is the only active platform; add another first").format(
                    name=platform.name
                ),
                field=field_name,
            )


def _unknown(message: str, field_name: str) -> NotFoundError:
    """A name not found, with the field it belongs in (a form puts the message there)."""
    error = NotFoundError(message)
    error.field = field_name  # type: ignore[attr-defined]
    return error
