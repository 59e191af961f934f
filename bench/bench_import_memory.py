"""Peak memory of `calepin import ics` on a 50 MB Outlook export and on a flood file.

Usage: python bench/bench_import_memory.py [--mb N] [--budget MB] [--keep DIR] [--only NAME]
                                           [--code CHECKOUT] [--timeout SECONDS]

Generates two files in a temporary folder (seeded: every run writes the same bytes):

- outlook.ics — about 50 MB as Outlook exports a busy mailbox over six years: VTIMEZONEs
  from 1601 under Windows names ("Eastern Standard Time", "(UTC+01:00) Brussels, Copenhagen,
  Madrid, Paris") and Olson names, about 8,500 single meetings (five a day) with long folded
  DESCRIPTIONs, an HTML X-ALT-DESC, attendees and a reminder, about 100 weekly and daily
  series with EXDATEs and RECURRENCE-ID overrides (moved, cancelled, "this and future"),
  cancelled, free and all-day events.
- flood.ics — about 50 MB of what pushes the caps: series repeating every second and every
  minute with no end (from three weeks ago and from years ago), 5,000 daily series with no
  end, a 20 MB DESCRIPTION on one line, a daily series carrying a 5 MB description, an event
  with 50,000 VALARMs and 3,000 with 20 each, an event with 20,000 attendees, 3,000 to-dos.

Each import is its own `calepin --db NEW.db --now … import ics FILE` process on a fresh
database (the CLI creates it); its peak RSS is read from os.wait4's rusage for that child
alone. Then the database is checked against the summary line (entries imported = imported,
one per uid), `calepin check` must pass, and the Outlook file is imported a second time
(nothing new: every meeting unchanged). The flood is imported twice more on fresh
databases: whole, and from 2026-01-01 (old floods refused as too frequent, the November ones
ten months into the period). Exit status 1 when a peak is over the budget or a check fails.
`--code DIR` runs another checkout's CLI (e.g. `git archive HEAD~3 | tar -x -C DIR`) to
compare; `--timeout` stops an import that runs too long (reported as a failure).

| budget | limit |
|---|---|
| peak RSS of each import | ≤ 500 MB |
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
NOW = "2026-11-23T15:00"
BUDGET_MB = 500
UTC = dt.UTC

# ---------------------------------------------------------------- writing the files

_VTIMEZONES = {
    "Eastern Standard Time": ("-0500", "-0400", "1SU", 11, "2SU", 3),
    "(UTC+01:00) Brussels, Copenhagen, Madrid, Paris": ("+0100", "+0200", "-1SU", 10, "-1SU", 3),
    "Pacific Standard Time": ("-0800", "-0700", "1SU", 11, "2SU", 3),
    "America/Toronto": ("-0500", "-0400", "1SU", 11, "2SU", 3),
    "Europe/Paris": ("+0100", "+0200", "-1SU", 10, "-1SU", 3),
}
_WORDS = (
    "budget",
    "review",
    "newsletter",
    "campaign",
    "press",
    "release",
    "board",
    "agenda",
    "minutes",
    "volunteers",
    "partners",
    "gala",
    "sponsorship",
    "website",
    "launch",
    "photos",
    "social",
    "media",
    "calendar",
    "approval",
    "translation",
    "français",
    "réunion",
    "comité",
    "communiqué",
    "événement",
    "bénévoles",
    "☕",
    "—",
    "“quotes”",
)
_PEOPLE = [f"{first} {last}" for first in ("Anne", "Marc", "Léa", "Omar", "Julie", "Ken",
           "Sofia", "Hugo") for last in ("Tremblay", "Gagnon", "Roy", "Côté", "Smith", "Nguyen")]  # fmt: skip


_HOME = ZoneInfo("America/Toronto")
_OLSON = {
    "Eastern Standard Time": "America/Toronto",
    "(UTC+01:00) Brussels, Copenhagen, Madrid, Paris": "Europe/Paris",
    "Pacific Standard Time": "America/Los_Angeles",
}


def _written_in(tzid: str, home: dt.datetime) -> dt.datetime:
    """A Toronto wall-clock time as the same instant on the wall clock of `tzid`."""
    there = ZoneInfo(_OLSON.get(tzid, tzid))
    return home.replace(tzinfo=_HOME).astimezone(there).replace(tzinfo=None)


def _fold(line: str) -> str:
    """Fold at 75 octets as RFC 5545 asks (never inside a UTF-8 character)."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts: list[bytes] = []
    start, limit = 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:
            end -= 1
        parts.append(data[start:end])
        start, limit = end, 74
    return "\r\n ".join(p.decode() for p in parts)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _vtimezone(tzid: str) -> list[str]:
    standard, daylight, std_day, std_month, dl_day, dl_month = _VTIMEZONES[tzid]
    return [
        "BEGIN:VTIMEZONE",
        f"TZID:{tzid}",
        "BEGIN:STANDARD",
        "DTSTART:16011104T020000",
        f"RRULE:FREQ=YEARLY;BYDAY={std_day};BYMONTH={std_month}",
        f"TZOFFSETFROM:{daylight}",
        f"TZOFFSETTO:{standard}",
        "END:STANDARD",
        "BEGIN:DAYLIGHT",
        "DTSTART:16010311T020000",
        f"RRULE:FREQ=YEARLY;BYDAY={dl_day};BYMONTH={dl_month}",
        f"TZOFFSETFROM:{standard}",
        f"TZOFFSETTO:{daylight}",
        "END:DAYLIGHT",
        "END:VTIMEZONE",
    ]


