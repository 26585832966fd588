"""A realistic, deterministic demo municipality for `lederspor demo` (DESIGN.md "The main job").

`build_demo()` loads the seed content and creates "Lederspor Kommune": five forvaltninger with
their areas and 44 workplaces, some 800 employees with Danish names and job titles that fit the
forvaltning, an HR team, a running aspirant cohort (network meetings, attendance, practice tasks
in every status, a nominations queue) and next year's cohort, open for nominations.

All randomness comes from `random.Random(seed)`: the same seed gives the same people. Persons and
logins are bulk-created with unusable passwords; only the six role logins share one precomputed
hash of `DEMO_PASSWORD`, so the build takes a few seconds. Programme data goes through the
services, so the audit trail looks like real use.
"""

import datetime as dt
import random
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import zip_longest

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone

from lederspor.catalogue.content import load_catalogue
from lederspor.catalogue.models import PracticeTask, TaskAssignment, TaskNote
from lederspor.catalogue.services import (
    task_assignment_agree,
    task_assignment_complete,
    task_assignment_follow_up,
    task_assignment_propose,
    task_assignment_start,
    task_note_add,
)
from lederspor.competence.demo import CARE_WORKPLACE, build_competence_demo
from lederspor.conversations.content import load_conversation_templates
from lederspor.core.audit import audit_record
from lederspor.core.models import AuditEvent, User
from lederspor.grouping.demo import build_demo_groups
from lederspor.people.models import OrgUnit, Person
from lederspor.people.selectors import load_units, unit_of_kind
from lederspor.programmes.content import load_programmes
from lederspor.programmes.models import Cohort, Enrolment, Programme, Session
from lederspor.programmes.services import (
    attendance_set,
    cohort_create,
    enrolment_approve,
    enrolment_nominate,
    enrolment_reject,
    enrolment_withdraw,
    session_create,
)
from lederspor.site.audit import SiteAction
from lederspor.site.demo.development import build_development_demo
from lederspor.visits.demo import build_demo_job_visits, working_day
from lederspor.visits.services import wrap_up_book, wrap_up_compose

DEMO_PASSWORD = "lederspor-demo"
MUNICIPALITY_CODE = "LK"
MUNICIPALITY_NAME = "Lederspor Kommune"
EMAIL_DOMAIN = "lederspor-kommune.dk"
ADMIN_EMAIL = f"admin@{EMAIL_DOMAIN}"
ROLES = (
    "konsulent",
    "leder",
    "chef",
    "aspirant",
    "vaert",
    "administrator",
    "plejeleder",
    "medarbejder",
    "afklaring",
    "trainee",
    "karrierevaert",
    "hr-konsulent",
)
BUILD_ACTION = SiteAction.DEMO_BUILD

ACTIVE_COHORT = "Lederaspiranter 2026"
NEXT_COHORT = "Lederaspiranter 2027"
HR_TEAM = "HR og Lederudvikling"
FINANCE_TEAM = "Økonomi og Analyse"
SHOWCASE_WORKPLACE = "Skovbakkeskolen"
FOLLOW_WORKPLACE = "Nørrevangskolen"

S = TaskAssignment.Status


@dataclass(frozen=True)
class DemoLogins:
    """The demo's role logins, in display order; all share `password`."""

    entries: tuple[tuple[str, str], ...]
    password: str = DEMO_PASSWORD

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def email(self, role: str) -> str:
        """The e-mail of `role` (one of `ROLES`). Raises KeyError for an unknown role."""
        return dict(self.entries)[role]


# --- Organisation data ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Profile:
    """What a kind of workplace looks like: its leader's title and its staff mix."""

    leader_title: str
    leader_profession: str
    size: tuple[int, int]
    #: (job title, profession (*faggruppe*), weight, share of women in %)
    staff: tuple[tuple[str, str, int, int], ...]

    @property
    def female_share(self) -> float:
        total = sum(w for _t, _p, w, _f in self.staff)
        return sum(w * f for _t, _p, w, f in self.staff) / total / 100


ADM = "Administrativ medarbejder"
SSA = "Social- og sundhedsassistent"
SSH = "Social- og sundhedshjælper"
PA = "Pædagogisk assistent"

