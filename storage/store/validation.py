"""Field values as stored: limits, text cleaning, and the small conversions every table needs."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from storage import models
from storage.deferred import LazyPattern  # compiled on first use: reads need none
from storage.errors import ValidationError
from storage.i18n import _, pgettext
from storage.invisible import BLANK, direction_control
from storage.models import Status
from storage.timeutil import UTC

if TYPE_CHECKING:  # built on first use (storage.deferred): named as models.X when run
    from storage.models import Post, PostDraft

MAX_TITLE = 300
MAX_BODY = 100_000
MAX_NOTES = 20_000
MAX_SHORT = 2_000
MAX_NAME = 80  # duties, platforms, campaigns, aliases
MAX_ESTIMATE = 100 * 60
_CONTROL = LazyPattern(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_SINGLE_LINE = LazyPattern(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_COLOUR = LazyPattern(r"^#[0-9A-Fa-f]{6}$")
# "Leave as it is" where None already means "clear" (update_platform's char_limit, default_duty).
UNSET: Final = object()


def field_words(field_name: str) -> str:
    """A field as a sentence names it, in lower case: 'title' in English, 'le titre' in
    French (the article tells French its gender and number, and the sentence can put the
    field where French wants it); a name this table lacks is shown as given."""
    return {
        "title": pgettext("field", "title"),
        "body": pgettext("field", "body"),
        "notes": pgettext("field", "notes"),
        "link": pgettext("field", "link"),
        "published url": pgettext("field", "published URL"),
        "note": pgettext("field", "note"),
        "reason": pgettext("field", "reason"),
        "platform name": pgettext("field", "platform name"),
        "platform tag": pgettext("field", "platform tag"),
        "tag": pgettext("field", "tag"),
        "duty name": pgettext("field", "duty name"),
        "alias": pgettext("field", "alias"),
        "campaign name": pgettext("field", "campaign name"),
    }.get(field_name.lower(), field_name)


def _as_field(field_name: str, message: str) -> str:
    """`message` starting with a capital where the caller's field name has one (the dialogs
    name their fields as their labels read: "Platform name")."""
    return message[:1].upper() + message[1:] if field_name[:1].isupper() else message


def clean_text(value: str | None, field_name: str, *, limit: int, multiline: bool) -> str:
    """Stripped text, or a ValidationError for control characters or excess length."""
    text = (value or "").replace("\r\n", "\n").strip(BLANK)
    pattern = _CONTROL if multiline else _CONTROL_SINGLE_LINE
    bad = pattern.search(text)
    if bad:
        message = _("{field} contains a control character ({character}); remove it")
        raise ValidationError(
            _as_field(
                field_name,
                message.format(field=field_words(field_name), character=repr(bad.group())),
            ),
            field=field_name,
        )
    direction = direction_control(text)
    if direction:
        message = _(
            "{field} contains an invisible direction control ({code})"
            " that shows the text in another order; remove it"
        )
        raise ValidationError(
            _as_field(field_name, message.format(field=field_words(field_name), code=direction)),
            field=field_name,
        )
    if len(text) > limit:
        from storage import wording  # only an error needs the number's wording

        message = _("{field} is {length} characters long; the limit is {limit}")
        raise ValidationError(
            _as_field(
                field_name,
                message.format(
                    field=field_words(field_name),
                    length=wording.grouped(len(text)),
                    limit=wording.grouped(limit),
                ),
            ),
            field=field_name,
        )
    return text


def _clean_url(value: str | None, field_name: str) -> str:
    text = clean_text(value, field_name, limit=MAX_SHORT, multiline=False)
    if text and not re.match(r"^(https?|mailto):", text, re.IGNORECASE):
        message = _("{field} must start with http:// or https:// (got '{text}')")
        raise ValidationError(
            _as_field(field_name, message.format(field=field_words(field_name), text=text[:60])),
            field=field_name,
        )
    return text


def _clean_name(value: str | None, what: str) -> str:
    name = clean_text(value, what, limit=MAX_NAME, multiline=False)
    if not name:
        message = _("{field} cannot be empty").format(field=field_words(what))
        raise ValidationError(_as_field(what, message), field=what)
    return " ".join(name.split())


def _now_text() -> str:
    return dt.datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _split_aliases(text: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in text.split(",") if a.strip())


def _named(value: str, what: str, field_name: str) -> str:
    """`_clean_name`, with the error naming the field a form shows it next to."""
    try:
        return _clean_name(value, what)
    except ValidationError as exc:
        exc.field = field_name
        raise


def _alias_list(aliases: Sequence[str]) -> list[str]:
    # Aliases are stored comma-separated, so a comma inside one splits it, as in add_duty.
    items = [aliases] if isinstance(aliases, str) else list(aliases)
    return [_named(a, "alias", "aliases") for item in items for a in item.split(",") if a.strip()]


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _status(value: Status | str) -> Status:
    try:
        return Status(str(value).strip().lower().replace(" ", "_").replace("-", "_"))
    except ValueError:
        found = _status_by_label(str(value))
        if found is not None:
            return found
        from storage.i18n import is_french

        # French lists the words it reads ('en attente'); English the values, as typed.
        names = ", ".join(s.label if is_french() else s.value for s in Status)
        raise ValidationError(
            _("unknown status '{status}'; statuses are: {names}").format(status=value, names=names),
            field="status",
        ) from None


def _status_by_label(text: str) -> Status | None:
    """A status typed as a person reads it, in French or English ('prête', 'en attente',
    'on hold'), case and accents aside, in the masculine too ('prêt', 'publié'): the French
    labels agree with « publication », but a person may think of « le message »."""
    import unicodedata

    from storage import i18n

    def folded(words: str) -> str:
        plain = unicodedata.normalize("NFD", words.casefold().replace("_", " ").replace("-", " "))
        return " ".join("".join(c for c in plain if not unicodedata.combining(c)).split())

    wanted = folded(text)
    if not wanted:
        return None
    for language in ("en", "fr"):
        with i18n.using(language):
            for status in Status:
                label = folded(status.label)
                if wanted in (label, label.removesuffix("e")):
                    return status
    return None


def _check_colour(colour: str) -> None:
    if not _COLOUR.match(colour or ""):
        raise ValidationError(
            _("colour must look like #1877F2 (got '{colour}')").format(colour=colour),
            field="colour",
        )


def _draft_from(post: Post) -> PostDraft:
    return models.PostDraft(
        title=post.title,
        platform=post.platform,
        date=post.date,
        time=post.time,
        timezone=post.timezone,
        status=post.status,
        campaign=post.campaign,
        estimate_minutes=post.estimate_minutes,
        body=post.body,
        notes=post.notes,
        link=post.link,
        published_url=post.published_url,
        group_id=post.group_id,
        rrule=post.rrule,
    )


draft_from_post = _draft_from