def _header(name: str) -> list[str]:
    lines = [
        "BEGIN:VCALENDAR",
        "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN",
        "VERSION:2.0",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{name}",
        "X-MS-OLK-FORCEINSPECTOROPEN:TRUE",
    ]
    for tzid in _VTIMEZONES:
        lines += _vtimezone(tzid)
    return lines


def _outlook_uid(rng: random.Random) -> str:
    return "040000008200E00074C5B7101A82E00800000000" + f"{rng.getrandbits(160):040X}"


def _prose(rng: random.Random, words: int) -> str:
    sentences = []
    while words > 0:
        n = min(words, rng.randint(6, 18))
        sentences.append(" ".join(rng.choice(_WORDS) for _ in range(n)).capitalize() + ".")
        words -= n
    text = " ".join(sentences)
    return "\n".join(text[i : i + 300] for i in range(0, len(text), 300))


def _local(moment: dt.datetime) -> str:
    return f"{moment:%Y%m%dT%H%M%S}"


def _outlook_event(
    rng: random.Random,
    uid: str,
    tzid: str,
    begin: dt.datetime,
    minutes: int,
    summary: str,
    *extra: str,
    status: str = "CONFIRMED",
    busy: str = "BUSY",
) -> list[str]:
    description = _prose(rng, rng.randint(100, 300))
    html = "<html><body><p>" + description.replace("\n", "</p><p>") + "</p></body></html>"
    organizer = rng.choice(_PEOPLE)
    lines = [
        "BEGIN:VEVENT",
        f'ORGANIZER;CN="{organizer}":mailto:{organizer.split()[0].lower()}@example.org',
    ]
    for person in rng.sample(_PEOPLE, rng.randint(3, 14)):
        lines.append(
            f'ATTENDEE;CN="{person}";RSVP=TRUE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION:'
            f"mailto:{person.replace(' ', '.').lower()}@example.org"
        )
    lines += [
        "CLASS:PUBLIC",
        "CREATED:20200101T120000Z",
        f"DESCRIPTION:{_escape(description)}",
        f'DTEND;TZID="{tzid}":{_local(begin + dt.timedelta(minutes=minutes))}',
        "DTSTAMP:20261123T120000Z",
        f'DTSTART;TZID="{tzid}":{_local(begin)}',
        "LAST-MODIFIED:20261101T120000Z",
        f"LOCATION:{_escape(rng.choice(['Salle 2', 'Teams', 'Boardroom, 4th floor', '']))}",
        "PRIORITY:5",
        "SEQUENCE:0",
        f"SUMMARY;LANGUAGE=fr-ca:{_escape(summary)}",
        "TRANSP:OPAQUE",
        f"STATUS:{status}",
        f"UID:{uid}",
        *extra,
        f"X-ALT-DESC;FMTTYPE=text/html:{_escape(html)}",
        f"X-MICROSOFT-CDO-BUSYSTATUS:{busy}",
        "X-MICROSOFT-CDO-IMPORTANCE:1",
        "X-MICROSOFT-DISALLOW-COUNTER:FALSE",
        "X-MS-OLK-AUTOFILLLOCATION:FALSE",
        "X-MS-OLK-CONFTYPE:0",
        "BEGIN:VALARM",
        "TRIGGER:-PT15M",
        "ACTION:DISPLAY",
        "DESCRIPTION:Reminder",
        "END:VALARM",
        "END:VEVENT",
    ]
    return lines


