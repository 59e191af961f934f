"""Repeats typed in words (``every tue and thu``, ``monthly on the 15th``) ↔ RFC 5545 RRULEs."""

from __future__ import annotations

import re
from datetime import date, datetime, time

from storage.calendar import ICS_WEEKDAYS, MAX_INTERVAL
from storage.errors import ParseError
from storage.grammar.days import _day_of, _weekday_of
from storage.grammar.text import _check_text, _fold, _has_control, _int, _shown
from storage.i18n import _, is_french, ngettext, pgettext
from storage.wording import day_month, weekday_name


def _repeat_examples() -> str:
    return _(
        "try weekly, every tue, every tue and thu, every 2 weeks on mon, "
        "monthly on the first thu, monthly on the 15th, yearly; add `until 2027-06-30` or "
        "`10 times`"
    )


_RRULE_DAYS = ICS_WEEKDAYS
_ORDINALS = {
    "first": 1, "1st": 1, "premier": 1, "premiere": 1, "1er": 1, "1re": 1,
    "second": 2, "2nd": 2, "deuxieme": 2, "2e": 2, "seconde": 2,
    "third": 3, "3rd": 3, "troisieme": 3, "3e": 3,
    "fourth": 4, "4th": 4, "quatrieme": 4, "4e": 4,
    "fifth": 5, "5th": 5, "cinquieme": 5, "5e": 5,
    "last": -1, "dernier": -1, "derniere": -1,
}  # fmt: skip
_ORDINAL_WORDS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}


def _ordinal_word(n: int) -> str:
    """'first' … 'last' of a monthly repeat's weekday ('le premier mardi')."""
    words = {
        1: pgettext("repeat", "first"),
        2: pgettext("repeat", "second"),
        3: pgettext("repeat", "third"),
        4: pgettext("repeat", "fourth"),
        5: pgettext("repeat", "fifth"),
        -1: pgettext("repeat", "last"),
    }
    return words[n]


_INTERVALS = {
    "other": 2, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "deux": 2, "trois": 3, "quatre": 4,
}  # fmt: skip
_EVERY = r"(?:every|each|chaque|tous les|toutes les|on)"
_FREQ_WORDS = {
    "DAILY": ("day", "days", "jour", "jours"),
    "WEEKLY": ("week", "weeks", "semaine", "semaines", "wk", "wks"),
    "MONTHLY": ("month", "months", "mois"),
    "YEARLY": ("year", "years", "an", "ans", "annee", "annees"),
}
_FREQ_ADVERBS = {
    "daily": "DAILY", "quotidien": "DAILY", "quotidienne": "DAILY",
    "weekly": "WEEKLY", "hebdomadaire": "WEEKLY", "hebdo": "WEEKLY",
    "biweekly": "WEEKLY/2", "fortnightly": "WEEKLY/2",
    "monthly": "MONTHLY", "mensuel": "MONTHLY", "mensuelle": "MONTHLY",
    "yearly": "YEARLY", "annually": "YEARLY", "annuel": "YEARLY", "annuelle": "YEARLY",
}  # fmt: skip


def _weekday_list(text: str) -> list[int] | None:
    """``tue and thu`` / ``mon wed`` / ``mardis`` → weekday numbers, or None."""
    words = [w for w in re.split(r"[ ,&]+|\band\b|\bet\b|\bor\b", text) if w]
    days: list[int] = []
    for word in words:
        wd = _weekday_of(word)
        if wd is None and word.endswith("s"):
            wd = _weekday_of(word[:-1])
        if wd is None:
            return None
        if wd not in days:
            days.append(wd)
    return sorted(days) if days else None


def _byday(days: list[int], ordinal: int | None = None) -> str:
    prefix = str(ordinal) if ordinal is not None else ""
    return "BYDAY=" + ",".join(prefix + _RRULE_DAYS[d] for d in days)


