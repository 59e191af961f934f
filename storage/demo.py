"""A realistic demo: a communications coordinator's last eight weeks and next two."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from storage.errors import ValidationError
from storage.models import EntryDraft, EntrySource, PostDraft, Status
from storage.store import Store
from storage.timeutil import week_start

SEED = 20261123
WEEKS_BACK = 8
DAYS_AHEAD = 14
ORG = "centreberges"
SITE = "https://centreberges.ca"

FUNDRAISING = "Campagne de financement automne"
VOLUNTEERS = "Semaine des bénévoles"
HOLIDAYS = "Holiday hours"

# Social platforms' estimates (minutes): the story is that these need more time than is logged.
ESTIMATES = {
    "Facebook": (40, 45, 60),
    "Instagram": (75, 90, 120),
    "LinkedIn": (45, 60, 60),
    "TikTok": (120, 150),
    "Bluesky": (20, 30),
    "Newsletter": (180, 240),
    "Blog": (120, 150, 180),
    "Website": (45, 60, 90),
    "YouTube": (240, 300),
}

FACEBOOK = [
    "Horaire de la semaine au centre",
    "Inscriptions ouvertes : cours de yoga adapté",
    "Retour en photos sur le marché fermier",
    "Rappel : collecte de manteaux d'hiver",
    "Nouveau partenaire : la Caisse du quartier",
    "Ateliers d'aide aux devoirs — places disponibles",
    "Photo du jour : la cuisine collective",
    "Fermeture exceptionnelle du stationnement",
    "Sondage : quels ateliers cet hiver ?",
    "Merci à l'équipe de l'entretien",
    "Club de marche : nouveau départ le mardi",
    "Offre d'emploi : animateur·trice jeunesse",
]
INSTAGRAM = [
    "Reel : une journée à la cuisine collective",
    "Carrousel : 5 choses à faire au centre cet automne",
    "Coulisses de l'atelier de poterie",
    "Story quiz : connaissez-vous votre quartier ?",
    "Reel : les jeunes du camp de relâche",
    "Portrait : Marc, cuisinier bénévole",
    "Avant/après : la murale du gymnase",
    "Reel : recette de soupe à la courge",
    "Carrousel : nos chiffres de l'année",
    "Photo : premier gel au jardin communautaire",
    "Reel : visite guidée de la friperie",
    "Story : questions pour la directrice",
]
LINKEDIN = [
    "Rapport annuel 2025-2026 maintenant en ligne",
    "We're hiring: youth program coordinator",
    "Partnership with the municipal library",
    "Ce que 40 ans d'action communautaire nous ont appris",
    "Our board welcomes two new members",
    "Grant announcement: Trillium Foundation",
    "Impact social : 3 200 repas servis cet automne",
    "Panel on food security — our director speaks",
    "Merci à nos partenaires corporatifs",
    "Volunteer management: what we changed this year",
    "Bilan du trimestre : chiffres clés",
    "Conference recap: Community Sector Forum",
]
CROSS = [
    "Journée portes ouvertes samedi",
    "Spectacle de fin de session des jeunes",
    "Friperie : vente à 1 $ ce week-end",
    "Community dinner this Friday",
    "Nouvelle programmation d'hiver",
    "Clinique d'impôts gratuite",
    "Conférence : bien vieillir chez soi",
    "Halloween au centre — costumes bienvenus",
    "Distribution de paniers de Noël : inscriptions",
    "Soirée jeux de société",
    "Marché de Noël des artisans",
    "Don de sang au gymnase",
]
FRIDAY = [
    "Bon week-end ! Les heures d'ouverture",
    "Reel : le vendredi à la garderie",
    "Throwback Friday : le centre en 1986",
    "Citation de la semaine",
    "Vendredi découverte : l'atelier de vélo",
    "Story : le menu de la semaine prochaine",
    "Photo : l'équipe du vendredi",
    "Reel : le cours de danse des aînés",
    "Merci aux donateurs de la semaine",
    "Vendredi découverte : la joujouthèque",
    "Photo : la bibliothèque de semences",
    "Story : on recrute des bénévoles",
]
NEWSLETTER = [
    "Infolettre — nouvelles du centre",
    "Infolettre — programmation et inscriptions",
    "Infolettre — bénévolat et dons",
    "Infolettre — édition spéciale campagne",
    "Infolettre — retour sur l'automne",
    "Infolettre — spéciale Fêtes",
]
BLOG = [
    "Blogue : comment nous mesurons notre impact",
    "Blogue : dans les coulisses de la cuisine collective",
    "Blog: five tips for first-time volunteers",
    "Blogue : l'histoire de la friperie",
    "Blog: what our food bank needs this winter",
    "Blogue : rencontre avec notre nouvelle directrice",
]
WEBSITE = [
    "Page programmation d'hiver",
    "Mise à jour : page Faire un don",
    "Nouvelle page : location de salles",
    "FAQ inscriptions en ligne",
]
FUNDRAISING_TITLES = [
    "Lancement de la campagne de financement",
    "Objectif 50 000 $ : où en sommes-nous ?",
    "Témoignage : ce que votre don change",
    "Merci ! 25 000 $ amassés",
    "Mardi je donne : votre don doublé",
    "Dernière ligne droite : il manque 8 000 $",
    "Donateur vedette : la boulangerie Saint-Roch",
    "Campagne : derniers jours pour donner",
]
VOLUNTEER_TITLES = [
    "Semaine des bénévoles : merci à nos 140 bénévoles !",
    "Portrait de bénévole : Louise, 12 ans d'engagement",
    "Soirée reconnaissance des bénévoles — photos",
]
HOLIDAY_TITLES = [
    "Holiday hours: closed Dec 24 to Jan 2",
    "Horaire des Fêtes du centre",
    "Holiday food drive: where to drop off",
    "Joyeuses Fêtes de toute l'équipe",
]
BACKLOG = [
    ("Série vidéo : une journée avec un bénévole", "YouTube", Status.IDEA),
    ("TikTok : tendances de l'hiver au centre", "TikTok", Status.IDEA),
    ("Infographie : d'où viennent nos dons", "Instagram", Status.IDEA),
    ("Blog: a year in numbers", "Blog", Status.IDEA),
    ("Témoignages de familles (autorisations à obtenir)", "Facebook", Status.ON_HOLD),
    ("LinkedIn: lessons from our rebrand", "LinkedIn", Status.IDEA),
    ("Concours photo : mon quartier l'hiver", "Instagram", Status.IDEA),
    ("Page web : rapport d'impact interactif", "Website", Status.DRAFTING),
    ("Bluesky : fil sur l'histoire du quartier", "Bluesky", Status.IDEA),
    ("Reel : 60 secondes à la friperie", "Instagram", Status.IDEA),
    ("Newsletter: volunteer spotlight section", "Newsletter", Status.IDEA),
]

# name, weight, activities (weighted) and notes
DUTY_NOTES: dict[str, list[str]] = {
    "newsletters": [
        "Infolettre : rédaction des brèves",
        "Newsletter layout in Mailchimp",
        "Infolettre : relecture et tests d'envoi",
        "Infolettre : choix des photos",
        "Newsletter stats review",
    ],
    "events": [
        "Portes ouvertes : logistique",
        "Marché de Noël : liste des artisans",
        "Call with caterer",
        "Soirée reconnaissance : plan de salle",
        "Spectacle des jeunes : programme imprimé",
        "Event debrief notes",
    ],
    "press relations": [
        "Liste de presse : mise à jour",
        "Communiqué : campagne de financement",
        "Pitch to local radio",
        "Suivi journalistes",
        "Revue de presse hebdo",
    ],
    "web content": [
        "Mise à jour du calendrier en ligne",
        "Website: donate page copy",
        "Formulaires d'inscription",
        "Blog post editing",
        "Correction de liens brisés",
    ],
    "meetings": [
        "Rencontre avec la direction",
        "Comité campagne",
        "Call with board chair",
        "Rencontre partenaires",
        "1:1 with the director",
    ],
    "video": [
        "Tournage : cuisine collective",
        "Montage du reel bénévoles",
        "Sous-titres vidéo",
        "Video shoot prep",
    ],
    "planning & strategy": [
        "Plan de communication 2027",
        "Calendrier éditorial du mois",
        "Audience review",
        "Stratégie campagne des Fêtes",
    ],
    "promotional material": [
        "Affiche portes ouvertes",
        "Dépliant de la campagne",
        "Roll-up banner proof",
        "Cartes de remerciement donateurs",
    ],
    "admin & other": [
        "Courriels",
        "Factures fournisseurs",
        "Timesheet and expenses",
        "Classement photos",
        "Inbox zero",
    ],
}
SOCIAL_NOTES: dict[str, list[str]] = {
    "create": ["Visuels Canva", "Rédaction des publications", "Photo shoot for posts"],
    "publish": ["Programmation Meta Business Suite", "Publication et vérification"],
    "engage": ["Réponses aux commentaires", "Replied to DMs", "Messages privés"],
    "monitor": ["Veille des mentions", "Monitoring comments", "Veille médias sociaux"],
    "report": ["Statistiques du mois", "Monthly analytics", "Rapport de performance"],
}
HIGHLIGHTS = [
    ("press relations", "Entrevue Radio-Canada sur la campagne #highlight"),
    ("events", "Soirée reconnaissance : 120 bénévoles présents #highlight"),
    ("newsletters", "Infolettre : record d'ouverture, 48 % #highlight"),
]
BASE_WEIGHTS = {
    "social media": 14,
    "newsletters": 11,
    "events": 15,
    "press relations": 6,
    "web content": 10,
    "meetings": 9,
    "video": 5,
    "planning & strategy": 8,
    "promotional material": 7,
    "admin & other": 9,
}
SOCIAL_ACTIVITIES = {"create": 5, "publish": 2, "engage": 3, "monitor": 2, "report": 1}


@dataclass(frozen=True, slots=True)
class _Block:
    start: int  # minutes after midnight, local wall time
    end: int
    duty: str
    activity: str | None
    note: str
    source: EntrySource
    post_id: int | None = None
    external_uid: str | None = None


def fill_demo(store: Store, now: dt.datetime) -> dict[str, int]:
    """Fill an empty database with the demo; returns counts of what was added.

    All in one transaction: a crash leaves all of the demo or none of it.

    Raises:
        ValidationError: the database already holds posts or time entries.
    """
    if now.tzinfo is None:
        raise ValidationError("now must carry a time zone")
    local_now = now.astimezone(store.zone)
    rng = random.Random(SEED)
    with store.transaction(None) as conn:
        posts, entries = (
            conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("posts", "time_entries")
        )
        if posts or entries:
            raise ValidationError(
                f"this database already holds {posts} posts and {entries} time entries; "
                "the demo only fills an empty database (try `calepin --demo`, or --db a new file)"
            )
        campaigns = _add_campaigns(store, local_now.date())
        by_day, backlog = _add_posts(store, rng, local_now, campaigns)
        logged = _add_entries(store, rng, local_now, by_day)
    return {
        "posts": sum(len(v) for v in by_day.values()) + backlog,
        "backlog_ideas": backlog,
        "entries": logged,
        "campaigns": len(campaigns),
    }


def _add_campaigns(store: Store, today: dt.date) -> dict[str, tuple[dt.date, dt.date]]:
    monday = week_start(today)
    ranges = {
        FUNDRAISING: (monday - dt.timedelta(weeks=7), monday + dt.timedelta(days=11)),
        VOLUNTEERS: (monday - dt.timedelta(weeks=4), monday - dt.timedelta(weeks=4, days=-6)),
        HOLIDAYS: (monday + dt.timedelta(days=7), monday + dt.timedelta(days=45)),
    }
    colours = {FUNDRAISING: "#E67E22", VOLUNTEERS: "#27AE60", HOLIDAYS: "#C0392B"}
    for name, (start, end) in ranges.items():
        store.add_campaign(name, colour=colours[name], start=start, end=end)
    return ranges


def _campaign_on(day: dt.date, campaigns: dict[str, tuple[dt.date, dt.date]]) -> str | None:
    # The shortest campaign running that day wins: it is the more specific one.
    running = [(e - s, n) for n, (s, e) in campaigns.items() if s <= day <= e]
    return min(running)[1] if running else None


def _published_url(platform: str, rng: random.Random, day: dt.date, index: int) -> str:
    n = rng.randrange(10**9, 10**10)
    return {
        "Facebook": f"https://www.facebook.com/{ORG}/posts/{n}",
        "Instagram": f"https://www.instagram.com/p/C{n:x}/",
        "LinkedIn": f"https://www.linkedin.com/feed/update/urn:li:activity:{n}{index:04d}/",
        "TikTok": f"https://www.tiktok.com/@{ORG}/video/{n}",
        "Bluesky": f"https://bsky.app/profile/{ORG}.ca/post/3k{n:x}",
        "YouTube": f"https://www.youtube.com/watch?v=Q{n:x}",
        "Newsletter": f"{SITE}/infolettre/{day.isoformat()}",
        "Blog": f"{SITE}/blogue/{day.isoformat()}-{index}",
        "Website": f"{SITE}/nouvelles/{day.isoformat()}",
    }[platform]


def _status_for(
    rng: random.Random, day: dt.date, time: dt.time | None, local_now: dt.datetime
) -> Status:
    today = local_now.date()
    past = day < today or (day == today and time is not None and time <= local_now.time())
    if past:
        return Status.CANCELLED if rng.random() < 0.06 else Status.PUBLISHED
    ahead = (day - today).days
    if ahead <= 2:
        return rng.choice([Status.SCHEDULED, Status.SCHEDULED, Status.READY])
    if ahead <= 7:
        return rng.choice([Status.SCHEDULED, Status.READY, Status.DRAFTING])
    return rng.choice([Status.DRAFTING, Status.IDEA, Status.IDEA])


def _add_posts(
    store: Store,
    rng: random.Random,
    local_now: dt.datetime,
    campaigns: dict[str, tuple[dt.date, dt.date]],
) -> tuple[dict[dt.date, list[tuple[int, str, int | None]]], int]:
    """Posts for every week, then the backlog; returns (id, platform, estimate) per day and
    the number of backlog ideas."""
    today = local_now.date()
    first = week_start(today) - dt.timedelta(weeks=WEEKS_BACK)
    last = today + dt.timedelta(days=DAYS_AHEAD)
    by_day: dict[dt.date, list[tuple[int, str, int | None]]] = {}
    pools = {name: list(titles) for name, titles in _campaign_titles().items()}
    count = 0

    def add(
        title: str,
        platform: str,
        day: dt.date,
        time: dt.time | None,
        *,
        campaign: str | None = None,
        group: str | None = None,
        status: Status | None = None,
        body: str = "",
        notes: str = "",
    ) -> None:
        nonlocal count
        count += 1
        status = status or _status_for(rng, day, time, local_now)
        estimate = rng.choice(ESTIMATES[platform]) if rng.random() < 0.9 else None
        url = _published_url(platform, rng, day, count) if status is Status.PUBLISHED else ""
        post = store.add_post(
            PostDraft(
                title=title,
                platform=platform,
                date=day,
                time=time,
                status=status,
                campaign=campaign,
                estimate_minutes=estimate,
                body=body,
                notes=notes,
                published_url=url,
                group_id=group,
            )
        )
        by_day.setdefault(day, []).append((post.id, platform, estimate))

    day = first
    while day <= last:
        week = (day - first).days // 7
        campaign = _campaign_on(day, campaigns)
        wd = day.weekday()

        def themed(pool: list[str], index: int, campaign: str | None = campaign) -> str:
            if campaign and pools[campaign]:
                return pools[campaign].pop(0)
            return pool[index % len(pool)]

        if wd == 0:
            add(FACEBOOK[week % len(FACEBOOK)], "Facebook", day, dt.time(11, 30))
        elif wd == 1:
            add(INSTAGRAM[week % len(INSTAGRAM)], "Instagram", day, dt.time(12, 15))
            if week % 2 == 0:
                add(
                    NEWSLETTER[(week // 2) % len(NEWSLETTER)],
                    "Newsletter",
                    day,
                    dt.time(7, 0),
                    campaign=campaign,
                )
        elif wd == 2:
            add(LINKEDIN[week % len(LINKEDIN)], "LinkedIn", day, dt.time(9, 0))
            if week % 4 == 1:
                add(WEBSITE[(week // 4) % len(WEBSITE)], "Website", day, None)
        elif wd == 3:
            title = themed(CROSS, week)
            on = campaign if title not in CROSS else None
            group = uuid.UUID(int=rng.getrandbits(128), version=4).hex
            platforms = ["Facebook", "Instagram", "LinkedIn"]
            if week % 3 == 0:
                platforms.append("Bluesky")
            for platform in platforms:
                add(title, platform, day, dt.time(19, 0), campaign=on, group=group)
            if week % 2 == 1:
                add(BLOG[(week // 2) % len(BLOG)], "Blog", day, None)
        elif wd == 4:
            title = themed(FRIDAY, week)
            on = campaign if title not in FRIDAY else None
            platform = "Instagram" if "Reel" in title or "Story" in title else "Facebook"
            add(title, platform, day, dt.time(10, 0), campaign=on)
            if week % 3 == 2:
                add(
                    f"TikTok : {FRIDAY[(week + 3) % len(FRIDAY)].lower()}",
                    "TikTok",
                    day,
                    dt.time(16, 0),
                )
        elif wd == 5 and week % 4 == 3:
            add("Vidéo du mois : la vie au centre", "YouTube", day, dt.time(10, 0))
        day += dt.timedelta(days=1)

    _add_specials(store, add, today, campaigns)
    for title, platform, status in BACKLOG:
        estimate = rng.choice(ESTIMATES[platform]) if rng.random() < 0.7 else None
        store.add_post(
            PostDraft(title=title, platform=platform, status=status, estimate_minutes=estimate)
        )
    return by_day, len(BACKLOG)


def _campaign_titles() -> dict[str, list[str]]:
    return {FUNDRAISING: FUNDRAISING_TITLES, VOLUNTEERS: VOLUNTEER_TITLES, HOLIDAYS: HOLIDAY_TITLES}


def _add_specials(
    store: Store,
    add: Callable[..., None],
    today: dt.date,
    campaigns: dict[str, tuple[dt.date, dt.date]],
) -> None:
    """Hand-written posts: the ones with copy, a highlight, and one on hold."""
    volunteers_start = campaigns[VOLUNTEERS][0]
    add(
        "Merci à nos bénévoles — message de la directrice",
        "Facebook",
        volunteers_start + dt.timedelta(days=2),
        dt.time(15, 0),
        campaign=VOLUNTEERS,
        status=Status.PUBLISHED,
        body=(
            "Cette semaine, on dit MERCI aux 140 bénévoles qui font vivre le centre.\n"
            "Cuisine, friperie, aide aux devoirs : rien ne serait possible sans vous. 💚\n"
            "#SemaineDesBénévoles"
        ),
        notes="Meilleure portée du trimestre : 4 800 personnes #highlight",
    )
    add(
        "Giving Tuesday: every gift doubled until midnight",
        "LinkedIn",
        today + dt.timedelta(days=8),
        dt.time(8, 30),
        campaign=FUNDRAISING if campaigns[FUNDRAISING][1] >= today + dt.timedelta(days=8) else None,
        status=Status.DRAFTING,
        body=(
            "Today only, a local donor matches every gift to Centre Les Berges, up to $10,000.\n"
            "Your $25 becomes $50: a week of hot meals for a senior in our neighbourhood.\n"
            "Link in the comments."
        ),
    )
    add(
        "Vidéo coulisses de la friperie (attend l'accord des bénévoles)",
        "TikTok",
        today + dt.timedelta(days=5),
        None,
        status=Status.ON_HOLD,
        notes="Autorisations photo à faire signer",
    )


def _add_entries(
    store: Store,
    rng: random.Random,
    local_now: dt.datetime,
    posts_by_day: dict[dt.date, list[tuple[int, str, int | None]]],
) -> int:
    today = local_now.date()
    first = week_start(today) - dt.timedelta(weeks=WEEKS_BACK)
    # Today's work stops at the last five-minute mark strictly before now.
    limit = local_now.hour * 60 + local_now.minute - 1
    limit -= limit % 5
    highlights = list(HIGHLIGHTS)
    crisis_day = first + dt.timedelta(weeks=5, days=5)  # a Saturday
    count = 0
    day = first
    while day <= today:
        blocks = _day_blocks(rng, day, first, posts_by_day, highlights, crisis_day)
        for block in blocks:
            end = block.end
            if day == today:
                if block.start > limit - 15:
                    continue
                end = min(end, limit)
            store.add_entry(
                EntryDraft(
                    duty=block.duty,
                    start=_at(store, day, block.start),
                    end=_at(store, day, end),
                    activity=block.activity,
                    note=block.note,
                    post_id=block.post_id,
                    source=block.source,
                    external_uid=block.external_uid,
                )
            )
            count += 1
        day += dt.timedelta(days=1)
    return count


def _at(store: Store, day: dt.date, minutes: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), tzinfo=store.zone)


def _day_blocks(
    rng: random.Random,
    day: dt.date,
    first: dt.date,
    posts_by_day: dict[dt.date, list[tuple[int, str, int | None]]],
    highlights: list[tuple[str, str]],
    crisis_day: dt.date,
) -> list[_Block]:
    """One day's work, in order and without overlaps."""
    week = (day - first).days // 7
    social_posts = [
        p
        for d in (day, day + dt.timedelta(days=1), day + dt.timedelta(days=2))
        for p in posts_by_day.get(d, [])
        if p[1] not in ("Newsletter", "Blog", "Website", "YouTube")
    ]
    blocks: list[_Block] = []
    if day.weekday() >= 5:
        if day == crisis_day:
            blocks.append(
                _Block(
                    810,
                    945,
                    "social media",
                    "crisis",
                    "Commentaires sur la fermeture de la piscine : réponses",
                    EntrySource.TIMER,
                )
            )
            blocks.append(
                _Block(
                    1200, 1230, "social media", "monitor", "Suivi de la crise", EntrySource.MANUAL
                )
            )
        elif day == crisis_day + dt.timedelta(days=1):
            blocks.append(
                _Block(
                    600,
                    660,
                    "social media",
                    "crisis",
                    "Crise piscine : message officiel",
                    EntrySource.MANUAL,
                )
            )
        elif rng.random() < 0.3:
            start = rng.choice([540, 600, 660, 1140])
            blocks.append(
                _Block(
                    start,
                    start + rng.choice([15, 20, 30]),
                    "social media",
                    "monitor",
                    "Veille du week-end",
                    EntrySource.MANUAL,
                )
            )
        return blocks

    weights = dict(BASE_WEIGHTS)
    if week == WEEKS_BACK - 4:  # volunteers' week
        weights["events"] *= 3
    if day.weekday() in (0, 1) and week % 2 == 0:
        weights["newsletters"] *= 3
    if week in (1, 2, 6):
        weights["press relations"] *= 2

    fixed: list[_Block] = []
    if day.weekday() == 0:
        fixed.append(
            _Block(
                600,
                660,
                "meetings",
                None,
                "Réunion d'équipe hebdomadaire",
                EntrySource.IMPORT,
                external_uid=f"demo-team-{day.isoformat()}@outlook.com",
            )
        )
    if day.weekday() == 3 and week % 2 == 1:
        fixed.append(
            _Block(
                840,
                930,
                "meetings",
                None,
                "Comité de la campagne",
                EntrySource.IMPORT,
                external_uid=f"demo-committee-{day.isoformat()}@outlook.com",
            )
        )
    lunch = rng.choice([705, 720, 720, 735, 750])
    lunch_end = lunch + rng.choice([30, 45, 60, 60])
    start = rng.choice([510, 525, 540, 540, 555])
    finish = rng.choice([975, 990, 1005, 1020, 1020, 1035])

    # Morning check of the channels, then blocks around the fixed meetings and lunch.
    if rng.random() < 0.45:
        fixed.append(
            _Block(
                start,
                start + 15,
                "social media",
                "monitor",
                rng.choice(SOCIAL_NOTES["monitor"]),
                EntrySource.MANUAL,
            )
        )
        start += 15
    walls = sorted(
        [*fixed, _Block(lunch, lunch_end, "", None, "", EntrySource.MANUAL)], key=lambda b: b.start
    )
    cursor = start
    for wall in [*walls, _Block(finish, finish, "", None, "", EntrySource.MANUAL)]:
        while wall.start - cursor >= 15:
            length = min(rng.choice([30, 45, 60, 60, 90, 120]), wall.start - cursor)
            blocks.append(
                _work_block(rng, cursor, cursor + length, weights, social_posts, highlights)
            )
            cursor += length
        cursor = max(cursor, wall.end)
    blocks.extend(b for b in fixed)

    if rng.random() < 0.3:  # evening check of comments
        evening = rng.choice([1200, 1230, 1260])
        blocks.append(
            _Block(
                evening,
                evening + rng.choice([15, 20, 30, 45]),
                "social media",
                rng.choice(["engage", "monitor"]),
                rng.choice(SOCIAL_NOTES["engage"]),
                EntrySource.MANUAL,
            )
        )
    return sorted(blocks, key=lambda b: b.start)


def _work_block(
    rng: random.Random,
    start: int,
    end: int,
    weights: dict[str, int],
    social_posts: list[tuple[int, str, int | None]],
    highlights: list[tuple[str, str]],
) -> _Block:
    duty = rng.choices(list(weights), weights=list(weights.values()))[0]
    source = EntrySource.TIMER if rng.random() < 0.2 else EntrySource.MANUAL
    if duty == "social media":
        activity = rng.choices(list(SOCIAL_ACTIVITIES), weights=list(SOCIAL_ACTIVITIES.values()))[0]
        post_id = None
        if activity in ("create", "publish") and social_posts:
            post_id = rng.choice(social_posts)[0]
        note = rng.choice(SOCIAL_NOTES[activity])
        return _Block(start, end, duty, activity, note, source, post_id)
    note = rng.choice(DUTY_NOTES[duty])
    for index, (wanted, text) in enumerate(highlights):
        if wanted == duty and rng.random() < 0.2:
            note = text
            del highlights[index]
            break
    return _Block(start, end, duty, None, note, source)