# fmt: off
PROFILES: dict[str, _Profile] = {
    "school": _Profile("Skoleleder", "Lærer", (24, 32), (
        ("Lærer", "Lærer", 12, 68), ("Pædagog", "Pædagog", 4, 75), (PA, PA, 2, 80),
        ("Skolesekretær", ADM, 1, 95), ("Pedel", "Teknisk service", 1, 10))),
    "daycare": _Profile("Dagtilbudsleder", "Pædagog", (12, 18), (
        ("Pædagog", "Pædagog", 6, 85), (PA, PA, 2, 85),
        ("Pædagogmedhjælper", "Pædagogmedhjælper", 2, 75), ("Køkkenmedarbejder", "Køkken og service", 1, 90))),
    "family": _Profile("Afdelingsleder", "Socialrådgiver", (8, 14), (
        ("Socialrådgiver", "Socialrådgiver", 4, 85), ("Familiebehandler", "Pædagog", 3, 75),
        ("Psykolog", "Psykolog", 1, 80), (ADM, ADM, 1, 90))),
    "health_visiting": _Profile("Ledende sundhedsplejerske", "Sygeplejerske", (8, 12), (
        ("Sundhedsplejerske", "Sygeplejerske", 5, 98), (ADM, ADM, 1, 90))),
    "ppr": _Profile("PPR-leder", "Psykolog", (8, 12), (
        ("Psykolog", "Psykolog", 4, 80), ("Tale-hørekonsulent", "Audiologopæd", 2, 90),
        ("Pædagogisk konsulent", "Lærer", 2, 70))),
    "nursing_home": _Profile("Forstander", "Sygeplejerske", (22, 30), (
        (SSA, SSA, 5, 88), (SSH, SSH, 4, 90), ("Sygeplejerske", "Sygeplejerske", 1, 95),
        ("Aktivitetsmedarbejder", "Ergoterapeut", 1, 85), ("Køkkenmedarbejder", "Køkken og service", 1, 80))),
    "home_care": _Profile("Distriktsleder", "Sygeplejerske", (18, 26), (
        (SSH, SSH, 5, 90), (SSA, SSA, 4, 88), ("Sygeplejerske", "Sygeplejerske", 1, 95),
        ("Planlægger", ADM, 1, 80))),
    "nursing": _Profile("Sygeplejeleder", "Sygeplejerske", (14, 20), (
        ("Sygeplejerske", "Sygeplejerske", 5, 95), (SSA, SSA, 2, 88))),
    "training": _Profile("Afdelingsleder", "Fysioterapeut", (8, 12), (
        ("Fysioterapeut", "Fysioterapeut", 3, 70), ("Ergoterapeut", "Ergoterapeut", 3, 88),
        ("Sundhedskonsulent", "Sygeplejerske", 1, 85), ("Sekretær", ADM, 1, 90))),
    "jobcenter": _Profile("Afdelingsleder", "Socialrådgiver", (12, 18), (
        ("Jobkonsulent", "Socialrådgiver", 4, 70), ("Socialrådgiver", "Socialrådgiver", 3, 85),
        ("Virksomhedskonsulent", ADM, 2, 55), (ADM, ADM, 1, 85))),
    "residential": _Profile("Forstander", "Pædagog", (14, 20), (
        ("Pædagog", "Pædagog", 5, 65), (SSA, SSA, 2, 85), (PA, PA, 2, 65))),
    "social_admin": _Profile("Afdelingsleder", "Socialrådgiver", (10, 14), (
        ("Socialrådgiver", "Socialrådgiver", 5, 85), ("Sagsbehandler", ADM, 2, 80),
        ("Bostøttemedarbejder", "Pædagog", 2, 70))),
    "operations": _Profile("Driftsleder", "Faglært", (10, 16), (
        ("Vej- og parkarbejder", "Faglært", 5, 10), ("Anlægsgartner", "Faglært", 2, 25),
        ("Maskinfører", "Faglært", 2, 5), ("Mekaniker", "Faglært", 1, 5), ("Driftsassistent", ADM, 1, 60))),
    "technical": _Profile("Afdelingsleder", "Ingeniør", (8, 12), (
        ("Ingeniør", "Ingeniør", 3, 40), ("Byggesagsbehandler", "Bygningskonstruktør", 2, 50),
        ("Planlægger", "Akademiker", 2, 55), ("Miljømedarbejder", "Akademiker", 1, 60), (ADM, ADM, 1, 85))),
    "finance": _Profile("Afdelingsleder", "Økonom", (6, 10), (
        ("Økonomikonsulent", "Økonom", 4, 55), ("Controller", "Økonom", 1, 45), ("Bogholder", ADM, 2, 80))),
    "it": _Profile("Afdelingsleder", "IT", (6, 10), (
        ("IT-konsulent", "IT", 4, 25), ("Digitaliseringskonsulent", "Akademiker", 2, 50))),
    "citizen_service": _Profile("Afdelingsleder", ADM, (8, 12), (
        ("Borgerservicemedarbejder", ADM, 5, 80), ("Fagspecialist", ADM, 1, 75))),
    "hr": _Profile("Afdelingsleder", "HR", (6, 8), (
        ("HR-konsulent", "HR", 3, 80), ("HR-partner", "HR", 1, 70), ("Arbejdsmiljøkonsulent", "HR", 1, 60))),
    "payroll": _Profile("Afdelingsleder", ADM, (6, 10), (
        ("Lønkonsulent", ADM, 4, 85), ("Personalejurist", "Jurist", 1, 65))),
}

#: forvaltning key, name, director's profession, areas: (name, chief title, default profile,
#: workplaces as a name or (name, profile))
ORG: tuple = (
    ("BU", "Børn og Unge", "Lærer", (
        ("Skoler Nord", "Skolechef", "school", (SHOWCASE_WORKPLACE, FOLLOW_WORKPLACE, "Søndermarkskolen", "Bakkegårdsskolen", "Rismølleskolen")),
        ("Skoler Syd", "Skolechef", "school", ("Vestervangskolen", "Engdalskolen", "Kirkebakkeskolen", "Strandskolen")),
        ("Dagtilbud", "Dagtilbudschef", "daycare", ("Dagtilbud Vestbyen", "Dagtilbud Østbyen", "Dagtilbud Midtby", "Børnehuset Mariehønen", "Vuggestuen Spiren")),
        ("Familie og Forebyggelse", "Familiechef", "family", ("Familiehuset", ("Sundhedsplejen", "health_visiting"), ("PPR", "ppr"))),
    )),
    ("SO", "Sundhed og Omsorg", "Sygeplejerske", (
        ("Plejecentre", "Områdechef", "nursing_home", ("Plejecenter Solgården", "Plejecenter Lindehøj", "Plejecenter Bøgely", "Plejecenter Engbo")),
        ("Hjemmepleje og Sygepleje", "Områdechef", "home_care", ("Hjemmeplejen Nord", "Hjemmeplejen Syd", ("Sygeplejen", "nursing"))),
        ("Sundhed og Træning", "Sundhedschef", "training", ("Træningscenter Aktiv", "Sundhedscentret")),
    )),
    ("SB", "Social og Beskæftigelse", "Socialrådgiver", (
        ("Beskæftigelse", "Jobcenterchef", "jobcenter", ("Jobcenter Nord", "Jobcenter Syd", "Ungeindsatsen")),
        ("Voksen og Handicap", "Socialchef", "residential", ("Bostedet Kastanjehuset", "Botilbud Fyrrebo", ("Socialpsykiatrien", "social_admin"), ("Myndighed Voksen", "social_admin"))),
    )),
    ("TM", "Teknik og Miljø", "Ingeniør", (
        ("Drift", "Driftschef", "operations", ("Vej og Park", "Materielgården", "Affald og Genbrug")),
        ("Plan og Byg", "Plan- og byggechef", "technical", ("Byggesag", "Plan og Udvikling", "Natur og Miljø")),
    )),
    ("OP", "Økonomi og Personale", "Økonom", (
        ("Personale og Organisation", "Personalechef", "hr", (HR_TEAM, ("Løn og Personale", "payroll"))),
        ("Økonomi og Digitalisering", "Økonomichef", "finance", (FINANCE_TEAM, ("Digitalisering og IT", "it"), ("Borgerservice", "citizen_service"))),
    )),
)
# fmt: on