def write_outlook(path: Path, megabytes: float, seed: int = 12) -> dict[str, int]:
    """About `megabytes` MB of Outlook export; returns what it wrote, counted by kind."""
    rng = random.Random(seed)
    target = int(megabytes * 1_000_000)
    counts = {"single": 0, "series": 0, "overrides": 0, "exdates": 0, "all-day": 0}
    first = dt.datetime(2021, 1, 4)
    # Most meetings in the mailbox's own zone (under its Windows name), some elsewhere.
    zones = ["Eastern Standard Time"] * 6 + list(_VTIMEZONES)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("\r\n".join(_header("Calendar")) + "\r\n")
        n = 0
        while out.tell() < target:
            n += 1
            tzid = rng.choice(zones)
            # Five meetings a day in slots of 1 h 45 in Toronto (a busy day without clashes),
            # written in the meeting's own zone; series before 9:00 or in the evening, moved
            # ones after 21:00.
            day = first + dt.timedelta(days=n // 5)
            slot = dt.timedelta(hours=9, minutes=105 * (n % 5) + rng.choice((0, 15)))
            begin = _written_in(tzid, day + slot)
            summary = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(2, 6))).capitalize()
            uid = _outlook_uid(rng)
            kind = rng.random()
            events: list[list[str]] = []
            if kind < 0.012:  # a weekly or daily series, with exceptions and moved occurrences
                counts["series"] += 1
                weekly = rng.random() < 0.7
                hour = rng.choice((8, 18.25, 19.25, 20.25)) if weekly else 7.5
                start = dt.timedelta(hours=hour)
                begin = day - dt.timedelta(days=max(0, day.weekday() - 4)) + start
                begin = _written_in(tzid, begin)
                # Most series end (a project's weekly check-in; a daily stand-up for a few
                # weeks); one weekly series in ten runs on with no end.
                end_rule = rng.choice(
                    (
                        "",
                        *[f";COUNT={rng.randint(10, 120)}"] * 5,
                        *[f";UNTIL={day + dt.timedelta(days=rng.randint(60, 900)):%Y%m%d}T235959Z"]
                        * 4,
                    )
                )
                if not weekly:
                    end_rule = f";COUNT={rng.randint(10, 40)}"
                rule = ("RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=" + ("MO", "TU", "WE", "TH", "FR", "SA", "SU")[
                    begin.weekday()] if weekly else "RRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR") + end_rule  # fmt: skip
                step = dt.timedelta(weeks=1) if weekly else dt.timedelta(days=7)
                picks = sorted(rng.sample(range(1, 40), 8))
                exdates = [begin + step * k for k in picks[:4]]
                counts["exdates"] += len(exdates)
                extra = [f'EXDATE;TZID="{tzid}":' + ",".join(_local(d) for d in exdates)]
                length = 60 if weekly else 30
                events.append(_outlook_event(rng, uid, tzid, begin, length, summary, rule, *extra))
                for k in picks[4:]:
                    original = begin + step * k
                    moved = original.replace(hour=21, minute=rng.choice((0, 15, 30, 45)))
                    rid = f'RECURRENCE-ID;TZID="{tzid}":{_local(original)}'
                    cancelled = rng.random() < 0.25
                    events.append(
                        _outlook_event(
                            rng, uid, tzid, moved, 45, summary + " (moved)", rid,
                            status="CANCELLED" if cancelled else "CONFIRMED",
                        )
                    )  # fmt: skip
                    counts["overrides"] += 1
                if rng.random() < 0.15:  # "this and future": later occurrences in the evening
                    original = begin + step * 42
                    rid = f'RECURRENCE-ID;RANGE=THISANDFUTURE;TZID="{tzid}":{_local(original)}'
                    shifted = original + dt.timedelta(hours=12)
                    events.append(_outlook_event(rng, uid, tzid, shifted, length, summary, rid))
                    counts["overrides"] += 1
            elif kind < 0.04:
                counts["all-day"] += 1
                lines = _outlook_event(rng, uid, tzid, begin, 60, summary, busy="FREE")
                lines = [
                    f"DTSTART;VALUE=DATE:{day:%Y%m%d}"
                    if line.startswith("DTSTART")
                    else f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}"
                    if line.startswith("DTEND")
                    else line
                    for line in lines
                ]
                events.append(lines)
            else:
                counts["single"] += 1
                status = "CANCELLED" if rng.random() < 0.03 else "CONFIRMED"
                busy = "FREE" if rng.random() < 0.05 else "BUSY"
                minutes = rng.choice((15, 30, 30, 45, 60, 60, 90))
                events.append(
                    _outlook_event(
                        rng, uid, tzid, begin, minutes, summary, status=status, busy=busy
                    )
                )
            for lines in events:
                out.write("\r\n".join(_fold(line) for line in lines) + "\r\n")
        out.write("END:VCALENDAR\r\n")
    counts["vevents"] = counts["single"] + counts["all-day"] + counts["series"]
    counts["vevents"] += counts["overrides"]
    return counts


