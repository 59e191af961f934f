"""The report as JSON: report_dict gives the plain data, render_json the text."""

from __future__ import annotations

import json
from typing import Any

from exporters.report.model import NoteRow, Report
from exporters.report.outcomes import outcomes_json
from storage.i18n import is_french, variant
from storage.wording import shares_rounding


def report_dict(report: Report) -> dict[str, Any]:
    """The report as plain JSON-ready data (the keys `render_json` documents)."""
    r = report
    data = _report_dict(r)
    if is_french():  # said only when the sentences are not English: English stays as it was
        data = {"language": variant(), **data}
    return data


def _report_dict(r: Report) -> dict[str, Any]:
    return {
        "period": {"start": r.first.isoformat(), "end": r.last.isoformat(), "label": r.label},
        "timezone": r.zone,
        "generated_at": r.generated_at.isoformat(timespec="seconds"),
        "contracted_hours_per_week": r.hours_per_week,
        "headline": r.headline,
        "long_timer": r.long_timer,
        "total_minutes": r.total_minutes,
        "shares_rounding": shares_rounding(),
        "duties": [
            {"duty": d.duty, "minutes": d.minutes, "share": d.share, "social": d.social}
            for d in r.duties
        ],
        "social": {
            "minutes": r.social.minutes,
            "share": r.social.share,
            "fte": r.social.fte,
            "fte_hours_per_week": r.social.fte_hours_per_week,
            "fte_needed": r.social.fte_needed,
            "reactive_minutes": r.social.reactive_minutes,
            "reactive_share": r.social.reactive_share,
            "activities": [
                {"activity": a.activity, "minutes": a.minutes, "share": a.share}
                for a in r.social.activities
            ],
        },
        "demand": None
        if r.demand is None
        else {
            "planned_posts": r.demand.planned_posts,
            "planned_minutes": r.demand.planned_minutes,
            "ongoing_minutes": r.demand.ongoing_minutes,
            "unestimated_posts": r.demand.unestimated_posts,
            "backlog_ideas": r.demand.backlog_ideas,
            "backlog_minutes": r.demand.backlog_minutes,
            "backlog_unestimated": r.demand.backlog_unestimated,
            "cancelled_posts": r.demand.cancelled_posts,
            "unused_platforms": list(r.demand.unused_platforms),
        },
        "capacity": None
        if r.capacity is None
        else {
            "contracted_minutes": r.capacity.contracted,
            "other_logged_minutes": r.capacity.other_logged,
            "other_expected_minutes": r.capacity.other_expected,
            "room_minutes": r.capacity.room,
            "planned_social_minutes": r.capacity.planned_social,
            "fits": r.capacity.fits,
            "over_minutes": r.capacity.over,
        },
        "job_hint": r.job_hint or None,
        "suggested_split": [{"duty": d, "percent": p} for d, p in r.suggested_split],
        "job_description": None
        if r.job_description is None
        else [
            {
                "duty": j.duty,
                "intended": j.intended,
                "actual": j.actual,
                "difference_hours_per_week": j.difference_hours_per_week,
                "difference_fte": j.difference_fte,
            }
            for j in r.job_description
        ],
        "posts": {
            "planned": r.posts.planned,
            "published": r.posts.published,
            "cancelled": r.posts.cancelled,
            "planned_minutes": r.posts.planned_minutes,
            "logged_minutes": r.posts.logged_minutes,
            "unestimated": r.posts.unestimated,
            "linked_social_minutes": r.posts.linked_social_minutes,
            "linked_share": r.posts.linked_share,
            "per_post_meaningful": r.posts.per_post_meaningful,
            "platforms": [
                {
                    "platform": p.platform,
                    "planned": p.planned,
                    "published": p.published,
                    "cancelled": p.cancelled,
                    "planned_minutes": p.planned_minutes,
                    "logged_minutes": p.logged_minutes,
                    "minutes_per_published_post": p.minutes_per_published_post,
                    "unestimated": p.unestimated,
                    "social": p.social,
                }
                for p in r.posts.platforms
            ],
        },
        "weeks": [
            {
                "start": w.start.isoformat(),
                "end": w.end.isoformat(),
                "minutes": w.minutes,
                "social_minutes": w.social_minutes,
                "social_share": w.social_share,
            }
            for w in r.weeks
        ],
        "out_of_hours": {
            "minutes": r.out_of_hours.minutes,
            "share": r.out_of_hours.share,
            "evening_minutes": r.out_of_hours.evening,
            "early_morning_minutes": r.out_of_hours.early_morning,
            "weekend_minutes": r.out_of_hours.weekend,
            "duties": [
                {
                    "duty": o.duty,
                    "minutes": o.minutes,
                    "evening_minutes": o.evening,
                    "early_morning_minutes": o.early_morning,
                    "weekend_minutes": o.weekend,
                }
                for o in r.out_of_hours.duties
            ],
        },
        "coverage": {
            "contracted_minutes": r.coverage.contracted_minutes,
            "logged_minutes": r.coverage.logged_minutes,
            "share": r.coverage.share,
            "working_days": r.coverage.working_days,
            "working_days_without_entries": r.coverage.working_days_without_entries,
            "working_days_to_come": r.coverage.working_days_to_come,
            "period_contracted_minutes": r.coverage.period_contracted_minutes,
            "tracked_since": None
            if r.coverage.tracked_since is None
            else r.coverage.tracked_since.isoformat(),
            "statutory_holidays": [
                {"date": day.isoformat(), "name": name} for day, name in r.coverage.holidays
            ],
            "leave": [{"date": day.isoformat(), "reason": why} for day, why in r.coverage.leave],
            "timer_running": r.coverage.timer_running,
            "sources": [
                {"source": s.source, "minutes": s.minutes, "share": s.share}
                for s in r.coverage.sources
            ],
        },
        "inventory": [
            {
                "duty": t.duty,
                "activity": t.activity,
                "minutes": t.minutes,
                "entries": t.entries,
                "social": t.social,
            }
            for t in r.inventory
        ],
        "outcomes": [] if r.outcomes is None else outcomes_json(r.outcomes),
        "highlights": [_note_dict(h) for h in r.highlights],
        "notes": None if r.notes is None else [_note_dict(n) for n in r.notes],
    }


