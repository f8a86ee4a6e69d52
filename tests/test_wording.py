"""Wording faults a new-user trial found in the generated e-mails and documents (issue 21):
each asserted on what the CLI writes."""

from __future__ import annotations

import email
import email.policy
import re
from email.message import EmailMessage
from pathlib import Path

import icalendar
import pytest
from babel.messages.pofile import read_po
from typer.testing import CliRunner

from samarbeid_cli.cli import COMMANDS
from tests.conftest import ARENA, BUNDLED_DATA, MUNICIPALITY, ROOT, DataFolder, app
from tests.test_invitations import PER_TERM, STAMP


def _plain(path: Path) -> str:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    body = message.get_body(preferencelist=("plain",))
    assert isinstance(body, EmailMessage)
    text: str = body.get_content()
    return text.replace("\r\n", "\n")


def test_bokmal_invitation_lists_the_dates_without_meetings_in_the_plural(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Bokmål plural of "møte" is "møter": "Ingen møter disse datoene:"."""
    result = runner.invoke(
        app,
        ["schedule", "-m", "selbu", "--period", "2027-H1", "--data", str(BUNDLED_DATA),
         "-f", "json", "--stamp", STAMP, "--invitations", str(tmp_path)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = _plain(tmp_path / "samordningsteam-barn-og-unge.eml")
    assert "\nIngen møter disse datoene:\n" in text
    assert "Ingen møte " not in text
    # A series: the closing sentence speaks of the meetings.
    assert "så kommer møtene inn der." in text


@pytest.mark.parametrize(
    ("malform", "closing"),
    [
        ("nb", "Svar på invitasjonen i kalenderen din, så kommer møtet inn der."),
        ("nn", "Svar på invitasjonen i kalenderen din, så kjem møtet inn der."),
    ],
)
def test_an_invitation_to_one_meeting_speaks_of_the_meeting_in_the_singular(
    runner: CliRunner,
    data_folder: DataFolder,
    monkeypatch: pytest.MonkeyPatch,
    malform: str,
    closing: str,
) -> None:
    municipality = MUNICIPALITY.replace("malform: nb", f"malform: {malform}")
    monkeypatch.chdir(data_folder(arenas={"testteam": PER_TERM}, municipality=municipality).parent)
    result = runner.invoke(
        app,
        ["schedule", "-m", "testvik", "--period", "2027-H1", "-f", "json", "--invitations", "inv"],
    )
    assert result.exit_code == 0, result.output
    names = sorted(path.name for path in Path("inv").glob("*.eml"))
    assert names == ["testteam-1.eml", "testteam-2.eml", "testteam-3.eml"]
    for name in names:
        text = _plain(Path("inv", name))
        assert closing in text, text
        assert "møtene inn der" not in text
        assert "møta inn der" not in text


LOCALE = ROOT / "src" / "samarbeid_cli" / "locale"
WHEEL_INDEROY = ["wheel", "-m", "inderoy", "--year", "2027", "--data", str(BUNDLED_DATA)]


def test_the_wheel_names_a_log_control_round_as_the_checklist_does(runner: CliRunner) -> None:
    """The checklist says "Runde 1, februar 2027"; the årshjul's list, SVG and calendar said
    "runde 2027-1". Both now take the round's name from one place."""
    checklist = runner.invoke(
        app, ["checklist", "-m", "inderoy", "--data", str(BUNDLED_DATA), "--round", "2027-1"]
    )
    assert checklist.exit_code == 0, checklist.output
    heading = "# Kontroll av aktive logger – Runde 1, februar 2027 – "
    assert heading in checklist.stdout
    wording = "Kontroll av aktive logger – Runde 1, februar 2027"

    table = runner.invoke(app, WHEEL_INDEROY)
    svg = runner.invoke(app, [*WHEEL_INDEROY, "--format", "svg"])
    ics = runner.invoke(app, [*WHEEL_INDEROY, "--format", "ics", "--stamp", STAMP])
    for result in (table, svg, ics):
        assert result.exit_code == 0, result.output
        assert "runde 2027-" not in result.stdout
    assert f"[Kontroll av aktive logger]: {wording} – " in table.stdout
    assert "Kontroll av aktive logger – Runde 3, november 2027" in table.stdout
    assert wording in svg.stdout
    summaries = {
        str(event["SUMMARY"]) for event in icalendar.Calendar.from_ical(ics.stdout).walk("VEVENT")
    }
    assert wording in summaries


@pytest.mark.parametrize("language", ["en", "nb", "nn"])
def test_no_help_text_refers_to_the_source_documents_by_their_internal_names(
    runner: CliRunner, language: str
) -> None:
    """`checklist --help` said "(seed 004)": the seeds are the project's own sources, a word
    the coordinator does not know. No command's help, in any language, names them."""
    env = {"SAMARBEID_LANG": language, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}
    for command in [[], *([name] for name in COMMANDS)]:
        result = runner.invoke(app, [*command, "--help"], env=env)
        assert result.exit_code == 0, result.output
        assert not re.search(r"\bseeds?\b", result.stdout, re.IGNORECASE), (command, language)


@pytest.mark.parametrize("malform", ["nb", "nn"])
def test_no_message_of_the_catalogue_refers_to_the_seeds(malform: str) -> None:
    """Every message the tool can print is in the catalogues: none names a seed."""
    with (LOCALE / malform / "LC_MESSAGES" / "samarbeid.po").open("rb") as handle:
        catalogue = read_po(handle)
    texts = [(str(m.id), str(m.string)) for m in catalogue if m.id]
    assert len(texts) > 100
    named = [msgid for msgid, msgstr in texts if re.search(r"\bseed", msgid + msgstr, re.I)]
    assert named == []


NN = {"SAMARBEID_LANG": "nn", "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}
# A slug such as skoleteam--julsundet-skole is a name, not a word of the sentence.
_SLUG = re.compile(r"[\w-]*--[\w-]+|\{[^}]*\}|'[^']*'")
# Nynorsk writes "skule" (skuleruta, skuleåret) and, of "planleggje", one form: "planlagt".
MIXED_NYNORSK = re.compile(r"\bskole\w*|\bplanlagd\b", re.IGNORECASE)


def test_the_nynorsk_catalogue_writes_skule_and_planlagt_throughout() -> None:
    with (LOCALE / "nn" / "LC_MESSAGES" / "samarbeid.po").open("rb") as handle:
        catalogue = read_po(handle)
    mixed = [
        str(message.string)
        for message in catalogue
        if message.id and MIXED_NYNORSK.search(_SLUG.sub("", str(message.string)))
    ]
    assert mixed == []


def test_the_nynorsk_templates_and_document_words_write_skule() -> None:
    from samarbeid_cli.renderers import document_words, field_labels
    from samarbeid_cli.services import closed_days

    texts = [path.read_text(encoding="utf-8") for path in (ROOT / "templates").rglob("*.nn.*")]
    assert texts
    module_texts = [
        str(field_labels.LABELS["nn"]),
        str(document_words._NN),
        *(
            str(words["nn"])
            for words in vars(closed_days).values()
            if isinstance(words, dict) and "nn" in words
        ),
    ]
    texts += module_texts
    mixed = [match for text in texts for match in MIXED_NYNORSK.findall(_SLUG.sub("", text))]
    assert mixed == []


def test_nynorsk_assumptions_and_schedule_use_one_form_per_word(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'følgjer skoleruta … dei første 5 skuledagane' in one sentence; the schedule's stderr
    said "ikkje planlagd" where its table says "ikkje planlagt"."""
    municipality = MUNICIPALITY.replace("malform: nb", "malform: nn")
    municipality += "meeting_free_first_school_days: 5\n"
    undecided = ARENA.replace("weekday: friday", "weekday: not_stated")
    monkeypatch.chdir(data_folder(municipality=municipality, arenas={"testteam": undecided}).parent)
    assumptions = runner.invoke(app, ["assumptions"], env=NN)
    schedule = runner.invoke(app, ["schedule", "-m", "testvik", "--period", "2027-H1"], env=NN)

    assert assumptions.exit_code == 0, assumptions.output
    assert "følgjer skuleruta" in assumptions.stdout
    assert "dei første 5 skuledagane" in assumptions.stdout
    for result in (assumptions, schedule):
        assert not MIXED_NYNORSK.search(_SLUG.sub("", result.output)), result.output
    assert "ikkje planlagt" in schedule.output


HEADING_ONLY = "name: Overgangsmøte barnehage, skole og ungdomsskole\ndetails: not_stated\n"


@pytest.mark.parametrize(
    ("malform", "line", "deadline"),
    [
        ("nb", "- **Forfall meldes til:** ikke fastsatt\n", "så snart som mulig"),
        ("nn", "- **Forfall blir meldt til:** ikkje fastsett\n", "så snart som mogleg"),
    ],
)
def test_an_agenda_does_not_glue_a_value_not_stated_to_the_deadline(
    runner: CliRunner,
    data_folder: DataFolder,
    monkeypatch: pytest.MonkeyPatch,
    malform: str,
    line: str,
    deadline: str,
) -> None:
    """`details: not_stated`: nobody is named to receive absences, so the agenda said
    "Forfall meldes til: ikke fastsatt, så snart som mulig"; "not set" stands alone."""
    municipality = MUNICIPALITY.replace("malform: nb", f"malform: {malform}")
    monkeypatch.chdir(
        data_folder(municipality=municipality, arenas={"overgangsmote": HEADING_ONLY}).parent
    )
    result = runner.invoke(
        app, ["agenda", "-m", "testvik", "-a", "overgangsmote", "--date", "2027-02-03"]
    )
    assert result.exit_code == 0, result.output
    assert line in result.stdout, result.stdout
    assert deadline not in result.stdout


def test_the_exported_schemas_do_not_name_the_seed_documents() -> None:
    """Editors show the schema's descriptions to whoever writes the data: no internal names."""
    from tests.conftest import ROOT

    for path in sorted((ROOT / "schemas").glob("*.json")):
        assert "seed" not in path.read_text(encoding="utf-8").lower(), path.name
