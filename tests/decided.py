"""The bundled data as a municipality that has made its decisions: the values the seeds do not
state (issue 18) filled in as the coordinator decided them, so that tests of calendars,
agendas and sites have meetings to look at. The bundled data itself says `not_stated`."""

from __future__ import annotations

import atexit
import re
import shutil
import tempfile
from pathlib import Path

from tests.conftest import BUNDLED_DATA

DECISIONS: dict[str, dict[str, dict[str, str]]] = {
    "aukra/ansvarsgruppemote.yaml": {"meeting": {"form": "physical"}},
    "aukra/bti-team.yaml": {
        "meeting": {"form": "physical", "start": "10:30"},
        "frequency": {"weekday": "monday"},
    },
    "aukra/klinisk-tverrfagleg-team.yaml": {
        "meeting": {"form": "physical", "start": "09:00", "duration_minutes": "60"},
        "frequency": {"weekday": "tuesday"},
    },
    "aukra/psykososialt-kriseteam.yaml": {
        "meeting": {"form": "physical", "start": "14:00", "duration_minutes": "60"},
        "frequency": {"weekday": "tuesday"},
    },
    "aukra/ressursnettverk-radikalisering-og-valdeleg-ekstremisme.yaml": {
        "meeting": {"form": "physical", "start": "09:00"}
    },
    "aukra/ressursteam-sosialpedagogikk.yaml": {"meeting": {"form": "physical", "start": "12:00"}},
    "aukra/samarbeidsmote-barnehage-og-innvandring-og-integrering.yaml": {
        "meeting": {"form": "physical"}
    },
    "aukra/samarbeidsmote-barnehage-og-skole.yaml": {"meeting": {"form": "physical"}},
    "aukra/samarbeidsmote-helsestasjon-og-barnehage.yaml": {"meeting": {"form": "physical"}},
    "aukra/samarbeidsmote-helsestasjon-og-psykisk-helse-og-rus.yaml": {
        "meeting": {"form": "physical", "start": "13:00", "duration_minutes": "60"},
        "frequency": {"weekday": "wednesday", "week": "2"},
    },
    "aukra/samarbeidsmote-legetenesta-og-helsestasjonen.yaml": {
        "meeting": {"form": "physical", "start": "08:00", "duration_minutes": "60"},
        "frequency": {"weekday": "friday"},
    },
    "aukra/samarbeidsmote-politi-barnevern-og-barnevernsvakt.yaml": {
        "meeting": {"form": "physical", "start": "09:00", "duration_minutes": "60"},
        "frequency": {"weekday": "monday"},
    },
    "aukra/samarbeidsmote-politi-og-helsesjukepleiarar.yaml": {
        "meeting": {"form": "physical", "start": "11:00"},
        "frequency": {"weekday": "thursday", "anchor": "2026-08-27"},
    },
    "aukra/samarbeidsmote-politiet-og-psykisk-helse-og-rustenesta.yaml": {
        "meeting": {"form": "physical", "start": "13:00"},
        "frequency": {"weekday": "tuesday", "week": "2"},
    },
    "aukra/samarbeidsmote-slt-koordinator-og-politikontakt.yaml": {
        "meeting": {"form": "physical", "start": "12:00"},
        "frequency": {"weekday": "monday", "week": "2"},
    },
    "aukra/skole-og-ppt.yaml": {"meeting": {"form": "physical"}},
    "aukra/skoleteam.yaml": {
        "meeting": {"form": "physical", "start": "14:00", "duration_minutes": "90"},
        "frequency": {"weekday": "monday"},
    },
    "aukra/slt-koordineringsgruppa.yaml": {
        "meeting": {"form": "physical", "start": "09:30"},
        "frequency": {"weekday": "friday"},
    },
    "aukra/slt-politiradet.yaml": {
        "meeting": {"form": "physical", "start": "10:00"},
        "frequency": {"weekday": "wednesday"},
    },
    "aukra/slt-ung-i-aukra.yaml": {
        "meeting": {"form": "physical", "start": "14:00"},
        "frequency": {"weekday": "wednesday"},
    },
    "aukra/styringsgruppe-rus-og-psykisk-helse.yaml": {
        "meeting": {"form": "physical", "start": "09:00", "duration_minutes": "90"},
        "frequency": {"weekday": "thursday"},
    },
    "aukra/tverrfagleg-forskoleteam.yaml": {
        "meeting": {"start": "09:00", "duration_minutes": "90"},
        "frequency": {"weekday": "wednesday"},
    },
    "inderoy/beredskapsteam-mot-mobbing.yaml": {"meeting": {"form": "physical"}},
    "inderoy/bti-nettverk.yaml": {
        "meeting": {"form": "physical", "start": "09:00", "duration_minutes": "180"},
        "frequency": {"weekday": "wednesday"},
    },
    "inderoy/dialogmote-bti.yaml": {
        "meeting": {"form": "physical", "start": "13:00", "duration_minutes": "60"},
        "frequency": {"weekday": "wednesday"},
    },
    "inderoy/fagdager-ansatte.yaml": {
        "meeting": {"form": "physical", "start": "12:00", "duration_minutes": "180"},
        "frequency": {"weekday": "monday"},
    },
    "inderoy/familiesenter.yaml": {"meeting": {"form": "physical"}},
    "inderoy/felles-fagdag-ledere-helse-og-oppvekst.yaml": {
        "meeting": {"form": "physical", "start": "08:30", "duration_minutes": "210"},
        "frequency": {"weekday": "thursday"},
    },
    "inderoy/felles-styrer-og-rektormoter.yaml": {
        "meeting": {"form": "physical", "start": "09:00", "duration_minutes": "180"},
        "frequency": {"weekday": "tuesday"},
    },
    "inderoy/koordineringsgruppe-slt.yaml": {"meeting": {"form": "physical"}},
    "inderoy/stafettloggmoter.yaml": {"meeting": {"form": "physical"}},
}
"""Arena file -> block (meeting, frequency) -> field -> the value decided."""


def decide(data: Path) -> Path:
    """Write the decisions into the data folder `data` (a copy), and return it."""
    for name, blocks in DECISIONS.items():
        path = data / "arenas" / name
        lines = path.read_text(encoding="utf-8").split("\n")
        for block, fields in blocks.items():
            start = lines.index(f"{block}:")
            for key, value in fields.items():
                end = start + 1
                while end < len(lines) and lines[end].startswith("  "):
                    end += 1
                found = [
                    index for index in range(start + 1, end) if re.match(rf"  {key}:", lines[index])
                ]
                if found:
                    lines[found[0]] = f"  {key}: {value}"
                else:
                    lines.insert(start + 1, f"  {key}: {value}")
        path.write_text("\n".join(lines), encoding="utf-8")
    return data


def decided_copy(target: Path) -> Path:
    """A copy of the bundled data at `target` (a data folder), with the decisions made."""
    shutil.copytree(BUNDLED_DATA, target)
    return decide(target)


_DECIDED: list[Path] = []


def decided_data() -> Path:
    """One decided copy of the bundled data for the whole run, outside the checkout."""
    if not _DECIDED:
        folder = Path(tempfile.mkdtemp(prefix="samarbeid-decided-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        _DECIDED.append(decided_copy(folder / "data"))
    return _DECIDED[0]


DECIDED_DATA = decided_data()
"""The bundled data with the decisions made (see `DECISIONS`)."""