def _monthly_on(text: str, shown: str) -> list[str] | None:
    """``the first thu`` / ``the 15th`` / ``the last day`` / ``le 15`` → rule parts."""
    text = re.sub(r"^(?:on )?(?:the |le |la )?", "", text)
    text = re.sub(r" (?:of|du|de) (?:the |each |every )?(?:month|mois)$", "", text)
    words = text.split(" ")
    if len(words) == 2 and words[0] in _ORDINALS:
        if words[1] in ("day", "jour"):
            return [f"BYMONTHDAY={_ORDINALS[words[0]]}"]
        days = _weekday_list(words[1])
        if days:
            return [_byday(days, _ORDINALS[words[0]])]
    if m := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th|er|e)?(?: day)?", text):
        n = int(m[1])
        if not 1 <= n <= 31:
            raise ParseError(
                _("`{typed}`: a month has days 1 to 31; try monthly on the 15th").format(
                    typed=shown
                )
            )
        return [f"BYMONTHDAY={n}"]
    if text in _ORDINALS and _ORDINALS[text] == 1:
        return ["BYMONTHDAY=1"]
    return None


def _interval_of(word: str) -> int | None:
    if word.isdecimal() and len(word) <= 3:
        return int(word)
    return _INTERVALS.get(word)


def _repeat_core(s: str, shown: str) -> list[str]:
    if s in _FREQ_ADVERBS:
        freq = _FREQ_ADVERBS[s]
        return ["FREQ=WEEKLY", "INTERVAL=2"] if freq == "WEEKLY/2" else [f"FREQ={freq}"]
    if s in (
        "every weekday", "weekdays", "every weekdays", "en semaine", "jours ouvrables",
        "chaque jour de semaine", "tous les jours de semaine",
    ):  # fmt: skip
        return ["FREQ=WEEKLY", _byday([0, 1, 2, 3, 4])]
    if s in ("tous les jours", "chaque jour", "every day", "everyday", "each day"):
        return ["FREQ=DAILY"]
    if s in ("aux deux semaines", "aux 2 semaines"):  # Québec's "every other week"
        return ["FREQ=WEEKLY", "INTERVAL=2"]
    # "un mardi sur deux": every other Tuesday
    if m := re.fullmatch(r"un (\w+) sur (\w+)", s):
        days, n = _weekday_list(m[1]), _interval_of(m[2])
        if days and n:
            return ["FREQ=WEEKLY", f"INTERVAL={n}", _byday(days)]
    # "<adverb> on X" / "every [N] <unit> [on X]"
    m = re.fullmatch(r"(\w+)(?: (?:on|le|les) (.+))?", s)
    freq: str | None = None
    interval = 1
    tail: str | None = None
    if m and m[1] in _FREQ_ADVERBS:
        freq, tail = _FREQ_ADVERBS[m[1]], m[2]
        if freq == "WEEKLY/2":
            freq, interval = "WEEKLY", 2
    elif m := re.fullmatch(rf"{_EVERY}(?: (\w+))? (\w+)(?: (?:on|le|les|,) ?(.+))?", s):
        unit = next((f for f, words in _FREQ_WORDS.items() if m[2] in words), None)
        if unit is not None:
            freq, tail = unit, m[3]
            if m[1] is not None:
                n = _interval_of(m[1])
                if n is None:
                    raise ParseError(
                        _("`{typed}`: how often? {examples}").format(
                            typed=shown, examples=_repeat_examples()
                        )
                    )
                interval = n
    if freq is not None:
        if not 1 <= interval <= MAX_INTERVAL:
            raise ParseError(
                _("`{typed}`: the interval must be between 1 and {most}").format(
                    typed=shown, most=MAX_INTERVAL
                )
            )
        parts = [f"FREQ={freq}"] + ([f"INTERVAL={interval}"] if interval > 1 else [])
        if tail is None:
            return parts
        if freq == "WEEKLY":
            days = _weekday_list(tail)
            if days:
                return [*parts, _byday(days)]
        elif freq == "MONTHLY":
            extra = _monthly_on(tail, shown)
            if extra:
                return parts + extra
        raise ParseError(
            _("`{typed}`: could not read `{part}`; {examples}").format(
                typed=shown, part=tail, examples=_repeat_examples()
            )
        )
    # "every tue and thu", "every second tuesday", "every first thu", "tous les mardis"
    if m := re.fullmatch(rf"{_EVERY} (.+)", s):
        body = m[1]
        first, _space, others = body.partition(" ")
        if others and first in _ORDINALS and _ORDINALS[first] in (1, -1):
            days = _weekday_list(others)
            if days:
                return ["FREQ=MONTHLY", _byday(days, _ORDINALS[first])]
        if others and _interval_of(first) is not None:
            days = _weekday_list(others)
            if days:
                return ["FREQ=WEEKLY", f"INTERVAL={_interval_of(first)}", _byday(days)]
        days = _weekday_list(body)
        if days:
            return ["FREQ=WEEKLY", _byday(days)]
    # "the first thu of the month", "le premier jeudi du mois"
    if re.search(r" (?:of|du) (?:the |each |every )?(?:month|mois)$", s):
        extra = _monthly_on(s, shown)
        if extra:
            return ["FREQ=MONTHLY", *extra]
    raise ParseError(_unreadable(shown))