def _plain(uid: str, begin: dt.datetime, minutes: int, summary: str, *extra: str) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        "DTSTAMP:20261123T120000Z",
        f"DTSTART:{begin:%Y%m%dT%H%M%SZ}",
        f"DTEND:{begin + dt.timedelta(minutes=minutes):%Y%m%dT%H%M%SZ}",
        f"SUMMARY:{summary}",
        *extra,
        "END:VEVENT",
    ]


def write_flood(path: Path, seed: int = 13) -> dict[str, int]:
    """Everything that makes an importer work or hold memory, in one file."""
    rng = random.Random(seed)
    counts: dict[str, int] = {}
    recent = dt.datetime(2026, 11, 1, 9, tzinfo=UTC)
    long_ago = dt.datetime(2021, 1, 4, 9, tzinfo=UTC)
    with path.open("w", encoding="utf-8", newline="") as out:

        def put(lines: list[str]) -> None:
            out.write("\r\n".join(_fold(line) for line in lines) + "\r\n")

        out.write("\r\n".join(_header("Flood")) + "\r\n")
        # Every second and every minute, no end: from three weeks ago (expanded up to the cap)
        # and from years ago (too many to walk before the period).
        for n in range(100):
            start = long_ago + dt.timedelta(hours=n)
            put(_plain(f"old-secondly-{n}", start, 0, "Old", "RRULE:FREQ=SECONDLY"))
        for n in range(300):
            start = recent + dt.timedelta(minutes=n)
            put(_plain(f"secondly-{n}", start, 0, f"Secondly {n}", "RRULE:FREQ=SECONDLY"))
            put(_plain(f"minutely-{n}", start, 1, f"Minutely {n}", "RRULE:FREQ=MINUTELY"))
        counts["secondly/minutely series"] = 700
        # Daily series with no end from 2021, in Windows and Olson zones.
        for n in range(5_000):
            tzid = rng.choice(list(_VTIMEZONES))
            begin = dt.datetime(2021, 1, 4, 8) + dt.timedelta(days=n % 300, minutes=7 * (n % 60))
            put([
                "BEGIN:VEVENT",
                f"UID:daily-{n}",
                f'DTSTART;TZID="{tzid}":{_local(begin)}',
                f'DTEND;TZID="{tzid}":{_local(begin + dt.timedelta(minutes=30))}',
                f"SUMMARY:Daily {n}",
                "RRULE:FREQ=DAILY",
                f'EXDATE;TZID="{tzid}":{_local(begin + dt.timedelta(days=3))}',
                "END:VEVENT",
            ])  # fmt: skip
        counts["daily series without end"] = 5_000
        # One 20 MB property on a single line (after unfolding), and a series carrying 5 MB.
        huge = "".join(rng.choice("abcdefghij klmnop") for _ in range(1000)) * 20_000
        put(_plain("huge-single", long_ago, 60, "Huge description", f"DESCRIPTION:{huge}"))
        put(
            _plain(
                "huge-series", long_ago + dt.timedelta(hours=3), 30, "Huge series",
                f"DESCRIPTION:{huge[:5_000_000]}", "RRULE:FREQ=DAILY",
            )
        )  # fmt: skip
        counts["huge properties"] = 2
        # 50,000 reminders in one event, 20 each in 3,000 more.
        alarm = ["BEGIN:VALARM", "TRIGGER:-PT15M", "ACTION:DISPLAY", "DESCRIPTION:R", "END:VALARM"]
        lines = _plain("alarms", long_ago + dt.timedelta(hours=5), 30, "Alarms")
        put(lines[:-1] + alarm * 50_000 + ["END:VEVENT"])
        for n in range(3_000):
            start = long_ago + dt.timedelta(days=n % 2000, hours=14)
            lines = _plain(f"alarm-{n}", start, 30, f"Reminded {n}")
            put(lines[:-1] + alarm * 20 + ["END:VEVENT"])
        counts["events with alarms"] = 3_001
        # An all-staff meeting inviting 20,000 people (a Windows zone: icalendar reads it).
        people = [
            f"ATTENDEE;CN=Person {n};RSVP=TRUE:mailto:p{n}@example.org" for n in range(20_000)
        ]
        put([
            "BEGIN:VEVENT",
            "UID:all-staff",
            f'DTSTART;TZID="Eastern Standard Time":{_local(dt.datetime(2024, 5, 6, 10))}',
            f'DTEND;TZID="Eastern Standard Time":{_local(dt.datetime(2024, 5, 6, 11))}',
            "SUMMARY:All staff",
            *people,
            "END:VEVENT",
        ])  # fmt: skip
        counts["attendees of one event"] = 20_000
        # To-dos, which are not meetings: 3,000 with a 5 kB description each.
        note = "".join(rng.choice("abcdefghij klmnop") for _ in range(5_000))
        for n in range(3_000):
            put(["BEGIN:VTODO", f"UID:todo-{n}", "DTSTART:20260101T090000Z", f"SUMMARY:To do {n}",
                 f"DESCRIPTION:{note}", "END:VTODO"])  # fmt: skip
        counts["to-dos"] = 3_000
        out.write("END:VCALENDAR\r\n")
    return counts