FEMALE_NAMES = (
    "Anne Mette Kirsten Hanne Helle Susanne Lene Marianne Camilla Louise Pia Charlotte Maria Tina "
    "Gitte Lone Bente Karen Rikke Julie Sofie Ida Emma Mathilde Line Signe Trine Maja Cecilie "
    "Katrine Stine Birgitte Malene Dorthe Heidi Sanne Christina Nadia Fatima Amalie Laura Freja "
    "Anja Jette Karina Marie Nanna Eva Inge Jytte Lise Mona Natasja Sara Zainab Agnieszka"
).split()
MALE_NAMES = (
    "Peter Jens Michael Lars Henrik Thomas Søren Jan Niels Christian Martin Anders Morten Jesper "
    "Rasmus Mads Kasper Jakob Mikkel Frederik Jonas Simon Kim Ole Poul Klaus Brian Torben Steen "
    "Carsten Bo Allan Kenneth Mathias Emil Tobias Oliver Ali Omar Nikolaj Casper Bjarne Finn Per "
    "Erik Hans Jørgen Kristian Flemming Rune Mehmet Tomasz"
).split()
LAST_NAMES = (
    "Nielsen Jensen Hansen Pedersen Andersen Christensen Larsen Sørensen Rasmussen Jørgensen "
    "Petersen Madsen Kristensen Olsen Thomsen Christiansen Poulsen Johansen Møller Mortensen "
    "Knudsen Jakobsen Mikkelsen Olesen Frederiksen Laursen Henriksen Lund Schmidt Eriksen Holm "
    "Kristiansen Clausen Simonsen Svendsen Andreasen Iversen Jeppesen Mogensen Nissen Vestergaard "
    "Bach Lauridsen Kjær Dam Østergaard Nørgaard Skov Bertelsen Kjeldsen Dahl Friis Munk Brandt "
    "Bang Winther Juhl Høj Krogh Ahmed Hussein Yilmaz Nowak Nguyen"
).split()

# --- Programme data ---------------------------------------------------------------------------

#: Themes of the six network meetings. "Ledelse i en politisk styret organisation" and
#: "Projekt- og procesledelse" are named in seed 000; the other four are demo data.
MEETINGS = (
    ("Fra medarbejder til leder – lederrollen og dig", "Rådhuset, mødelokale 2"),
    ("Ledelse i en politisk styret organisation", "Rådhuset, byrådssalen"),
    ("Kommunikation og den svære samtale", "Kulturhuset, sal 1"),
    ("Projekt- og procesledelse", "Rådhuset, mødelokale 2"),
    ("Økonomi og styring i en kommune", "Plejecenter Solgården, caféen"),
    ("Forandringsledelse, arbejdsmiljø og din vej videre", "Kulturhuset, sal 1"),
)
#: days after the cohort start on which each network meeting falls (moved to a Tuesday)
MEETING_OFFSETS = (6, 28, 55, 95, 140, 200)