def _note_dict(row: NoteRow) -> dict[str, Any]:
    return {
        "start": row.start.isoformat(timespec="minutes"),
        "duty": row.duty,
        "activity": row.activity,
        "minutes": row.minutes,
        "note": row.note,
        "post": row.post or None,
    }


def render_json(report: Report) -> str:
    """The report as JSON. Keys are stable; minutes are whole numbers, shares percent (0–100).

    - `language`: only in a report in French ('fr_CA' or 'fr_FR'): the language of the
      sentences (`period.label`, `headline`, `job_hint`, `long_timer`, `shares_rounding`);
      keys and values such as `source` stay English.

    - `period {start, end, label}`: ISO days, inclusive; `timezone`; `generated_at`.
    - `contracted_hours_per_week`, `headline` (the sentence), `total_minutes`.
    - `long_timer`: null, or what a timer running past the long-timer limit says (it counts
      only up to the limit) and how to stop it at the right time.
    - `shares_rounding`: one line saying how shares are rounded (largest remainder).
    - `duties [{duty, minutes, share, social}]`: largest first; shares add up to 100.0.
    - `social {minutes, share, fte, fte_hours_per_week, fte_needed, reactive_minutes,
      reactive_share, activities [{activity, minutes, share}]}`: every duty flagged social;
      `activity` null = none given; reactive = engage + monitor + crisis; `fte` = social
      minutes / coverage.contracted_minutes, not rounded, so fte × contracted_minutes =
      minutes (null when nothing is contracted yet); `fte_hours_per_week` = fte × the
      contracted week; `fte_needed` = (demand.planned_minutes + demand.ongoing_minutes) /
      coverage.period_contracted_minutes (null when nothing is needed or contracted).
    - `demand {planned_posts, planned_minutes, ongoing_minutes, unestimated_posts,
      backlog_ideas, backlog_minutes, backlog_unestimated, cancelled_posts,
      unused_platforms}`: posts on social platforms (default duty social) dated in the
      period, each copy with its own estimate; a post with no estimate is counted in
      `unestimated_posts`, never as 0 minutes; `ongoing_minutes` is the ongoing social work
      logged in the period (replies, monitoring, crises, reports: social time not linked to a
      post, on an activity other than create or publish; none for days to come); the backlog
      is today's undated ideas; `unused_platforms` had nothing planned or logged in the
      period.
    - `capacity {contracted_minutes, other_logged_minutes, other_expected_minutes,
      room_minutes, planned_social_minutes, fits, over_minutes}`: the planned social work
      against what the other duties leave of the whole period's contract (storage.capacity,
      the week bar's and the summary's rule); `other_expected_minutes` is null when there is
      no history to estimate the days to come from.
    - `job_description`: null when no split is configured, else `[{duty, intended, actual,
      difference_hours_per_week, difference_fte}]`, the largest gap first; difference =
      (actual − intended) % of the contracted week. With none, `job_hint` says how to set
      one and `suggested_split [{duty, percent}]` is a starting split from the period's log.
    - `posts {planned, published, cancelled, planned_minutes, logged_minutes, unestimated,
      linked_social_minutes, linked_share, per_post_meaningful, platforms [{platform,
      planned, published, cancelled, planned_minutes, logged_minutes,
      minutes_per_published_post, unestimated, social}]}`: planned leaves cancelled posts
      out; they are counted in `cancelled`. `minutes_per_published_post` is null unless at
      least 75 % of social time is linked to a post (`per_post_meaningful`).
    - `inventory [{duty, activity, minutes, entries, social}]`: everything logged, by duty
      and activity, most time first.
    - `weeks [{start, end, minutes, social_minutes, social_share}]`, cut to the period.
    - `out_of_hours {minutes, share, evening_minutes, early_morning_minutes, weekend_minutes,
      duties [{duty, minutes, evening_minutes, early_morning_minutes, weekend_minutes}]}`.
    - `coverage {contracted_minutes, logged_minutes, share, working_days,
      working_days_without_entries, working_days_to_come, period_contracted_minutes,
      tracked_since, statutory_holidays [{date, name}], leave [{date, reason}], timer_running,
      sources [{source, minutes, share}]}`: contracted time counts the working days from the
      first tracked day up to now (today once it has an entry), less holidays and leave
      (storage.contracted); source is timer, typed or imported.
    - `highlights [{start, duty, activity, minutes, note, post}]`: notes tagged #highlight,
      on entries or on the period's posts (`post`: its title; `duty`: its platform).
    - `notes`: null unless notes were included, else like `highlights` for the other notes.
    """
    return json.dumps(report_dict(report), ensure_ascii=False, indent=2) + "\n"
