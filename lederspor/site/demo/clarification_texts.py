"""Leder på spring's demo texts (seed 002): the leaders' motivation, the homework of each
teaching day, the leader talks and the peers' feedback. Content in Danish, used by
`clarification.py`."""

MOTIVATION = (
    "{first} tager ofte ansvar i teamet og har spurgt til, hvad et lederjob indebærer. "
    "Et afklaringsforløb vil give {him} et godt grundlag for at beslutte sig."
)

#: index of the teaching day the leader talks are delivered on (the 5th, seed 002 §5)
TALK_DAY = 4

#: homework per teaching day (index of the day, title, text, solved in the network group); the
#: talk is prepared as homework from the teaching day before it
DEMO_HOMEWORK = (
    (
        0,
        "Mit ledelsesrum",
        "Beskriv dit ledelsesrum, som du ser det i dag: hvem bestemmer "
        "hvad, og hvor har du selv indflydelse?",
        False,
    ),
    (
        0,
        "Læs artiklerne",
        "Læs artiklerne fra mailen før kursusstart, og noter tre spørgsmål til netværksgruppen.",
        True,
    ),
    (1, "Min biografi", "Gør din personlige biografi færdig fra det biografiske værksted.", False),
    (
        2,
        "Et dilemma fra min hverdag",
        "Tag et dilemma med, som netværksgruppen kan arbejde med på 3. undervisningsdag.",
        True,
    ),
    (
        TALK_DAY - 1,
        "Forbered dit lederindlæg",
        f"Forbered et lederindlæg på 5 minutter til {TALK_DAY + 1}. undervisningsdag.",
        False,
    ),
)

DEMO_TALKS = (
    "Når vi ændrer vagtplanen",
    "Hvorfor vi holder morgenmøde",
    "Vores nye dokumentationspraksis",
)

DEMO_FEEDBACK = (
    {
        "impact_feedback": "Du stod roligt og holdt øjenkontakt med hele rummet.",
        "impact_feedforward": "Slut af med én tydelig pointe, vi kan huske.",
        "delivery_feedback": "Dit eksempel fra hverdagen gjorde det konkret.",
        "delivery_feedforward": "Brug en pause, før du kommer til pointen.",
        "overall_feedback": "Et klart og velforberedt indlæg.",
        "overall_feedforward": "",
    },
    {
        "impact_feedback": "Stemmen bar godt, også bagerst i lokalet.",
        "impact_feedforward": "Tal lidt langsommere i starten.",
        "delivery_feedback": "God rød tråd fra problem til løsning.",
        "delivery_feedforward": "Færre ord på slides – fortæl i stedet.",
        "overall_feedback": "",
        "overall_feedforward": "Inddrag tilhørerne med et spørgsmål.",
    },
)

#: the tasks each network group gets (seed 002 §6: "Der bliver bestemte opgaver, som I skal løse
#: i netværksgrupperne."; §5: day 3 opens with the homework, day 4 with the career conversation)
NETWORK_GROUP_TASKS = (
    "Dag 3: Saml op på hjemmeopgaverne – hver fortæller kort om sit ledelsesrum, og gruppen "
    "finder to fælles spørgsmål til dagens tema om autoritet og beslutninger.\n"
    "Dag 4: Læringsopsamling på karrieresamtalerne og/eller de udvalgte artikler. "
    "{facilitator} styrer tiden første gang; derefter på skift."
)