#: number → (scope, time and resources, learning goal, observations, learning points);
#: {wp} is the aspirant's workplace. None is an own task outside the catalogue.
# fmt: off
TASK_TEXTS: dict[int, tuple[str, str, str, str, str]] = {
    1: ("Deltage som observatør i ansættelsesudvalget ved den kommende rekruttering på {wp}: formøde, to samtalerunder og den afsluttende vurdering af kandidaterne.",
        "Ca. 8 timer over tre uger. Lederen giver adgang til ansøgningerne og orienterer udvalget.",
        "At forstå, hvordan en ansættelsessamtale forberedes og gennemføres, og hvordan kandidaterne vurderes op mod stillingsprofilen.",
        "Forberedelsen af spørgsmålene fyldte mere end ventet. Udvalget var uenigt om den sidste kandidat, og det var lærerigt at se, hvordan lederen samlede drøftelsen.",
        "En tydelig stillingsprofil gør vurderingen lettere. Jeg vil øve mig i at stille opfølgende spørgsmål i stedet for at læse spørgsmålene op."),
    4: ("Planlægge og gennemføre introduktionen af en ny kollega på {wp} de første fire uger: introduktionsplan, makkerordning og en opfølgende samtale efter en måned.",
        "2 timer om ugen i fire uger. Lederen godkender planen inden start.",
        "At tage ansvar for en ny medarbejders første tid og øve den forventningsafstemmende samtale.",
        "Den nye kollega satte stor pris på en fast makker. Planen for første uge var for tætpakket.",
        "Mindre er mere i første uge. Forventninger skal afstemmes tidligt og gerne skriftligt."),
    5: ("Kortlægge de politikker, love og samarbejdspartnere, der har størst betydning for hverdagen på {wp}, og fremlægge overblikket på et personalemøde.",
        "6 timer til research og 20 minutter på personalemødet.",
        "At forstå sammenhængen mellem politiske beslutninger og praksis og kunne forklare den for kolleger.",
        "Kollegerne kendte kun få af politikkerne. Overblikket gav en god drøftelse af, hvorfor vi gør, som vi gør.",
        "Jeg skal koble politik til konkrete eksempler fra hverdagen, så det giver mening for kollegerne."),
    6: ("Interviewe en leder eller chef fra en anden del af kommunen om, hvordan vedkommende navigerer mellem politiske krav og hverdagens drift.",
        "1 times interview og 2 timers forberedelse. Lederen hjælper med at skabe kontakt.",
        "At få nye perspektiver på lederrollen og blive klogere på, hvad der tiltaler mig ved den.",
        "Interviewpersonen fortalte, hvordan hun oversætter politiske beslutninger til få, tydelige prioriteringer for medarbejderne.",
        "Ledelse handler meget om at skabe mening. Jeg vil øve mig i at forklare hvorfor og ikke kun hvad."),
    7: ("Skrive to udkast til mails om en ændring af mødestrukturen på {wp}: én til medarbejdergruppen og én til chefen.",
        "3 timer plus en sparringssamtale med lederen.",
        "At tilpasse sprog og informationsniveau til forskellige målgrupper.",
        "Mailen til chefen blev for lang og detaljeret; mailen til kollegerne manglede baggrunden for beslutningen.",
        "Start med budskabet. Tænk over, hvad modtageren skal bruge informationen til."),
    8: ("Holde et oplæg på 30 minutter for kollegerne på {wp} om projekt- og procesledelse med afsæt i netværksmødet.",
        "5 timers forberedelse og et punkt på personalemødet.",
        "At formidle ny viden, så kollegerne kan bruge den, og at øve sig i at stå foran en gruppe.",
        "Oplægget holdt tiden, og kollegerne tog modellen i brug på det næste projektmøde.",
        "Øvelser virker bedre end slides. Jeg var mere rolig, end jeg havde frygtet."),
    9: ("Deltage som observatør i tre ledermøder i området og et møde i MED-udvalget.",
        "Ca. 10 timer over to måneder. Lederen orienterer mødedeltagerne på forhånd.",
        "At få helhedsforståelse for områdets prioriteringer og se, hvordan beslutninger bliver til.",
        "Meget af arbejdet sker før og efter møderne. Lederne brugte tid på at afklare, hvem der gør hvad.",
        "Beslutninger bliver bedre, når uenighed kommer frem på mødet og ikke på gangen bagefter."),
    10: ("Være mødeleder for teammødet på {wp} tre gange: rammesætning, dagsorden, tidsstyring, opsamling og aftaler.",
         "1 times forberedelse pr. møde. Lederen deltager som almindelig mødedeltager.",
         "At træne struktur og tidsstyring og at få alle perspektiver frem i en drøftelse.",
         "Første møde løb et kvarter over tiden. Ved andet og tredje møde holdt tiden, og aftalerne kom i referatet med det samme.",
         "Rammesætning i starten sparer tid senere. Det er i orden at parkere en drøftelse og tage den op igen."),
    12: ("Undersøge et konkret problem i hverdagen på {wp} (overleveringen mellem vagter), afprøve en ny løsning i fire uger og evaluere den med kollegerne.",
         "3 timer om ugen i seks uger.",
         "At gå fra idé til afprøvning og involvere kolleger i en forandring.",
         "Den nye overleveringsseddel blev brugt af de fleste efter to uger; nattevagterne ønskede en kortere udgave.",
         "Forandring kræver, at kollegerne er med til at forme løsningen. Små prøvehandlinger giver hurtig læring."),
    13: ("Udarbejde et budgetforslag for næste år for en afgrænset del af driften på {wp} (vikarer og materialer) sammen med en økonomikonsulent.",
         "8 timer over en måned og to møder med økonomikonsulenten.",
         "At forstå budgetprocessen og kunne begrunde prioriteringer med tal.",
         "Vikarforbruget svinger meget hen over året. Forslaget gav lederen et bedre grundlag for at prioritere.",
         "Tal skal kobles til kerneopgaven, før de giver mening for medarbejderne."),
    15: ("Være projektleder for et mindre projekt på {wp} med en projektgruppe på tre kolleger og bruge kommunens fælles projektmodel.",
         "4 timer om ugen i tre måneder. Lederen er projektejer.",
         "At lede en opgave og en gruppe uden at være formel leder.",
         "Projektgruppen var engageret, men det var svært at få møderne prioriteret i travle perioder.",
         "Aftal tydelige roller fra start, og giv projektejeren en kort status hver anden uge."),
    16: ("Følge en leder fra en anden arbejdsplads en halv dag om ugen i fire uger: møder, planlægning og dialog med medarbejdere.",
         "4 × 4 timer. Aftales med værten, som giver adgang til relevant materiale.",
         "At opleve lederens hverdag og dilemmaer og give værten en tilbagemelding til sidst.",
         "Lederen brugte mere tid på relationer og koordinering end på drift, og mange beslutninger blev truffet hurtigt.",
         "Jeg skal blive bedre til at prioritere min tid og til at sige fra."),
    17: ("Bytte job i to dage med en kollega fra en anden arbejdsplads i området med fokus på arbejdsgange og samarbejde.",
         "2 arbejdsdage; de to ledere aftaler dækning.",
         "At styrke samarbejdet på tværs og få idéer til egen praksis.",
         "Den anden arbejdsplads havde en enkel måde at fordele opgaver på, som vi kan lade os inspirere af.",
         "Det er lettere at samarbejde, når man kender hinandens hverdag."),
}
# fmt: on
OWN_TASK = (
    "Planlægning af sommerferieplanen",
    "Lægge forslag til sommerferieplanen for {wp}, så driften er dækket og medarbejdernes ønsker så vidt muligt opfyldes.",
    "5 timer. Lederen godkender planen.",
    "At afveje hensyn til drift og ønsker og kommunikere en beslutning, ikke alle er glade for.",
    "Planen gik op, men to kolleger var utilfredse med fordelingen af ugerne i juli.",
    "Gennemsigtighed om kriterierne gør en upopulær beslutning lettere at forstå.",
)
TASK_POOL: tuple[int | None, ...] = (1, 4, 5, 6, 7, 8, 9, 10, 12, 13, 15, 16, 17, None)
HOSTED = {6, 13, 16, 17}
#: status → (start, due) in days from today; a task's dates follow how far it has come
TASK_DAYS = {
    S.FOLLOWED_UP: (-50, -25),
    S.DONE: (-35, -6),
    S.IN_PROGRESS: (-14, 21),
    S.AGREED: (7, 45),
    S.PROPOSED: (21, 70),
}
STATUS_ORDER = (S.PROPOSED, S.AGREED, S.IN_PROGRESS, S.DONE, S.FOLLOWED_UP)

MOTIVATIONS = (
    "{first} tager allerede ansvar for koordineringen i teamet og er en naturlig samlingsfigur. {he} har selv ønsket at afprøve ledelse.",
    "{first} er fagligt stærk, god til at skabe overblik og har vist mod til at gå forrest i forandringer på {wp}.",
    "{first} har i det sidste år været tovholder på flere udviklingsopgaver og får ros fra kolleger for sin tydelige kommunikation.",
    "{first} er nysgerrig på ledelse og har gode relationer på tværs af faggrupper. Forløbet skal hjælpe {him} med at afklare lederambitionerne.",
    "{first} fungerer ofte som stedfortræder, når jeg er væk, og jeg ser et stort ledelsespotentiale.",
    "{first} er vedholdende og løsningsorienteret og har styr på både drift og faglig udvikling på {wp}.",
)
ASPIRANT_NOTES = (
    "Jeg har booket lokale og sendt dagsordenen ud en uge før.",
    "Første del er gået godt. Jeg har skrevet mine observationer ned til vores opfølgning.",
    "Det var sværere end ventet at finde tid i kalenderen – vi har rykket slutdatoen en uge.",
    "Jeg har aftalt et ekstra møde med værten for at gå i dybden med et par spørgsmål.",
)
LEADER_NOTES = (
    "God start. Husk at skrive de aftaler ned, vi tog på sidste møde.",
    "Jeg har orienteret kollegerne, så de ved, hvad opgaven går ud på.",
)
CHEF_COMMENTS = (
    "Chefkommentar: Rigtig fin opgave, som passer godt til områdets fokus i år.",
    "Chefkommentar: Overvej at dele erfaringerne på næste ledermøde i området.",
    "Chefkommentar: Godt arbejde. Jeg vil gerne høre mere ved vores næste statusmøde.",
)
HOST_NOTES = (
    "Vi har aftalt de første to møder, og jeg har sendt materiale på forhånd.",
    "Det har været en god oplevelse at være vært – tak for gode spørgsmål.",
)


