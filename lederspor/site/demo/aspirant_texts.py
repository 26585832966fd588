"""The aspirant programme's demo texts (seed 000): network meeting themes, the practice tasks'
scope, goals, observations and learning points per catalogue number, the leaders' motivations
and the notes on tasks. Content in Danish, used by `aspirant.py`."""

from lederspor.catalogue.models import TaskAssignment

S = TaskAssignment.Status

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
