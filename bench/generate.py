"""A synthetic national workspace: every municipality with a full set of arenas.

The files are written as a coordinator writes the bundled data (seed style: flow mappings,
plain scalars, unquoted dates and clock times, comments), so the parsers meet what they meet
in real use. Nothing here is a real person or a real municipality: roles, not names; addresses
under example.org; kommunenummer 9000-9356, which no Norwegian municipality has.

The arenas follow the mix of frequency kinds in the bundled data (33 arenas from seeds 000,
001 and 004): per_term 14, on_demand 9, every_n_weeks 4, monthly 4, weekly 1, range 1;
scaled to 30 arenas a municipality that is 12, 8, 4, 4, 1, 1. About half are bound to the
school calendar, as in the seeds.

Deterministic: the same arguments give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

MUNICIPALITIES = 357
ARENAS_PER_MUNICIPALITY = 30

KIND_MIX = (
    ["per_term"] * 12
    + ["on_demand"] * 8
    + ["every_n_weeks"] * 4
    + ["monthly"] * 4
    + ["weekly"]
    + ["range"]
)

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")

SERVICES = {
    "oppvekst": ("Oppvekst og kultur", False),
    "helse-og-omsorg": ("Helse og omsorg", False),
    "barnehage": ("Barnehage", False),
    "grunnskole": ("Grunnskole", False),
    "helsestasjonen": ("Helsestasjonen", False),
    "ppt": ("PPT (Pedagogisk psykologisk tjeneste)", False),
    "barnevern": ("Barnevernstjenesten", False),
    "innvandrertjenesten": ("Innvandrertjenesten", False),
    "psykisk-helse-og-rus": ("Psykisk helse og rustjeneste", False),
    "tildelingskontoret": ("Tildelingskontoret", False),
    "nav": ("NAV", False),
    "legekontor": ("Legekontor", False),
    "kultur": ("Kulturskole og kultur", False),
    "familiesenter": ("Familiesenter", False),
    "politi": ("Politidistriktet", True),
    "videregaende-skole": ("Videregående skole", True),
    "frivilligsentralen": ("Frivilligsentralen", True),
    "bup": ("Barne- og ungdomspsykiatri (BUP)", True),
}

ROLES = {
    "kommunalsjef-oppvekst": ("Kommunalsjef oppvekst", "oppvekst"),
    "kommunalsjef-helse": ("Kommunalsjef helse og omsorg", "helse-og-omsorg"),
    "radgiver-oppvekst": ("Rådgiver oppvekst", "oppvekst"),
    "slt-koordinator": ("SLT-koordinator", None),
    "barnekoordinator": ("Barnekoordinator", None),
    "bti-koordinator": ("BTI-koordinator", None),
    "kommunepsykolog": ("Kommunepsykolog", None),
    "enhetsleder-barnehage": ("Enhetsleder barnehage", "barnehage"),
    "styrere": ("Styrere", "barnehage"),
    "enhetsleder-grunnskole": ("Enhetsleder grunnskole", "grunnskole"),
    "rektorer": ("Rektorer", "grunnskole"),
    "miljoterapeuter": ("Miljøterapeuter", "grunnskole"),
    "tjenesteleder-helsestasjon": ("Tjenesteleder helsestasjon", "helsestasjonen"),
    "helsesykepleier": ("Helsesykepleier", "helsestasjonen"),
    "enhetsleder-ppt": ("Enhetsleder PPT", "ppt"),
    "enhetsleder-barnevern": ("Enhetsleder barnevern", "barnevern"),
    "tjenesteleder-innvandrertjenesten": (
        "Tjenesteleder innvandrertjenesten",
        "innvandrertjenesten",
    ),
    "fagleder-psykisk-helse-og-rus": ("Fagleder psykisk helse og rus", "psykisk-helse-og-rus"),
    "koordinerende-enhet": ("Leder koordinerende enhet", "tildelingskontoret"),
    "nav-kontakt": ("NAV-kontakt for ungdom", "nav"),
    "kommuneoverlege": ("Kommuneoverlege", "legekontor"),
    "kulturleder": ("Kulturleder", "kultur"),
    "leder-familiesenter": ("Leder familiesenter", "familiesenter"),
    "politikontakt": ("Politikontakt", "politi"),
    "rektor-videregaende": ("Rektor videregående skole", "videregaende-skole"),
    "ot-veileder": ("OT-veileder", "videregaende-skole"),
    "ungdomslos": ("Ungdomslos", None),
    "foreldre": ("Foreldre", None),
}

# (name, level, age band, mandate): the kinds of arena the seeds describe.
ARENAS = (
    ("Samordningsteam barn og unge", "system", "0-25", "Samordne innsatsen for barn og unge"),
    ("Ressursteam sosialpedagogikk", "individ", "6-18", "Drøfte utfordringer for eleven"),
    ("Skoleteam", "individ", "6-16", "Drøfte saker om skolenærvær og skolemiljø"),
    ("Tverrfaglig forskoleteam", "individ", "0-6", "Drøfte barn i barnehagen anonymt"),
    ("Ansvarsgruppemøte", "individ", "0-25", "Sikre et helhetlig tilbud"),
    ("SLT-koordineringsgruppe", "system", "12-25", "Samordne lokale kriminalforebyggende tiltak"),
    ("SLT-politiråd", "system", "0-25", "Forankre det forebyggende arbeidet"),
    ("BTI-team", "system", "0-25", "Implementere Bedre tverrfaglig innsats"),
    ("BTI-nettverk", "system", "0-25", "Dele erfaring med stafettloggen"),
    ("Familieteam", "individ", "0-18", "Gi familier rask og samordnet hjelp"),
    ("Beredskapsteam mot mobbing", "individ", "6-18", "Bistå skoler i mobbesaker"),
    ("Psykososialt kriseteam", "system", "0-25", "Planlegge hjelp ved kriser"),
    ("Klinisk tverrfaglig team", "tjeneste", "0-25", "Drøfte saker på tjenestenivå"),
    ("Styringsgruppe rus og psykisk helse", "system", "13-25", "Styre planarbeidet"),
    ("Samarbeidsmøte helsestasjon og barnehage", "individ", "0-6", "Følge opp barn med behov"),
    ("Samarbeidsmøte barnehage og skole", "individ", "5-7", "Planlegge overgangen til skolen"),
    ("Samarbeidsmøte barnevern og politi", "individ", "0-18", "Drøfte bekymringer tidlig"),
    ("Samarbeidsmøte NAV og videregående", "individ", "16-25", "Hindre frafall"),
    ("Felles styrer- og rektormøte", "system", "0-16", "Samordne barnehage og skole"),
    ("Fagdag ledere helse og oppvekst", "system", "0-25", "Felles kompetanseheving"),
    ("Stafettloggmøter", "individ", "0-25", "Følge opp tiltak i stafettloggen"),
    ("Ungdomsråd", "system", "13-19", "Høre ungdommens stemme"),
    ("Overgangsteam ungdomsskole og videregående", "individ", "15-17", "Trygge overgangen"),
    ("Inkluderingsteam", "individ", "0-25", "Inkludere nyankomne barn og unge"),
    ("Folkehelseforum", "system", "0-25", "Samordne folkehelsearbeidet"),
    ("Fritidsteam", "tjeneste", "6-18", "Gi alle barn en meningsfull fritid"),
    ("Rusforebyggende team", "tjeneste", "13-25", "Forebygge rus blant ungdom"),
    ("Tidlig innsats-team", "individ", "0-6", "Fange opp barn tidlig"),
    ("Koordinerende enhet barn", "tjeneste", "0-18", "Tildele koordinator og IP"),
    ("Helhetlig oppvekstforum", "system", "0-25", "Følge oppvekstplanen"),
)

VENUES = ("Rådhuset, møterom 1", "Helsestasjonen", "Ungdomsskolen", "Familiesenteret")


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _slugify(name: str) -> str:
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a", " ": "-", "(": "", ")": "", ",": ""})
    slug = name.lower().translate(table)
    return "-".join(part for part in slug.split("-") if part)


def _weekday_on_or_after(day: dt.date, weekday: str) -> dt.date:
    return day + dt.timedelta(days=(WEEKDAYS.index(weekday) - day.weekday()) % 7)


def _school_year(start: int, rng: random.Random) -> list[str]:
    """One school year of a skolerute, shifted a week here and there between municipalities."""
    shift = dt.timedelta(weeks=rng.choice((0, 1)))
    # A Wednesday start, after two planning days (Monday and Tuesday).
    first = _weekday_on_or_after(dt.date(start, 8, 15), "wednesday") + shift
    autumn = _weekday_on_or_after(dt.date(start, 9, 28), "monday") + shift
    winter = _weekday_on_or_after(dt.date(start + 1, 2, 22), "monday") + shift
    easter = dt.date(start + 1, 3, 22) if start == 2026 else dt.date(start + 1, 4, 10)
    last = dt.date(start + 1, 6, 18) if start == 2026 else dt.date(start + 1, 6, 20)
    planning = [first - dt.timedelta(days=2), first - dt.timedelta(days=1)]
    return [
        f'  "{start}-{(start + 1) % 100:02d}":',
        "    source: assumed, verify against the adopted skolerute",
        f"    first_day: {first}",
        f"    last_day: {last}",
        "    breaks:",
        f"      høstferie: {{start: {autumn}, end: {autumn + dt.timedelta(days=4)}}}",
        f"      juleferie: {{start: {start}-12-21, end: {start + 1}-01-01}}",
        f"      vinterferie: {{start: {winter}, end: {winter + dt.timedelta(days=4)}}}",
        f"      påskeferie: {{start: {easter}, end: {easter + dt.timedelta(days=7)}}}",
        f"    planning_days: [{', '.join(str(day) for day in planning)}]",
    ]


def municipality_file(index: int, slug: str, with_wheel: bool) -> str:
    """The text of one municipality file."""
    rng = random.Random(f"municipality-{index}")
    malform = "nn" if index % 3 == 0 else "nb"
    domain = f"{slug}.example.org"
    lines = [
        "# yaml-language-server: $schema=../../schemas/municipality.schema.json",
        f"# Synthetic municipality {index + 1} of the national benchmark set; no real data.",
        f"name: Testkommune {index + 1:03d}",
        f'kommunenummer: "{9000 + index}"',
        f"malform: {malform}",
        "timezone: Europe/Oslo",
        "",
        "services:",
    ]
    for service, (name, external) in SERVICES.items():
        extra = ", external: true" if external else ""
        lines.append(f"  {service}: {{name: {name}{extra}}}")
    lines += ["", "roles:"]
    for role, (role_name, role_service) in ROLES.items():
        extra = f", service: {role_service}" if role_service else ""
        lines.append(f"  {role}: {{name: {role_name}{extra}}}")
    lines += [
        "",
        "# Roles, not people: each address is a shared mailbox of the role.",
        "roster:",
    ]
    for role in rng.sample(sorted(ROLES), 14):
        name = ROLES[role][0]
        lines.append(f"  {role}:")
        for mailbox in range(rng.choice((1, 1, 2))):
            suffix = f"-{mailbox + 1}" if mailbox else ""
            lines.append(f"    - {{name: {name}, email: {role}{suffix}@{domain}}}")
    lines += ["", "school_years:", *_school_year(2026, rng), *_school_year(2027, rng)]
    lines += [
        "",
        "closed_days:",
        "  - {start: 2026-12-24, reason: julaften}",
        "  - {start: 2026-12-31, reason: nyttårsaften}",
        "  - {start: 2027-12-24, reason: julaften}",
        "  - {start: 2027-12-31, reason: nyttårsaften}",
        "",
        "consent:",
        "  self_consent_age: 15",
        "  renewal_interval_years: 2",
    ]
    if index % 2 == 0:
        lines += [
            "",
            "log_control:",
            "  months: [2, 5, 11]",
            "  responsible:",
            "    - role: rektorer",
            "    - role: styrere",
            "    - role: tjenesteleder-helsestasjon",
            "  checks:",
            "    - Oppfølging av tiltakene i loggen",
            "    - Samtykkets varighet og fornying",
        ]
    if with_wheel:
        lines += ["", f"annual_wheel: {slug}.arshjul.yaml"]
    if index % 5 == 0:
        lines += ["", "smtp:", f"  host: smtp.{domain}", "  port: 587", f"  sender: post@{domain}"]
    return "\n".join(lines) + "\n"


def annual_wheel_file() -> str:
    """The text of an årshjul companion file."""
    return (
        "# yaml-language-server: $schema=../../schemas/annual-wheel.schema.json\n"
        "title: Årshjul for tverrfaglig samarbeid\n"
        "entries:\n"
        "  - months: [1, 2, 3]\n"
        "    activities:\n"
        "      - Gjennomgang og ajourføring av rutiner på hjemmesiden\n"
        "    responsible:\n"
        "      - role: kommunalsjef-oppvekst\n"
        "  - months: [4, 5, 6]\n"
        "    activities:\n"
        "      - Nettverkssamling for ressurspersoner\n"
        "      - Kontroll av aktive og inaktive logger\n"
        "    responsible:\n"
        "      - role: barnekoordinator\n"
        "      - role: rektorer\n"
        "  - months: [8, 9]\n"
        "    activities:\n"
        "      - Opplæring av nytilsatte\n"
        "    responsible:\n"
        "      - role: styrere\n"
        "  - months: [10, 11, 12]\n"
        "    activities:\n"
        "      - Nettverkssamling for BTI-nettverket\n"
        "    responsible:\n"
        "      - role: bti-koordinator\n"
    )


def _frequency(kind: str, rng: random.Random) -> list[str]:
    weekday = rng.choice(WEEKDAYS)
    if kind == "per_term":
        spring, autumn = rng.choice((2, 3)), rng.choice((2, 3))
        body = [f"spring: {spring}", f"autumn: {autumn}", f"weekday: {weekday}"]
        text = f"{spring + autumn} møter i året. Vår: {spring}, høst: {autumn}"
    elif kind == "range":
        body = ["min_per_year: 4", "max_per_year: 6", f"weekday: {weekday}"]
        text = "4-6 møter i året"
    elif kind == "every_n_weeks":
        weeks = rng.choice((2, 3, 4, 6))
        anchor = _weekday_on_or_after(dt.date(2026, 8, 24), weekday)
        body = [f"every_weeks: {weeks}", f"weekday: {weekday}", f"anchor: {anchor}"]
        text = f"Hver {weeks}. uke"
    elif kind == "monthly":
        week = rng.choice(("1", "2", "3", "4", "last"))
        body = [f"weekday: {weekday}", f"week: {week}"]
        text = "Månedlige møter"
    elif kind == "weekly":
        body = [f"weekday: {weekday}"]
        text = "Hver uke"
    else:
        body = []
        text = "Ved behov"
    return ["frequency:", f"  kind: {kind}", *(f"  {line}" for line in body), f"  text: {_q(text)}"]


def arena_file(index: int, position: int, kind: str) -> str:
    """The text of one arena file."""
    rng = random.Random(f"arena-{index}-{position}")
    name, level, age_band, mandate = ARENAS[position]
    roles = sorted(ROLES)
    services = sorted(SERVICES)
    participants = rng.sample(roles, rng.randint(3, 7))
    conveners = rng.sample(participants, rng.choice((1, 1, 2)))
    series = kind != "on_demand"
    lines = [
        "# yaml-language-server: $schema=../../../schemas/arena.schema.json",
        "# Synthetic arena of the national benchmark set; no real data.",
        f"name: {name}",
        f"level: [{level}]",
        f'age_band: "{age_band}"',
        "",
        "mandate:",
        f"  - {mandate}",
        "  - Sikre at barn og unge får rett hjelp til rett tid",
        "tasks:",
        "  - Utveksle informasjon innenfor taushetspliktens rammer",
        "  - Evaluere tiltak og samarbeidet en gang i året",
        "",
        "participants:",
    ]
    for role in participants:
        lines.append(f"  - role: {role}")
    for service in rng.sample(services, rng.randint(0, 3)):
        lines += [f"  - service: {service}", "    optional: true", "    note: Ved behov"]
    lines += [
        f"participants_text: {_q(', '.join(ROLES[role][0] for role in participants))}",
        "",
        "convener:",
        *(f"  - role: {role}" for role in conveners),
        "chair:",
        f"  role: {conveners[0]}",
        "",
    ]
    if rng.random() < 0.4:
        lines += [
            "minutes:",
            "  writer:",
            f"    role: {participants[-1]}",
            "  archive: Elements",
            "  all_participants_receive: true",
            "  recipients:",
            "    - service: oppvekst",
            "",
        ]
    form = rng.choice(("physical", "physical", "digital", "hybrid"))
    lines += ["meeting:", f"  form: {form}"]
    if form != "digital" and rng.random() < 0.2:
        lines += ["  alternating_locations:", *(f"    - {venue}" for venue in VENUES[:2])]
    elif form != "digital":
        lines.append(f"  location: {rng.choice(VENUES)}")
    if series:
        lines += [
            f"  start: {rng.choice(('08:30', '09:00', '10:30', '12:00', '14:00'))}",
            f"  duration_minutes: {rng.choice((60, 60, 90, 120))}",
        ]
    lines += ["", *_frequency(kind, rng), ""]
    lines.append(f"school_calendar: {'true' if position % 2 == 0 else 'false'}")
    if series and rng.random() < 0.1:
        lines.append(f"on_closed_day: {rng.choice(('earlier', 'later'))}")
    lines += [
        f"case_discussion: {rng.choice(('anonymous', 'anonymous_or_consent', 'consent'))}",
        "agenda:",
        "  lead_days: 7",
        "  submissions: Deltakerne melder inn saker til møteleder",
        "revision:",
        "  interval_months: 12",
        "  responsible: arena",
        f"  last_revised: 2026-0{rng.randint(1, 5)}-15",
        "",
        "notes:",
        "  - Referat sendes deltakerne innen en uke.",
        "",
        "assumptions:",
        '  - "meeting.start: not in the source; assumed."',
        '  - "school_calendar: the source does not say; assumed."',
    ]
    return "\n".join(lines) + "\n"


def generate(
    data_dir: Path,
    municipalities: int = MUNICIPALITIES,
    arenas: int = ARENAS_PER_MUNICIPALITY,
) -> int:
    """Write the workspace into `data_dir` (municipalities/ and arenas/); return the file count."""
    if arenas > len(ARENAS):
        raise ValueError(f"at most {len(ARENAS)} arenas a municipality")
    kinds = (KIND_MIX * (arenas // len(KIND_MIX) + 1))[:arenas]
    files = 0
    (data_dir / "municipalities").mkdir(parents=True)
    for index in range(municipalities):
        slug = f"testkommune-{index + 1:03d}"
        with_wheel = index % 4 == 0
        folder = data_dir / "municipalities"
        (folder / f"{slug}.yaml").write_text(municipality_file(index, slug, with_wheel))
        files += 1
        if with_wheel:
            (folder / f"{slug}.arshjul.yaml").write_text(annual_wheel_file())
            files += 1
        arena_dir = data_dir / "arenas" / slug
        arena_dir.mkdir(parents=True)
        # Shuffle which arena gets which kind, so that school-bound arenas (even positions)
        # meet every kind.
        order = random.Random(f"kinds-{index}").sample(kinds, len(kinds))
        for position, kind in enumerate(order):
            name = ARENAS[position][0]
            (arena_dir / f"{_slugify(name)}.yaml").write_text(arena_file(index, position, kind))
            files += 1
    return files


def long_list(data_dir: Path, values: int, item: str) -> None:
    """One municipality and one arena whose `notes:` holds `values` copies of `item`.

    The hostile-size files of the test corpus at benchmark scale: 165,000 texts of `"  - 1\\n"`
    are the longest list under the 1 MB limit; 247,500 of `"- 1\\n"` stay under 1 MB but pass
    the 200,000-value limit, which must refuse them as they are parsed.
    """
    slug = "testkommune-001"
    (data_dir / "municipalities").mkdir(parents=True)
    (data_dir / "municipalities" / f"{slug}.yaml").write_text(municipality_file(0, slug, False))
    arena = arena_file(0, 0, KIND_MIX[0])
    notes = "notes:\n  - Referat sendes deltakerne innen en uke.\n"
    if notes not in arena:
        raise ValueError("the generated arena has no notes to lengthen")
    (data_dir / "arenas" / slug).mkdir(parents=True)
    path = data_dir / "arenas" / slug / f"{_slugify(ARENAS[0][0])}.yaml"
    path.write_text(arena.replace(notes, "notes:\n" + item * values))
