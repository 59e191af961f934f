"""The demo's words and weights: titles, notes, estimates and the week's shape (data only)."""

from __future__ import annotations

from storage.models import Status

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