def _unreadable(shown: str) -> str:
    return _("could not read `{typed}` as a repeat; {examples}").format(
        typed=shown, examples=_repeat_examples()
    )


_RE_UNTIL = re.compile(r",? (?:until|till|through|thru|jusqu'au|jusqu'a|jusqu au|jusqu a) (.+)$")


def parse_repeat(text: str, start: date) -> str:
    """An RFC 5545 RRULE value (no ``RRULE:`` prefix) for a repeat typed in words.

    ``daily`` ``weekly`` ``every tue and thu`` ``every 2 weeks on mon`` ``every second tuesday``
    ``monthly on the first thu`` (BYDAY=1TH) ``monthly on the last fri`` (BYDAY=-1FR)
    ``monthly on the 15th`` ``yearly``; suffix ``until DAY`` (UNTIL=YYYYMMDD, a date: the
    caller converts it to UTC for timed posts) or ``10 times`` / ``for 10 times`` / ``x 10``.
    Validated with dateutil against ``start``.
    """
    _check_text(text, "a repeat")
    shown = _shown(text)
    if len(text) > 200 or _has_control(text):
        raise ParseError(_unreadable(shown))
    s = _fold(text)
    s = re.sub(r"\s*,\s*", ", ", s).strip(" ,.")
    if not s:
        raise ParseError(_("no repeat given; {examples}").format(examples=_repeat_examples()))
    until: date | None = None
    count: int | None = None
    for step in ("count", "until", "count"):  # the two suffixes, in either order
        if step == "count" and count is None:
            m = re.search(r",? (?:for |pendant )?(\d+) ?(?:times|time|occurrences|fois|x)$", s)
            m = m or re.search(r",? x ?(\d+)$", s)
            if m:
                count = _int(m[1])
                s = s[: m.start()]
        elif step == "until" and (m := re.search(_RE_UNTIL, s)):
            until = _day_of(m[1], start, "after")  # the first such day from the start
            s = s[: m.start()]
    if until is not None and count is not None:
        raise ParseError(_("give either `until DAY` or `N times`, not both"))
    if count is not None and not 1 <= count <= 1000:
        raise ParseError(
            _("`{typed}`: the number of times must be between 1 and 1000").format(typed=shown)
        )
    parts = _repeat_core(s.strip(" ,"), shown)
    if count is not None:
        parts.append(f"COUNT={count}")
    if until is not None:
        parts.append(f"UNTIL={until:%Y%m%d}")
    rule = ";".join(parts)
    _validate_rule(rule, start, shown)
    return rule


def _validate_rule(rule: str, start: date, shown: str) -> None:
    from dateutil.rrule import rrulestr  # lazy: keeps `import storage.grammar` cheap

    try:
        recurrence = rrulestr(rule, dtstart=datetime.combine(start, time()))
        first = next(iter(recurrence), None)
    except (ValueError, TypeError, OverflowError) as exc:
        raise ParseError(
            _("`{typed}` is not a valid repeat ({reason}); {examples}").format(
                typed=shown, reason=exc, examples=_repeat_examples()
            )
        ) from None
    if first is None:
        raise ParseError(
            _("`{typed}` never happens: it ends before {day}").format(
                typed=shown, day=f"{start:%Y-%m-%d}"
            )
        )


