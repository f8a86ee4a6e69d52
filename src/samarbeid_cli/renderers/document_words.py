"""The fixed phrases of agendas, minutes, routines and the overview, in bokmål and nynorsk.

Templates get them as `t` (`{{ t.agenda }}`); dates and weekdays come from Babel (`texts`).
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date, format_time

from samarbeid_cli.models.frequency import (
    EveryNWeeks,
    Frequency,
    FrequencyNotStated,
    Monthly,
    OnDemand,
    PerTerm,
    PerYear,
    Weekly,
)
from samarbeid_cli.renderers import texts
from samarbeid_cli.services.documents import OverviewRow

_NB = {
    "agenda": "Saksliste",
    "minutes": "Referat",
    "routine": "Rutine",
    "meeting_in": "Møte i",
    "time": "Tid",
    "place": "Sted",
    "form": "Møteform",
    "convener": "Innkalt av",
    "chair": "Møteleder",
    "deputy_chair": "Stedfortreder",
    "send_by": "Sakslisten sendes ut senest",
    "send_by_assumed": "({days} dager før møtet: antatt, rutinen fastsetter ingen frist)",
    "absence_to": "Forfall meldes til",
    "absence_when": "så snart som mulig",
    "prepared_with": "Sakslisten er satt opp i samråd med",
    "items": "Saker",
    "item": "Sak",
    "no_place": "ikke oppgitt",
    "previous_minutes": "Godkjenning av referat fra forrige møte",
    "status_round": "Statusrunde fra tjenestene",
    "information": "Orienteringer",
    "any_other_business": "Eventuelt",
    "previous_meeting": "Forrige møte",
    "minutes_kept_in": "Referatet ligger i",
    "minutes_attached": "Referatet ligger ved innkallingen.",
    "no_previous_meeting": "Ingen tidligere møte i møterekken.",
    "next_meeting": "Neste møte",
    "not_set": "ikke fastsatt",
    "time_not_set": "klokkeslett ikke fastsatt",
    "details_missing_note": "Detaljer mangler: rutinen for denne arenaen er ikke skrevet ennå.",
    "submitted_by": "Meldt inn av",
    "kind": "Type",
    "time_needed": "Tid",
    "minutes_short": "min",
    "kind_information": "Orientering",
    "kind_discussion": "Drøfting",
    "kind_decision": "Vedtak",
    "participants": "Deltakere",
    "case_participants": "Deltar i enkeltsaker",
    "optional": "ved behov",
    "attendance": "Oppmøte",
    "participant": "Deltaker",
    "service": "Tjeneste",
    "present": "Til stede",
    "absent": "Fraværende",
    "excused": "Meldt forfall",
    "discussion": "Drøfting",
    "conclusion": "Konklusjon",
    "responsible": "Ansvarlig",
    "deadline": "Frist",
    "minutes_writer": "Referent",
    "distribution": "Distribusjon",
    "electronic_dispatch": "Ekspederes elektronisk til",
    "archive": "Arkivering",
    "archived_in": "Referatet arkiveres i",
    "no_archive": "Arkivet er ikke oppgitt for denne arenaen.",
    "mandate": "Mandat",
    "tasks": "Oppgaver/saker",
    "legal_basis": "Hjemmel",
    "revision": "Revidering av rutinen",
    "revised_every_year": "Rutinen revideres en gang hvert år",
    "revised_every": "Rutinen revideres hver {months}. måned",
    "revised_by": "av",
    "last_revised": "Sist revidert",
    "next_revision": "Neste revisjon",
    "approved_by": "Godkjent av",
    "approved_in": "vedtatt i",
    "not_stated": "ikke oppgitt",
    "no_revision": "Arenaen har ingen fastsatt revisjon.",
    "invitations": "Innkalling",
    "conduct": "Gjennomføring",
    "frequency": "Møtefrekvens",
    "duration": "Varighet",
    "minutes_count": "{minutes} minutter",
    "start_time": "Starttid",
    "submissions": "Innmelding av saker",
    "agenda_lead": "Sakslisten sendes ut senest {days} dager før møtet.",
    "case_discussion": "Saksdrøfting",
    "notes": "Merknader",
    "contact": "Kontakt",
    "internal_notes": "Interne merknader (publiseres ikke)",
    "assumptions": "Antakelser som må bekreftes",
    "assumptions_intro": "Kilden oppgir ikke dette; verdiene er antatt og må bekreftes av "
    "kommunen.",
    "form_digital": "digitalt",
    "form_physical": "fysisk",
    "form_hybrid": "hybrid (fysisk og digitalt)",
    "case_anonymous": "Saker drøftes anonymt.",
    "case_anonymous_or_consent": "Saker drøftes anonymt, eller åpent når samtykke foreligger.",
    "case_consent": "Saker drøftes åpent når samtykke foreligger.",
    "all_participants_receive": "Alle deltakere er mottakere.",
    "attach_to_next": "Referatet legges ved innkallingen til neste møte.",
    "overview_title": "Tverrfaglige samarbeidsarenaer for barn og unge i",
    "overview_intro": "Oversikten viser hvilke samarbeidsarenaer kommunen har, for hvilke "
    "aldre, med hvilket mandat, og hvem som er ansvarlig.",
    "level_individ": "Samarbeid på individnivå",
    "level_system": "Samarbeid på systemnivå",
    "level_tjeneste": "Samarbeid på tjenestenivå",
    "age_band": "{low}–{high} år",
    "all_ages": "Alle aldre",
    "age_band_not_set": "Aldersgruppe ikke fastsatt",
    "level_not_stated": "Nivå ikke fastsatt",
    "arena": "Arena",
    "parties": "Involverte parter",
    "meeting_responsible": "Møteansvarlig",
    "every_n_weeks": "hver {n}. uke på {weekday}er",
    "every_week": "hver uke på {weekday}er",
    "monthly_nth": "den {n}. {weekday}en i måneden",
    "monthly_last": "den siste {weekday}en i måneden",
    "per_term": "{total} møter i året: vår {spring}, høst {autumn}",
    "range": "{low}–{high} møter i året",
    "per_year": "{count} møter i året",
    "per_year_derived": "fordelt jevnt over årets åpne uker; fordelingen er utledet av "
    "samarbeid, ikke fastsatt i rutinen",
    "on_demand": "ved behov",
    "no_weekday": "ukedag ikke fastsatt",
    "every_n_weeks_no_day": "hver {n}. uke ({weekday})",
    "every_week_no_day": "hver uke ({weekday})",
    "monthly_nth_no_day": "den {n}. uken i måneden ({weekday})",
    "monthly_last_no_day": "den siste uken i måneden ({weekday})",
    "monthly_no_week": "en gang i måneden ({weekday}; uke i måneden ikke fastsatt)",
    "details_missing": "detaljer mangler",
    "or": "eller",
    "and": "og",
    "also_as_needed": "Ved behov også",
    "case_only_short": "i enkeltsaker",
    "units": "Enheter",
    "units_intro": "Hver enhet har sin egen møterekke i arenaen:",
    "unit_own_calendar": "{unit} følger sin egen kalender ({calendar}) og møtes også i "
    "skoleferiene, utenom dagene den kalenderen holder stengt.",
    "unit_no_calendar": "{unit} følger ikke skoleruta: bare helligdager og kommunens stengte "
    "dager er stengt.",
    "unit": "Enhet",
    "meets": "Møtes",
    "from_date": "hver {n}. uke fra {date}",
    "held_at_each": "Ved hver enhet:",
    "related": "Andre arenaer",
    "leads_to": "Kan føre til",
    "see_also": "Se også",
    # minutes --answers outlook: the attendees' answers, never taken for who came
    "outlook_accepted": "takket ja i Outlook",
    "outlook_tentative": "kanskje (Outlook)",
    "outlook_declined": "forfall i Outlook",
    "outlook_read": (
        "Svarene er lest fra Outlook da referatet ble laget; et ja er ikke det samme som "
        "oppmøte: rett tabellen etter møtet."
    ),
    "outlook_unread": "Svarene i Outlook kunne ikke leses; fyll inn oppmøtet for hånd.",
    "case_parties": "Deltakere i saken",
    "follows_up": "Plan som følges opp",
    # As a label after "Plan som følges opp:"; the same words in nynorsk.
    "plan_individuell_plan": "Individuell plan",
    "plan_stafettlogg": "Stafettlogg",
    "plan_tiltaksplan": "Tiltaksplan",
    "plan_the_individuell_plan": "den individuelle planen",
    "plan_the_stafettlogg": "stafettloggen",
    "plan_the_tiltaksplan": "tiltaksplanen",
    "previous_agreements": "Oppfølging av det som ble avtalt på forrige møte",
    "plan_follow_up": "Gjennomgang av mål og tiltak",
    "plan_follow_up_of": "Gjennomgang av {plan}: mål og tiltak",
    "next_meeting_agreed": "Tid og sted for neste møte avtales.",
    "task_convener": "innkaller",
    "task_chair": "møteleder",
    "task_minutes_writer": "referent",
}

_NN = {
    **_NB,
    "place": "Stad",
    "convener": "Kalla inn av",
    "chair": "Møteleiar",
    "deputy_chair": "Stadfortredar",
    "send_by": "Sakslista blir send ut seinast",
    "send_by_assumed": "({days} dagar før møtet: anteke, rutinen fastset inga frist)",
    "absence_to": "Forfall blir meldt til",
    "absence_when": "så snart som mogleg",
    "prepared_with": "Sakslista er sett opp i samråd med",
    "no_place": "ikkje oppgitt",
    "previous_minutes": "Godkjenning av referat frå førre møte",
    "status_round": "Statusrunde frå tenestene",
    "information": "Orienteringar",
    "previous_meeting": "Førre møte",
    "minutes_kept_in": "Referatet ligg i",
    "minutes_attached": "Referatet ligg ved innkallinga.",
    "no_previous_meeting": "Ikkje noko tidlegare møte i møterekkja.",
    "not_set": "ikkje fastsett",
    "time_not_set": "klokkeslett ikkje fastsett",
    "details_missing_note": "Detaljar manglar: rutinen for denne arenaen er ikkje skriven enno.",
    "participants": "Deltakarar",
    "case_participants": "Deltek i enkeltsaker",
    "participant": "Deltakar",
    "service": "Teneste",
    "present": "Til stades",
    "absent": "Fråverande",
    "conclusion": "Konklusjon",
    "responsible": "Ansvarleg",
    "electronic_dispatch": "Blir ekspedert elektronisk til",
    "archived_in": "Referatet blir arkivert i",
    "no_archive": "Arkivet er ikkje oppgitt for denne arenaen.",
    "tasks": "Oppgåver/saker",
    "legal_basis": "Heimel",
    "revision": "Revidering av rutinen",
    "revised_every_year": "Rutinen blir revidert ein gong kvart år",
    "revised_every": "Rutinen blir revidert kvar {months}. månad",
    "no_revision": "Arenaen har ingen fastsett revisjon.",
    "approved_by": "Godkjend av",
    "approved_in": "vedteke i",
    "not_stated": "ikkje oppgitt",
    "duration": "Varigheit",
    "minutes_count": "{minutes} minutt",
    "submissions": "Innmelding av saker",
    "agenda_lead": "Sakslista blir send ut seinast {days} dagar før møtet.",
    "notes": "Merknader",
    "internal_notes": "Interne merknader (blir ikkje publiserte)",
    "assumptions": "Føresetnader som må stadfestast",
    "assumptions_intro": "Kjelda oppgir ikkje dette; verdiane er antekne og må stadfestast av "
    "kommunen.",
    "form_digital": "digitalt",
    "form_physical": "fysisk",
    "form_hybrid": "hybrid (fysisk og digitalt)",
    "case_anonymous": "Saker blir drøfta anonymt.",
    "case_anonymous_or_consent": "Saker blir drøfta anonymt, eller ope dersom "
    "samtykkeerklæring ligg føre.",
    "case_consent": "Saker blir drøfta ope dersom samtykkeerklæring ligg føre.",
    "all_participants_receive": "Alle deltakarane er mottakarar.",
    "attach_to_next": "Referatet blir lagt ved innkallinga til neste møte.",
    "overview_title": "Tverrfaglege samarbeidsarenaer for barn og unge i",
    "overview_intro": "Oversikta viser kva samarbeidsarenaer kommunen har, for kva aldrar, "
    "med kva mandat, og kven som er ansvarleg.",
    "level_individ": "Tverrfagleg samarbeid på individnivå",
    "level_system": "Tverrfagleg samarbeid på systemnivå",
    "level_tjeneste": "Tverrfagleg samarbeid på tenestenivå",
    "all_ages": "Alle aldrar",
    "age_band_not_set": "Aldersgruppe ikkje fastsett",
    "level_not_stated": "Nivå ikkje fastsett",
    "parties": "Involverte partar",
    "meeting_responsible": "Møteansvarleg",
    "every_n_weeks": "kvar {n}. veke på {weekday}ar",
    "every_week": "kvar veke på {weekday}ar",
    "monthly_nth": "den {n}. {weekday}en i månaden",
    "monthly_last": "den siste {weekday}en i månaden",
    "per_term": "{total} møte i året: vår {spring}, haust {autumn}",
    "range": "{low}–{high} møte i året",
    "per_year": "{count} møte i året",
    "per_year_derived": "fordelte jamt over opne veker i året; fordelinga er utleidd av "
    "samarbeid, ikkje fastsett i rutinen",
    "no_weekday": "vekedag ikkje fastsett",
    "every_n_weeks_no_day": "kvar {n}. veke ({weekday})",
    "every_week_no_day": "kvar veke ({weekday})",
    "monthly_nth_no_day": "den {n}. veka i månaden ({weekday})",
    "monthly_last_no_day": "den siste veka i månaden ({weekday})",
    "monthly_no_week": "ein gong i månaden ({weekday}; veke i månaden ikkje fastsett)",
    "details_missing": "detaljar manglar",
    "units": "Einingar",
    "units_intro": "Kvar eining har si eiga møterekkje i arenaen:",
    "unit_own_calendar": "{unit} følgjer sin eigen kalender ({calendar}) og møtest også i "
    "skuleferiane, utanom dagane den kalenderen held stengt.",
    "unit_no_calendar": "{unit} følgjer ikkje skuleruta: berre heilagdagar og dei stengde "
    "dagane til kommunen er stengde.",
    "unit": "Eining",
    "meets": "Møtest",
    "from_date": "kvar {n}. veke frå {date}",
    "held_at_each": "Ved kvar eining:",
    "related": "Andre arenaer",
    "leads_to": "Kan føre til",
    "see_also": "Sjå også",
    # minutes --answers outlook: the attendees' answers, never taken for who came
    "outlook_accepted": "takka ja i Outlook",
    "outlook_tentative": "kanskje (Outlook)",
    "outlook_declined": "forfall i Outlook",
    "outlook_read": (
        "Svara er lesne frå Outlook då referatet vart laga; eit ja er ikkje det same som "
        "oppmøte: rett tabellen etter møtet."
    ),
    "outlook_unread": "Svara i Outlook kunne ikkje lesast; fyll inn oppmøtet for hand.",
    "case_parties": "Deltakarar i saka",
    "follows_up": "Plan som blir følgd opp",
    "previous_agreements": "Oppfølging av det som vart avtalt på førre møte",
    "next_meeting_agreed": "Tid og stad for neste møte blir avtalt.",
    "task_convener": "innkallar",
    "task_chair": "møteleiar",
}


_RULE_PHRASES = ("every_n_weeks", "every_week", "monthly_nth", "monthly_last")
"""The phrases that name the meeting day, each with a `<key>_no_day` form for a rule whose
day is not stated."""


class Words:
    """The phrases of one målform as templates see them: `t.agenda` or `t["kind_" ~ kind]`.

    Only item access, so that a phrase called `items` or `format` is a phrase, not a method,
    and a misspelt one is undefined (an error under StrictUndefined).
    """

    def __init__(self, phrases: dict[str, str]) -> None:
        self._phrases = phrases

    def __getitem__(self, key: str) -> str:
        return self._phrases[key]


WORDS = {"nb": Words(_NB), "nn": Words(_NN)}


def day(value: dt.date | dt.datetime, lang: str) -> str:
    """ "fredag 8. januar 2027" ("tysdag" in nynorsk)."""
    return texts.day_text(value if not isinstance(value, dt.datetime) else value.date(), lang)


def short_date(value: dt.date, lang: str) -> str:
    """ "8. januar 2027"."""
    return format_date(value, "d. MMMM y", locale=lang)


def clock(value: dt.datetime | dt.time, lang: str) -> str:
    """ "08.30"."""
    moment = value.time() if isinstance(value, dt.datetime) else value
    return format_time(moment, "HH.mm", locale=lang)


def weekday(number: int, lang: str) -> str:
    """ "tysdag" for 1 in nynorsk; 0 is Monday."""
    # 2024-01-01 is a Monday: any Monday-based date gives Babel the weekday to name.
    return texts.weekday_name(dt.date(2024, 1, 1 + number), lang)


def frequency_words(frequency: Frequency, lang: str) -> str:
    """The frequency in the source's words where it has them, else in words made from the rule.

    What the source does not state is said to be not decided ("ikke fastsatt"), and a yearly
    count's spread is said to be derived, not the routine's."""
    words = _NN if lang == "nn" else _NB
    if isinstance(frequency, PerYear):
        stated = frequency.text or words["per_year"].format(count=frequency.per_year)
        return f"{stated} ({words['per_year_derived']})"
    if isinstance(frequency, FrequencyNotStated):
        return f"{frequency.text} ({words['not_set']})" if frequency.text else words["not_set"]
    if frequency.text:
        return frequency.text
    if isinstance(frequency, OnDemand):
        return words["on_demand"]
    if frequency.weekday is None:
        # "hver 6. uke (ukedag ikke fastsatt)": the rule without the day it does not state.
        words = {**words, **{key: words[f"{key}_no_day"] for key in _RULE_PHRASES}}
        day_name = words["no_weekday"]
    else:
        day_name = weekday(frequency.weekday.number, lang)
    if isinstance(frequency, EveryNWeeks):
        if frequency.every_weeks == 1:
            return words["every_week"].format(weekday=day_name)
        return words["every_n_weeks"].format(n=frequency.every_weeks, weekday=day_name)
    if isinstance(frequency, Weekly):
        return words["every_week"].format(weekday=day_name)
    if isinstance(frequency, Monthly):
        if frequency.week is None:
            return words["monthly_no_week"].format(weekday=day_name)
        if frequency.week == "last":
            return words["monthly_last"].format(weekday=day_name)
        return words["monthly_nth"].format(n=frequency.week, weekday=day_name)
    if isinstance(frequency, PerTerm):
        return words["per_term"].format(
            total=frequency.spring + frequency.autumn,
            spring=frequency.spring,
            autumn=frequency.autumn,
        )
    return words["range"].format(low=frequency.min_per_year, high=frequency.max_per_year)


def and_list(names: list[str], lang: str) -> str:
    """ "A, B og C" (the same in bokmål and nynorsk)."""
    words = _NN if lang == "nn" else _NB
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {words['and']} {names[-1]}"


def parties(row: OverviewRow, lang: str) -> str:
    """An overview row's parties: the source's words, else the participants, those who join
    only for a case ("i enkeltsaker") and the open list."""
    if row.parties:
        return row.parties
    words = _NN if lang == "nn" else _NB
    found = row.people
    names = [party.name for party in found.participants]
    names += [f"{party.name} ({words['case_only_short']})" for party in found.case_participants]
    if found.participants_open:
        names.append(found.participants_open)
    if not names:
        # Never an empty cell: a heading without details, or participants not given.
        return words["details_missing"] if row.arena.details_missing else words["not_set"]
    return ", ".join(names)