# ---------------------------------------------------------------- running the imports


@dataclass
class Run:
    name: str
    peak_mb: float
    seconds: float
    status: int
    output: str

    @property
    def summary(self) -> str:
        return self.output.splitlines()[0] if self.output else "(no output)"


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CALEPIN_")}
    env.update(
        TZ="America/Toronto",
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_STATE_HOME=str(home / "state"),
    )
    return env


CODE = REPO  # the checkout whose CLI runs (--code: an earlier version, to compare)
TIMEOUT: float | None = None  # --timeout: stop an import that runs longer (exit -9)


def _calepin(name: str, home: Path, db: Path, *args: str) -> Run:
    """One CLI process; its own peak RSS from wait4 (not the children's maximum so far)."""
    argv = [sys.executable, "-m", "tui.cli", "--db", str(db), "--now", NOW, *args]
    log = home / f"{name}.out"
    with log.open("wb") as sink:
        started = time.perf_counter()
        child = subprocess.Popen(
            argv, stdout=sink, stderr=subprocess.STDOUT, env=_env(home), cwd=CODE
        )
        timer = threading.Timer(TIMEOUT, child.kill) if TIMEOUT else None
        if timer is not None:
            timer.start()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        if timer is not None:
            timer.cancel()
    child.returncode = os.waitstatus_to_exitcode(status)  # already reaped: tell Popen
    return Run(name, usage.ru_maxrss / 1024, seconds, child.returncode, log.read_text())


def _imported(run: Run) -> tuple[int, int]:
    found = re.match(r"imported (\d+), (?:.*, )?unchanged (\d+)", run.summary)
    if found is None:
        raise SystemExit(f"{run.name}: no summary line in\n{run.output[:2000]}")
    return int(found[1]), int(found[2])