def describe_repeat(rrule: str) -> str:
    """The repeat an RRULE value says, in words, e.g. ``every 2 weeks on Tue until 30 Jun
    2027`` (``toutes les 2 semaines le mar. jusqu'au 30 juin 2027`` in French).

    Rules with parts Calepin does not write (e.g. BYSETPOS from an import) come back as
    ``custom repeat (…)``.
    """
    _check_text(rrule, "a repeat rule")
    text = rrule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    parts: dict[str, str] = {}
    not_a_rule = _("`{typed}` is not a repeat rule; e.g. FREQ=WEEKLY;BYDAY=TU")
    for chunk in text.split(";"):
        key, sep, value = chunk.partition("=")
        if not sep or not key.strip():
            raise ParseError(not_a_rule.format(typed=_shown(rrule)))
        parts[key.strip().upper()] = value.strip().upper()
    freq = parts.pop("FREQ", "")
    if freq not in ("DAILY", "WEEKLY", "MONTHLY", "YEARLY"):
        raise ParseError(not_a_rule.format(typed=_shown(rrule)))
    custom = _("custom repeat ({rule})").format(rule=_shown(text, 80))
    interval_text = parts.pop("INTERVAL", "1")
    if not (interval_text.isdecimal() and len(interval_text) <= 4) or int(interval_text) < 1:
        return custom
    interval = int(interval_text)
    head = _every(freq, interval)
    byday = parts.pop("BYDAY", None)
    bymonthday = parts.pop("BYMONTHDAY", None)
    parts.pop("WKST", None)
    count = parts.pop("COUNT", None)
    until = parts.pop("UNTIL", None)
    if parts:
        return custom
    if byday is not None:
        items = []
        for code in byday.split(","):
            m = re.fullmatch(r"([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)", code)
            if not m:
                return custom
            items.append((int(m[1]) if m[1] else None, _RRULE_DAYS.index(m[2])))
        ordinals = {o for o, _day in items}
        names = [weekday_name(d, short=True) for _day, d in items]
        joined = (
            names[0]
            if len(names) == 1
            else _("{first} and {last}").format(first=", ".join(names[:-1]), last=names[-1])
        )
        if ordinals == {None}:
            if freq == "WEEKLY" and interval == 1:
                head = (
                    _("every weekday")
                    if byday == "MO,TU,WE,TH,FR"
                    else _("every {days}").format(days=joined)
                )
            else:
                head = _("{repeat} on {days}").format(repeat=head, days=joined)
        elif len(ordinals) == 1 and freq == "MONTHLY" and next(iter(ordinals)) in _ORDINAL_WORDS:
            head = _("{repeat} on the {ordinal} {days}").format(
                repeat=head,
                ordinal=_ordinal_word(next(iter(ordinals))),  # type: ignore[arg-type]
                days=joined,
            )
        else:
            return custom
    if bymonthday is not None:
        if bymonthday == "-1":
            head = _("{repeat} on the last day").format(repeat=head)
        elif bymonthday.isdecimal() and len(bymonthday) <= 2 and 1 <= int(bymonthday) <= 31:
            head = _("{repeat} on the {nth}").format(
                repeat=head, nth=_ordinal_suffix(int(bymonthday))
            )
        else:
            return custom
    if count is not None:
        if not (count.isdecimal() and len(count) <= 6):
            return custom
        head = ngettext("{repeat}, once", "{repeat}, {count} times", int(count)).format(
            repeat=head, count=int(count)
        )
    if until is not None:
        m = re.match(r"(\d{4})(\d{2})(\d{2})", until)
        if not m:
            return custom
        try:
            end = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return custom
        head = _("{repeat} until {day}").format(repeat=head, day=day_month(end, year=True))
    return head


def _every(freq: str, interval: int) -> str:
    if freq == "DAILY":
        return ngettext("every day", "every {count} days", interval).format(count=interval)
    if freq == "WEEKLY":
        return ngettext("every week", "every {count} weeks", interval).format(count=interval)
    if freq == "MONTHLY":
        return ngettext("every month", "every {count} months", interval).format(count=interval)
    return ngettext("every year", "every {count} years", interval).format(count=interval)


def _ordinal_suffix(n: int) -> str:
    if is_french():
        return "1er" if n == 1 else str(n)
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