# --- Helpers ----------------------------------------------------------------------------------

_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})


def ascii_fold(text: str) -> str:
    """Lower-case `text` for an e-mail address: æøå → ae/oe/aa, accents and spaces dropped."""
    text = unicodedata.normalize("NFKD", text.lower().translate(_FOLD))
    return re.sub(r"[^a-z0-9-]", "", text.encode("ascii", "ignore").decode())


def _at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    """An aware datetime on `day` in the current time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _meeting_day(day: dt.date) -> dt.date:
    """The first Tuesday on or after `day` outside the Christmas and summer holidays."""
    day += dt.timedelta(days=(1 - day.weekday()) % 7)
    while day.month == 7 or (day.month, day.day) >= (12, 20) or (day.month, day.day) <= (1, 3):
        day += dt.timedelta(days=7)
    return day


@dataclass
class _Workplace:
    unit: OrgUnit
    department: str
    profile: _Profile
    leader: Person
    staff: list[Person] = field(default_factory=list)


class _People:
    """Makes unsaved persons with names, e-mails and dates, and saves them a layer at a time."""

    def __init__(self, rng: random.Random, today: dt.date) -> None:
        self.rng, self.today = rng, today
        self.seen: dict[str, int] = {}
        self.number = 200_000

    def make(
        self,
        unit: OrgUnit,
        title: str,
        profession: str,
        *,
        female_share: float,
        manager: Person | None,
        age: tuple[int, int],
        is_leader: bool = False,
        email: str = "",
    ) -> Person:
        rng = self.rng
        female = rng.random() < female_share
        first = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
        last = rng.choice(LAST_NAMES)
        if rng.random() < 0.07:  # a double surname, as many Danes have
            last = f"{rng.choice(LAST_NAMES)} {last}"
        if not email:
            local = f"{ascii_fold(first)}.{ascii_fold(last)}"
            self.seen[local] = n = self.seen.get(local, 0) + 1
            email = f"{local}{n if n > 1 else ''}@{EMAIL_DOMAIN}"
        years_old = rng.randint(*age)
        tenure_years = rng.randint(0, max(0, min(years_old - 22, 35)))
        employed = self.today - dt.timedelta(days=tenure_years * 365 + rng.randint(30, 364))
        self.number += 1
        person = Person(
            employee_number=str(self.number),
            first_name=first,
            last_name=last,
            email=email,
            job_title=title,
            profession=profession,
            unit=unit,
            manager=manager,
            gender=Person.Gender.FEMALE if female else Person.Gender.MALE,
            birth_year=self.today.year - years_old,
            employed_since=employed,
            is_leader=is_leader,
        )
        return person

    def save(self, persons: list[Person], *, admin_email: str = "") -> None:
        """Bulk-create a login per person (unusable password) and then the persons."""
        users = [
            User(
                email=p.email,
                first_name=p.first_name,
                last_name=p.last_name,
                password=make_password(None),
                is_staff=p.email == admin_email,
                is_superuser=p.email == admin_email,
            )
            for p in persons
        ]
        User.objects.bulk_create(users)
        for person, user in zip(persons, users, strict=True):
            person.user = user
        Person.objects.bulk_create(persons)


def _age(person: Person, today: dt.date) -> int:
    return today.year - (person.birth_year or today.year)


# --- The build --------------------------------------------------------------------------------


def demo_exists() -> bool:
    """Whether the demo municipality is already in the database."""
    return OrgUnit.objects.filter(code=MUNICIPALITY_CODE).exists()


def demo_logins() -> DemoLogins | None:
    """The role logins recorded by the last `build_demo`, or None if there is no demo."""
    event = (
        AuditEvent.objects.filter(action=BUILD_ACTION, object_type="people.orgunit")
        .order_by("-at", "-id")
        .first()
    )
    if event is None or not demo_exists():
        return None
    return DemoLogins(tuple((role, email) for role, email in event.data["logins"]))


def demo_summary() -> dict[str, int]:
    """Counts for the console: departments, areas, workplaces, persons, enrolments."""
    return {
        "departments": OrgUnit.objects.filter(parent__code=MUNICIPALITY_CODE).count(),
        "areas": OrgUnit.objects.filter(parent__parent__code=MUNICIPALITY_CODE).count(),
        "workplaces": OrgUnit.objects.filter(
            parent__parent__parent__code=MUNICIPALITY_CODE
        ).count(),
        "persons": Person.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").count(),
        "enrolled": Enrolment.objects.filter(
            cohort__name=ACTIVE_COHORT, status=Enrolment.Status.ENROLLED
        ).count(),
        "tasks": TaskAssignment.objects.filter(enrolment__cohort__name=ACTIVE_COHORT).count(),
    }


@transaction.atomic
def build_demo(*, seed: int = 2026, today: dt.date | None = None) -> DemoLogins:
    """Create the demo municipality, its people and programme activity; return the role logins.

    Deterministic for a given `seed` and `today` (names, e-mails, units, tasks). `today` lets
    a caller pin the dates, but keep it near the real date: the services check nomination
    deadlines and follow-up dates against the clock. Raises IntegrityError if the demo already
    exists (check `demo_exists()` first).
    """
    today = today or timezone.localdate()
    rng = random.Random(seed)
    programmes = {p.key: p for p in load_programmes()}
    catalogue = {t.number: t for t in load_catalogue()}
    load_conversation_templates()
    people = _People(rng, today)
    workplaces = _build_organisation(rng, people, today)
    by_name = {w.unit.name: w for w in workplaces}

    hr = by_name[HR_TEAM]
    consultants = hr.staff[:2]
    for consultant in consultants:
        consultant.job_title, consultant.profession = "Ledelseskonsulent", "HR"
    Person.objects.bulk_update(consultants, ["job_title", "profession"])
    perm = Permission.objects.get(
        codename="manage_programmes", content_type__app_label="programmes"
    )
    perm.user_set.add(*(c.user for c in consultants))
    admin = next(p for p in hr.staff if p.email == ADMIN_EMAIL)

    builder = _ProgrammeBuilder(rng, today, consultants, catalogue, by_name)
    showcase = builder.run(programmes["aspirant"], workplaces)
    build_demo_groups(
        cohort=Cohort.objects.get(name=ACTIVE_COHORT), by_user=consultants[0].user, seed=seed
    )
    _build_job_visits(rng, today, consultants[0], showcase.leader)
    care = by_name[CARE_WORKPLACE]
    competence = build_competence_demo(
        care_unit=care.unit,
        care_leader=care.leader,
        care_staff=care.staff,
        school_unit=showcase.leader.unit,
        school_leader=showcase.leader,
        today=today,
        rng=rng,
    )

    development = build_development_demo(
        rng=rng,
        today=today,
        consultants=consultants,
        showcase_leader=showcase.leader,
        leaders=[
            w.leader
            for w in workplaces
            if w.unit.name not in (HR_TEAM, FINANCE_TEAM, SHOWCASE_WORKPLACE, CARE_WORKPLACE)
        ],
    )

    logins = DemoLogins(
        (
            ("konsulent", consultants[0].email),
            ("leder", showcase.leader.email),
            ("chef", showcase.chef.email),
            ("aspirant", showcase.aspirant.email),
            ("vaert", showcase.host.email),
            ("administrator", admin.email),
            ("plejeleder", competence.care_leader.email),
            ("medarbejder", competence.employee.email),
            ("afklaring", development.clarification_participant.email),
            ("trainee", development.trainee.email),
            ("karrierevaert", development.career_host.email),
            ("hr-konsulent", development.hr_consultant.email),
        )
    )
    demo_hash = make_password(DEMO_PASSWORD)
    User.objects.filter(email__in=[email for _role, email in logins]).update(password=demo_hash)
    municipality = OrgUnit.objects.get(code=MUNICIPALITY_CODE)
    audit_record(
        actor=admin.user,
        action=BUILD_ACTION,
        obj=municipality,
        summary=MUNICIPALITY_NAME,
        seed=seed,
        logins=[list(pair) for pair in logins],
    )
    return logins


def _build_job_visits(
    rng: random.Random, today: dt.date, consultant: Person, showcase_leader: Person
) -> None:
    """A job-visit cohort of 30 leaders "in March" (seed 001), the demo leader among them, with
    the wrap-up groups composed and booked so the gate shows who still lacks a visit."""
    leaders = list(
        Person.objects.filter(is_leader=True, email__endswith=f"@{EMAIL_DOMAIN}")
        .exclude(unit__name=HR_TEAM)
        # leaders of områder and arbejdspladser; the directors above them are in everyone's line
        .filter(unit__parent__parent__isnull=False)
        .order_by("employee_number")
    )
    units = load_units()
    by_department: dict[int | None, list[Person]] = {}
    for leader in leaders:
        department = unit_of_kind(leader.unit_id, OrgUnit.Kind.DEPARTMENT, units)
        by_department.setdefault(getattr(department, "pk", None), []).append(leader)
    # take leaders from the forvaltninger in turn, so pairs across forvaltninger are possible
    mixed = [p for batch in zip_longest(*by_department.values()) for p in batch if p]
    cohort = build_demo_job_visits(
        today=today,
        rng=rng,
        leaders=mixed,
        consultant=consultant,
        by_user=consultant.user,
        include=[showcase_leader],
    )
    tz = timezone.get_current_timezone()
    for number, group in enumerate(wrap_up_compose(cohort=cohort, by=consultant.user)):
        # a working day (visits.demo.working_day: Mon–Fri, not Christmas/New Year)
        day = working_day(today + dt.timedelta(days=56 + number % 3))
        start = dt.datetime.combine(day, dt.time(9 + 3 * (number % 2)), tzinfo=tz)
        wrap_up_book(
            group=group,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2, minutes=30),
            place="Rådhuset, mødelokale 2",
            consultants=[consultant],
            by=consultant.user,
        )


def _build_organisation(rng: random.Random, people: _People, today: dt.date) -> list[_Workplace]:
    """Create the unit tree and ~800 persons (five bulk layers: top → staff)."""
    kommune = OrgUnit.objects.create(
        code=MUNICIPALITY_CODE, name=MUNICIPALITY_NAME, kind=OrgUnit.Kind.MUNICIPALITY
    )
    top = people.make(
        kommune,
        "Kommunaldirektør",
        "Akademiker",
        female_share=0.5,
        manager=None,
        age=(50, 63),
        is_leader=True,
    )
    people.save([top])

    departments: list[tuple[str, OrgUnit, Person, tuple]] = []
    for key, name, profession, areas in ORG:
        unit = OrgUnit.objects.create(
            code=f"{MUNICIPALITY_CODE}-{key}",
            name=name,
            kind=OrgUnit.Kind.DEPARTMENT,
            parent=kommune,
        )
        director = people.make(
            unit,
            f"Direktør for {name}",
            profession,
            female_share=0.55,
            manager=top,
            age=(48, 63),
            is_leader=True,
        )
        departments.append((key, unit, director, areas))
    people.save([d[2] for d in departments])

    area_rows: list[tuple[str, OrgUnit, Person, str, tuple]] = []
    for key, dep_unit, director, areas in departments:
        for i, (name, chief_title, profile_key, wps) in enumerate(areas, start=1):
            unit = OrgUnit.objects.create(
                code=f"{dep_unit.code}-{i}", name=name, kind=OrgUnit.Kind.AREA, parent=dep_unit
            )
            profile = PROFILES[profile_key]
            chief = people.make(
                unit,
                chief_title,
                profile.leader_profession,
                female_share=0.55,
                manager=director,
                age=(42, 63),
                is_leader=True,
            )
            area_rows.append((key, unit, chief, profile_key, wps))
    people.save([a[2] for a in area_rows])

    workplaces: list[_Workplace] = []
    for key, area_unit, chief, default_profile, wps in area_rows:
        for j, entry in enumerate(wps, start=1):
            name, profile_key = entry if isinstance(entry, tuple) else (entry, default_profile)
            profile = PROFILES[profile_key]
            unit = OrgUnit.objects.create(
                code=f"{area_unit.code}{j:02d}",
                name=name,
                kind=OrgUnit.Kind.WORKPLACE,
                parent=area_unit,
            )
            leader = people.make(
                unit,
                profile.leader_title,
                profile.leader_profession,
                female_share=profile.female_share,
                manager=chief,
                age=(34, 62),
                is_leader=True,
            )
            workplaces.append(_Workplace(unit, key, profile, leader))
    people.save([w.leader for w in workplaces])

    staff: list[Person] = []
    for wp in workplaces:
        weights = [w for _t, _p, w, _f in wp.profile.staff]
        for _ in range(rng.randint(*wp.profile.size)):
            title, profession, _w, female = rng.choices(wp.profile.staff, weights)[0]
            wp.staff.append(
                people.make(
                    wp.unit,
                    title,
                    profession,
                    female_share=female / 100,
                    manager=wp.leader,
                    age=(23, 64),
                )
            )
        if wp.unit.name == HR_TEAM:
            wp.staff.append(
                people.make(
                    wp.unit,
                    "Systemadministrator",
                    "IT",
                    female_share=0.5,
                    manager=wp.leader,
                    age=(30, 60),
                    email=ADMIN_EMAIL,
                )
            )
        staff.extend(wp.staff)
    people.save(staff, admin_email=ADMIN_EMAIL)
    return workplaces


@dataclass
class _Showcase:
    leader: Person
    chef: Person
    aspirant: Person
    host: Person


class _ProgrammeBuilder:
    """Runs the aspirant programme through the services: cohorts, meetings, nominations, tasks."""

    def __init__(
        self,
        rng: random.Random,
        today: dt.date,
        consultants: list[Person],
        catalogue: dict[int, PracticeTask],
        by_name: dict[str, _Workplace],
    ) -> None:
        self.rng, self.today, self.catalogue, self.by_name = rng, today, catalogue, by_name
        self.consultant = consultants[0]
        self.consultants = consultants
        self.actual_today = min(today, timezone.localdate())
        self.chiefs = sorted({w.leader.manager for w in by_name.values()}, key=lambda p: p.email)
        self.economists = [
            p
            for p in by_name[FINANCE_TEAM].staff
            if p.job_title in ("Økonomikonsulent", "Controller")
        ]

    # -- cohorts and sessions ----------------------------------------------------------------

    def run(self, programme: Programme, workplaces: list[_Workplace]) -> _Showcase:
        today, by = self.today, self.consultant.user
        cohort = cohort_create(
            programme=programme,
            name=ACTIVE_COHORT,
            starts_on=today - dt.timedelta(days=61),
            ends_on=today + dt.timedelta(days=183),
            capacity=26,
            consultants=self.consultants,
            by=by,
            description="Lederaspirantforløb for medarbejdere, der overvejer et første job som leder. "
            "Seks netværksmøder og ledelsesopgaver i egen praksis.",
        )
        cohort_create(
            programme=programme,
            name=NEXT_COHORT,
            starts_on=today + dt.timedelta(days=91),
            ends_on=today + dt.timedelta(days=91 + 240),
            capacity=26,
            consultants=self.consultants,
            by=by,
            nomination_deadline=today + dt.timedelta(days=42),
            description="Næste hold af lederaspiranter. Nærmeste leder indstiller med en kort "
            "begrundelse inden fristen.",
        )
        sessions = []
        for (theme, place), offset in zip(MEETINGS, MEETING_OFFSETS, strict=True):
            day = _meeting_day(cohort.starts_on + dt.timedelta(days=offset))
            session = session_create(
                cohort=cohort,
                kind=Session.Kind.NETWORK_MEETING,
                theme=theme,
                starts_at=_at(day, 13),
                ends_at=_at(day, 16),
                place=place,
                by=by,
            )
            sessions.append(session)
        candidates = self._candidates(workplaces)
        enrolled = self._enrol(cohort, candidates)
        self._attendance(sessions, enrolled)
        return self._tasks(enrolled)

    def _candidates(self, workplaces: list[_Workplace]) -> list[tuple[Person, _Workplace]]:
        """31 aspirants-to-be: the showcase teacher first, then one per random workplace."""
        pool = [w for w in workplaces if w.unit.name not in (HR_TEAM, FINANCE_TEAM)]
        showcase = self.by_name[SHOWCASE_WORKPLACE]
        others = [w for w in pool if w is not showcase]
        self.rng.shuffle(others)
        chosen = []
        for wp in [showcase, *others[:30]]:
            eligible = [
                p
                for p in wp.staff
                if 27 <= _age(p, self.today) <= 50
                and p.employed_since
                and (self.today - p.employed_since).days >= 730
                and p.profession == wp.profile.staff[0][1]
            ] or wp.staff
            chosen.append((self.rng.choice(eligible), wp))
        return chosen

    def _enrol(
        self, cohort: Cohort, candidates: list[tuple[Person, _Workplace]]
    ) -> list[Enrolment]:
        """25 approved (one withdraws later), 5 pending nominations, 1 rejected."""
        rng, by, consultant = self.rng, self.consultant.user, self.consultant
        start = cohort.starts_on
        nominated: list[Enrolment] = []
        for i, (person, wp) in enumerate(candidates):
            motivation = rng.choice(MOTIVATIONS).format(
                first=person.first_name,
                he="Hun" if person.gender == Person.Gender.FEMALE else "Han",
                him="hende" if person.gender == Person.Gender.FEMALE else "ham",
                wp=wp.unit.name,
            )
            enrolment = enrolment_nominate(
                cohort=cohort,
                person=person,
                nominated_by=wp.leader,
                motivation=motivation,
                by=wp.leader.user,
            )
            days_ago = rng.randint(3, 20) if 25 <= i < 30 else rng.randint(95, 120)
            Enrolment.objects.filter(pk=enrolment.pk).update(
                nominated_at=_at(self.today - dt.timedelta(days=days_ago), 9 + i % 7, 5 * (i % 12))
            )
            nominated.append(enrolment)
        for enrolment in nominated[:25]:
            enrolment_approve(enrolment=enrolment, decided_by=consultant, by=by)
        rejected = nominated[30]
        enrolment_reject(
            enrolment=rejected,
            decided_by=consultant,
            by=by,
            reason=f"Vi vurderer, at {rejected.person.first_name} får mest ud af forløbet efter et "
            f"år mere i den nuværende stilling. Indstil gerne igen til {NEXT_COHORT}.",
        )
        Enrolment.objects.filter(pk__in=[e.pk for e in [*nominated[:25], nominated[30]]]).update(
            decided_at=_at(start - dt.timedelta(days=30), 11)
        )
        withdrawn = nominated[24]
        enrolment_withdraw(
            enrolment=withdrawn,
            by=by,
            reason="Har fået nyt job i en anden kommune og stopper derfor i forløbet.",
        )
        Enrolment.objects.filter(pk=withdrawn.pk).update(
            withdrawn_at=_at(self.today - dt.timedelta(days=40), 10)
        )
        return nominated[:24]

    def _attendance(self, sessions: list[Session], enrolled: list[Enrolment]) -> None:
        """Attendance for the meetings already held: mostly present, a few absent or excused."""
        now = _at(self.today, 12)
        for session in sessions:
            if session.ends_at >= now:
                continue
            for enrolment in enrolled:
                roll = self.rng.random()
                status = "present" if roll < 0.86 else "excused" if roll < 0.95 else "absent"
                attendance_set(
                    session=session, enrolment=enrolment, status=status, by=self.consultant.user
                )

    # -- practice tasks ----------------------------------------------------------------------

    def _tasks(self, enrolled: list[Enrolment]) -> _Showcase:
        """Tasks in every status: five for the showcase aspirant, 1–3 for the next 16, none for
        the last 7 (empty states are part of the demo)."""
        rng = self.rng
        first = enrolled[0]
        leader = first.person.manager
        host = rng.choice(self.economists)
        follow_host = self.by_name[FOLLOW_WORKPLACE].leader
        interviewee = next(c for c in self.chiefs if c.pk != leader.manager_id)
        plan = (
            (10, S.FOLLOWED_UP, leader, None),
            (6, S.DONE, first.person, interviewee),
            (13, S.IN_PROGRESS, first.person, host),
            (16, S.AGREED, leader, follow_host),
            (1, S.PROPOSED, first.person, None),
        )
        for number, status, proposer, task_host in plan:
            assignment = self._task(first, number, status, proposer, task_host)
            if status == S.FOLLOWED_UP:
                self._note(assignment, first.person, ASPIRANT_NOTES[1], days_ago=30)
                self._note(assignment, leader.manager, CHEF_COMMENTS[0], days_ago=14)
            if task_host is host:
                self._note(assignment, host, HOST_NOTES[0], days_ago=10)
                self._note(assignment, first.person, ASPIRANT_NOTES[3], days_ago=5)

        for i, enrolment in enumerate(enrolled[1:17], start=1):
            numbers = rng.sample(TASK_POOL, 1 + i % 3)
            for k, number in enumerate(numbers):
                status = STATUS_ORDER[(i + k) % len(STATUS_ORDER)]
                proposer = enrolment.person.manager if rng.random() < 0.6 else enrolment.person
                task_host = self._host_for(number, enrolment)
                assignment = self._task(enrolment, number, status, proposer, task_host)
                started = STATUS_ORDER.index(status) >= STATUS_ORDER.index(S.IN_PROGRESS)
                if started and rng.random() < 0.6:
                    self._note(assignment, enrolment.person, rng.choice(ASPIRANT_NOTES), days_ago=8)
                if status == S.AGREED and rng.random() < 0.5:
                    self._note(
                        assignment, enrolment.person.manager, rng.choice(LEADER_NOTES), days_ago=4
                    )
                if status in (S.DONE, S.FOLLOWED_UP) and rng.random() < 0.4:
                    chef = enrolment.person.manager.manager
                    self._note(assignment, chef, rng.choice(CHEF_COMMENTS), days_ago=3)
                if task_host and started and rng.random() < 0.5:
                    self._note(assignment, task_host, rng.choice(HOST_NOTES), days_ago=6)
        return _Showcase(leader=leader, chef=leader.manager, aspirant=first.person, host=host)

    def _host_for(self, number: int | None, enrolment: Enrolment) -> Person | None:
        """A host from another workplace for the tasks that need one (interview, økonomi …)."""
        rng, own_unit = self.rng, enrolment.person.unit_id
        if number == 6:
            return rng.choice(
                [c for c in self.chiefs if c.pk != enrolment.person.manager.manager_id]
            )
        if number == 13:
            return rng.choice(self.economists)
        if number in (16, 17):
            leaders = [w.leader for w in self.by_name.values() if w.unit.pk != own_unit]
            return rng.choice(leaders)
        return None

    def _task(
        self,
        enrolment: Enrolment,
        number: int | None,
        status: str,
        proposer: Person,
        host: Person | None,
    ) -> TaskAssignment:
        """Propose a task and take it through the services up to `status`."""
        aspirant, leader = enrolment.person, enrolment.person.manager
        wp = aspirant.unit.name
        if number is None:
            title, scope, resources, goal, observations, points = OWN_TASK
            task = None
        else:
            task, title = self.catalogue[number], ""
            scope, resources, goal, observations, points = TASK_TEXTS[number]
        start_days, due_days = TASK_DAYS[status]
        jitter = self.rng.randint(-4, 4)
        starts_on = self.today + dt.timedelta(days=start_days + jitter)
        due_on = self.today + dt.timedelta(days=due_days + jitter)
        assignment = task_assignment_propose(
            enrolment=enrolment,
            proposed_by=proposer,
            by=proposer.user,
            catalogue_task=task,
            title=title,
            scope=scope.format(wp=wp),
            resources=resources,
            learning_goal=goal,
            host=host,
            starts_on=starts_on,
            due_on=due_on,
        )
        level = STATUS_ORDER.index(status)
        other = aspirant if proposer.pk == leader.pk else leader
        stamps: dict[str, dt.datetime] = {}
        if level >= 1:
            assignment = task_assignment_agree(
                assignment=assignment, expected_version=assignment.version, by=other.user
            )
            agreed_on = max(starts_on - dt.timedelta(days=10), self.today - dt.timedelta(days=55))
            stamps["agreed_at"] = _at(min(agreed_on, self.today), 14)
        if level >= 2:
            assignment = task_assignment_start(
                assignment=assignment, expected_version=assignment.version, by=aspirant.user
            )
        if level >= 3:
            assignment = task_assignment_complete(
                assignment=assignment, expected_version=assignment.version, by=aspirant.user
            )
            stamps["done_at"] = _at(due_on, 15)
        if level >= 4:
            held_on = min(due_on + dt.timedelta(days=7), self.actual_today)
            assignment = task_assignment_follow_up(
                assignment=assignment,
                expected_version=assignment.version,
                by=leader.user,
                held_on=held_on,
                observations=observations,
                learning_points=points,
            )
            stamps["followed_up_at"] = _at(held_on, 15)
        if stamps:
            TaskAssignment.objects.filter(pk=assignment.pk).update(**stamps)
        return assignment

    def _note(
        self, assignment: TaskAssignment, author: Person, text: str, *, days_ago: int
    ) -> None:
        note = task_note_add(assignment=assignment, author=author, text=text, by=author.user)
        TaskNote.objects.filter(pk=note.pk).update(
            created_at=_at(self.today - dt.timedelta(days=days_ago), 12)
        )