def _entries(db: Path) -> tuple[int, int]:
    """Entries on the meetings duty, and how many distinct external uids they carry."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        total, uids = connection.execute(
            "SELECT count(*), count(DISTINCT external_uid) FROM time_entries"
            " WHERE source = 'import'"
        ).fetchone()
    return total, uids


def _report(run: Run, budget: float) -> bool:
    ok = run.status == 0 and run.peak_mb <= budget
    verdict = "PASS" if ok else "FAIL"
    print(f"  {run.name}: peak {run.peak_mb:,.0f} MB RSS, {run.seconds:.1f} s wall,"
          f" exit {run.status} — {verdict} (budget ≤ {budget:.0f} MB)")  # fmt: skip
    print(f"    {run.summary}")
    notes = run.output.splitlines()[1:]
    if notes:
        print(f"    ({len(notes)} note/overlap lines; first: {notes[0].strip()[:110]})")
    return ok


def _one(
    name: str, source: Path, home: Path, budget: float, *options: str, again: bool = False
) -> bool:
    size = source.stat().st_size / 1_000_000
    print(f"{name}: {source.name} ({size:.1f} MB){' ' if options else ''}{' '.join(options)}")
    db = home / f"{name}.db"
    run = _calepin(name, home, db, "import", "ics", str(source), *options)
    ok = _report(run, budget)
    if run.status != 0:
        print(run.output[-2000:])
        return False
    imported, _ = _imported(run)
    total, uids = _entries(db)
    coherent = total == imported == uids
    print(f"    database: {total} imported entries, {uids} distinct uids —"
          f" {'matches' if coherent else 'DOES NOT MATCH'} the summary")  # fmt: skip
    check = _calepin(f"{name}-check", home, db, "check")
    print(f"    calepin check: exit {check.status} ({check.summary})")
    ok &= coherent and check.status == 0
    if again:
        second = _calepin(f"{name}-again", home, db, "import", "ics", str(source), *options)
        ok &= _report(second, budget)
        if second.status == 0:
            new, present = _imported(second)
            same = new == 0 and present == imported and _entries(db)[0] == total
            print(f"    second import adds nothing: {'yes' if same else 'NO'}")
            ok &= same
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=50, help="size of the Outlook file (MB)")
    parser.add_argument("--budget", type=float, default=BUDGET_MB, help="peak RSS budget (MB)")
    parser.add_argument("--keep", type=Path, help="write the files and databases here")
    parser.add_argument("--only", choices=("outlook", "flood"), help="run one file only")
    parser.add_argument("--code", type=Path, help="run the CLI of this checkout instead")
    parser.add_argument("--timeout", type=float, help="stop an import after this many seconds")
    args = parser.parse_args()
    global CODE, TIMEOUT
    CODE, TIMEOUT = (args.code or REPO).resolve(), args.timeout
    home = args.keep or Path(tempfile.mkdtemp(prefix="calepin-import-memory-"))
    home.mkdir(parents=True, exist_ok=True)
    for stale in home.glob("*.db*"):
        stale.unlink()
    ok = True
    try:
        floor = _calepin("floor", home, home / "floor.db", "duties")
        print(f"start-up floor (`calepin duties` on a new database): {floor.peak_mb:.0f} MB RSS")
        if args.only != "flood":
            outlook = home / "outlook.ics"
            started = time.perf_counter()
            counts = write_outlook(outlook, args.mb)
            took = time.perf_counter() - started
            listed = ", ".join(f"{v:,} {k}" for k, v in counts.items())
            print(f"wrote outlook.ics in {took:.1f} s: {listed}")
            ok &= _one("outlook", outlook, home, args.budget, again=True)
        if args.only != "outlook":
            flood = home / "flood.ics"
            counts = write_flood(flood)
            print("wrote flood.ics: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
            ok &= _one("flood", flood, home, args.budget)
            # From 2026: the old floods are refused as too frequent, and the period starts
            # ten months before the floods of November (no window may grow over that gap).
            ok &= _one("flood-2026", flood, home, args.budget, "--from", "2026-01-01")
    finally:
        if args.keep is None:
            shutil.rmtree(home, ignore_errors=True)
    print("OK" if ok else "BUDGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
