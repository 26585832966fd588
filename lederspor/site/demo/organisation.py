"""The demo municipality's organisation: "Lederspor Kommune" with five forvaltninger, their
områder and 44 workplaces, some 800 employees with Danish names and job titles that fit the
forvaltning, their logins, and the HR team whose two consultants run the programmes.

All randomness comes from the build's `random.Random(seed)`: the same seed gives the same
people. Persons and logins are bulk-created (five layers, top → staff) with unusable
passwords; `build_demo` gives the role logins the demo password at the end.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import unicodedata
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission

from lederspor.core.models import User
from lederspor.people.models import OrgUnit, Person
from lederspor.people.roles import login_of

MUNICIPALITY_CODE = "LK"
MUNICIPALITY_NAME = "Lederspor Kommune"
EMAIL_DOMAIN = "lederspor-kommune.dk"
ADMIN_EMAIL = f"admin@{EMAIL_DOMAIN}"
HR_TEAM = "HR og Lederudvikling"
FINANCE_TEAM = "Økonomi og Analyse"
SHOWCASE_WORKPLACE = "Skovbakkeskolen"
FOLLOW_WORKPLACE = "Nørrevangskolen"
#: the care unit whose leader is the demo's "plejeleder" (competence plans and kørekort)
CARE_WORKPLACE = "Plejecenter Solgården"
#: the workplace split into two teams, a fifth level below it (issue #17 §2: a tree of any
#: depth); away from the showcase units, so the story's people keep their units
TEAM_WORKPLACE = "Strandskolen"
#: the teams' names; kind "team", a level name the classic four do not have
TEAMS = ("Indskolingen", "Udskolingen")


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

#: a workplace: its name, or (name, profile key) where it differs from its area's profile
_Workplace = str | tuple[str, str]
#: an area: name, chief title, default profile key, workplaces
_Area = tuple[str, str, str, tuple[_Workplace, ...]]

#: forvaltning key, name, director's profession, areas: (name, chief title, default profile,
#: workplaces as a name or (name, profile))
ORG: tuple[tuple[str, str, str, tuple[_Area, ...]], ...] = (
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


# --- People ---------------------------------------------------------------------------------


_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})


def ascii_fold(text: str) -> str:
    """Lower-case `text` for an e-mail address: æøå → ae/oe/aa, accents and spaces dropped."""
    text = unicodedata.normalize("NFKD", text.lower().translate(_FOLD))
    return re.sub(r"[^a-z0-9-]", "", text.encode("ascii", "ignore").decode())


@dataclass
class Workplace:
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


def age(person: Person, today: dt.date) -> int:
    """`person`'s age in whole years at `today` (from the birth year)."""
    return today.year - (person.birth_year or today.year)


# --- The build ----------------------------------------------------------------------------------


def _units_and_people(rng: random.Random, people: _People) -> list[Workplace]:
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

    departments: list[tuple[str, OrgUnit, Person, tuple[_Area, ...]]] = []
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

    area_rows: list[tuple[str, OrgUnit, Person, str, tuple[_Workplace, ...]]] = []
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

    workplaces: list[Workplace] = []
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
            workplaces.append(Workplace(unit, key, profile, leader))
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
class Organisation:
    """What `build_organisation` made: the workplaces (by name too), the HR team's two
    consultants (the first runs the aspirant and Leder på spring cohorts, the second the trainee
    cohort) and the system administrator."""

    workplaces: list[Workplace]
    by_name: dict[str, Workplace]
    consultants: list[Person]
    admin: Person

    def leaders_for_development(self) -> list[Person]:
        """The workplace leaders whose staff fill the Leder på spring and trainee cohorts and who
        host career conversations: all but HR, finance, the showcase school and the care unit."""
        skip = (HR_TEAM, FINANCE_TEAM, SHOWCASE_WORKPLACE, CARE_WORKPLACE)
        return [w.leader for w in self.workplaces if w.unit.name not in skip]


def build_organisation(*, rng: random.Random, today: dt.date) -> Organisation:
    """Create the municipality, its units and people, and make the HR team's first two members
    the programmes' consultants (*ledelseskonsulenter*, with the permission to run them and to
    see every outgoing mail)."""
    workplaces = _units_and_people(rng, _People(rng, today))
    by_name = {w.unit.name: w for w in workplaces}
    hr = by_name[HR_TEAM]
    consultants = hr.staff[:2]
    for consultant in consultants:
        consultant.job_title, consultant.profession = "Ledelseskonsulent", "HR"
    Person.objects.bulk_update(consultants, ["job_title", "profession"])
    perm = Permission.objects.get(
        codename="manage_programmes", content_type__app_label="programmes"
    )
    perm.user_set.add(*(login_of(c) for c in consultants))
    # they run the municipality's mail queue too: every outgoing mail, not only their cohorts'
    # (notifications.view_all_email, issue #15 §4)
    Permission.objects.get(
        codename="view_all_email", content_type__app_label="notifications"
    ).user_set.add(*(login_of(c) for c in consultants))
    admin = next(p for p in hr.staff if p.email == ADMIN_EMAIL)
    return Organisation(workplaces, by_name, consultants, admin)


def build_teams() -> list[OrgUnit]:
    """Split `TEAM_WORKPLACE` into the two `TEAMS` (kind "team", a fifth level below the
    workplace) and move its staff who are on no programme into them, alternately in
    employee-number order; the workplace's leader stays their nearest leader. Run at the end of
    the build, so the story is untouched and only where those people sit changes. Deterministic
    (no randomness). Returns the two team units."""
    workplace = OrgUnit.objects.get(name=TEAM_WORKPLACE, kind=OrgUnit.Kind.WORKPLACE)
    teams = [
        OrgUnit.objects.create(
            code=f"{workplace.code}-T{i}", name=name, kind="team", parent=workplace
        )
        for i, name in enumerate(TEAMS, start=1)
    ]
    staff = list(
        Person.objects.filter(unit=workplace, is_leader=False, enrolments__isnull=True)
        .order_by("employee_number")
        .values_list("pk", flat=True)
    )
    for i, team in enumerate(teams):
        Person.objects.filter(pk__in=staff[i :: len(teams)]).update(unit=team)
    return teams


def manager_of(person: Person) -> Person:
    """`person`'s nearest leader: everyone in the demo has one but the municipal director."""
    if person.manager is None:
        raise ValueError(f"{person} has no nearest leader")
    return person.manager


class StaffPicker:
    """Picks the participants of the development programmes: each time the staff member of a
    leader with the lowest employee number who is neither picked before nor on any programme."""

    def __init__(self) -> None:
        self.taken: set[int] = set()

    def pick(self, leader: Person) -> Person:
        person = (
            Person.objects.filter(manager=leader, is_leader=False)
            .exclude(pk__in=self.taken)
            .exclude(enrolments__isnull=False)
            .order_by("employee_number")
            .first()
        )
        if person is None:
            raise ValueError(f"{leader} has nobody left to put on a programme")
        self.taken.add(person.pk)
        return person
