"""Properties of the privacy guard (issue 17), over random numbers and random ways of writing.

Every valid identity number is found, however it is written: split into groups at random
(except the account number's own 4-2-5 grouping) with random runs of separators, invisible
characters anywhere, each digit in a random encoding (HTML/XML references, backslash escapes,
percent-encoding, fullwidth and other scripts' digits), in a sentence, and the whole text
perhaps escaped again for HTML or as a message echoes it. No phone number, organisation
number, account number (in its 4-2-5 grouping), kommunenummer or date is found, with random
separators too.

In the suite each property runs a fixed set of examples (`derandomize`); `make fuzz` runs many
more with a fresh seed each time (SAMARBEID_FUZZ_EXAMPLES), and hypothesis prints the
failing example and how to reproduce it.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from samarbeid_cli.loading.privacy import find_identity_numbers
from samarbeid_cli.models.identity_number import REDACTED, identity_number_spans, redact
from tests.conftest import ARENA, MUNICIPALITY, app
from tests.identity_numbers import with_check_digits

FUZZ = int(os.environ.get("SAMARBEID_FUZZ_EXAMPLES", "0"))


def _settings(examples: int, *, fuzz_share: int = 1) -> settings:
    """`examples` fixed examples in the suite; under `make fuzz` many (a command line run costs
    more: `fuzz_share` of them), and random ones."""
    return settings(
        max_examples=max(FUZZ // fuzz_share, examples) if FUZZ else examples,
        derandomize=not FUZZ,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )


# ------------------------------------------------------------------------ identity numbers


@st.composite
def identity_numbers(draw: st.DrawFn) -> str:
    """A valid fødselsnummer, D-nummer, H-nummer or Tenor test number."""
    day = draw(st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 31)))
    day_part = day.day + draw(st.sampled_from([0, 0, 40]))
    month_part = day.month + draw(st.sampled_from([0, 0, 0, 40, 80]))
    individual = draw(st.integers(0, 999))
    number = with_check_digits(
        f"{day_part:02d}{month_part:02d}{day.year % 100:02d}{individual:03d}"
    )
    assume(number is not None)
    assert number is not None
    return number


SEPARATORS = [
    " ", "  ", "\t", "\u00a0", "\u202f", "\u2007", "\u3000", ".", "-", "\u2010", "\u2011",
    "\u2012", "\u2013", "\u2014", "\u2015", "\u2212", "\ufe63", "\uff0d", "/", "\\/", "_", ",",
    ";", ":", "(", ")", "[", "]", "|", "\u00b7", "\u2022", "*", "+", "'", '"', "~", "=",
    "\u0301", "&nbsp;", "&#32;", "&#x2014;", "&minus;", "&ndash;", "\\t", "\\u2013", "\\x20",
    "\\_", "%20", "%E2%80%94", "&amp;nbsp;",
]  # fmt: skip
INVISIBLE = [
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e", "\u2061", "\u2062",
    "\u2063", "\u2064", "\u200e", "\u200f", "\u202a", "\u202c", "\u202e", "\u2066", "\u2069",
    "\u034f", "\ufe0f", "\u3164", "\U000e0020", "&shy;", "&#8203;", "&#x200B;",
    "&ZeroWidthSpace;", "&zwj;", "\\u200b", "\\u00AD", "%E2%80%8B", "%C2%AD", "&amp;#8203;",
]  # fmt: skip


def _digit_encodings(digit: str) -> list[str]:
    d = int(digit)
    return [
        digit,
        chr(0xFF10 + d),  # fullwidth
        chr(0x1D7CE + d),  # mathematical bold
        chr(0x0660 + d),  # Arabic-Indic
        chr(0x0966 + d),  # Devanagari
        "⁰¹²³⁴⁵⁶⁷⁸⁹"[d],  # superscript
        chr(0x2080 + d),  # subscript
        f"&#{48 + d};",
        f"&#x{48 + d:x};",
        f"&#X{48 + d:X};",
        f"&#0{48 + d};",
        f"&amp;#{48 + d};",
        f"\\x3{d}",
        f"\\u003{d}",
        f"%3{d}",
    ]


@st.composite
def written(draw: st.DrawFn, number: str) -> str:
    """`number` as someone might write it, in a sentence."""
    cuts = draw(st.sets(st.integers(1, 10), max_size=10))
    # 1234.56.78903 is how an account number is written; the guard lets it pass on purpose.
    assume(sorted(cuts) != [4, 6])
    pieces: list[str] = []
    for index, digit in enumerate(number):
        if index in cuts:
            pieces.append(
                "".join(draw(st.lists(st.sampled_from(SEPARATORS), min_size=1, max_size=3)))
            )
        if draw(st.integers(0, 3)) == 0:
            pieces.append(draw(st.sampled_from(INVISIBLE)))
        pieces.append(draw(st.sampled_from(_digit_encodings(digit))))
    text = "".join(pieces)
    prefix = draw(st.sampled_from(["", "Sak ", "Gjelder: ", "(", "fnr. ", "elev", "«", "#"]))
    suffix = draw(st.sampled_from(["", ".", " drøftes", ")", ",", "»", "!"]))
    text = prefix + text + suffix
    wrapping = draw(st.sampled_from(["none", "html", "message"]))
    if wrapping == "html":
        text = html.escape(text, quote=False)
    elif wrapping == "message" and "\\" not in text and "&amp;" not in text:
        # As a message echoes a value: "(got '...')", invisible characters as escapes.
        text = f"(got {text!r})"
    return text


@st.composite
def written_identity_numbers(draw: st.DrawFn) -> tuple[str, str]:
    number = draw(identity_numbers())
    return number, draw(written(number))


@_settings(400)
@given(written_identity_numbers())
def test_every_identity_number_is_found_however_it_is_written(case: tuple[str, str]) -> None:
    number, text = case
    spans = identity_number_spans(text)

    assert [digits for *_, digits in spans] == [number], ascii(text)
    assert find_identity_numbers(text), ascii(text)
    blanked = redact(text)
    assert REDACTED in blanked
    assert not identity_number_spans(blanked), ascii(blanked)


@_settings(200)
@given(written_identity_numbers(), st.sampled_from(["\n", "\n  ", "\r\n    "]))
def test_a_number_over_two_lines_is_found_in_the_value(
    case: tuple[str, str], line_break: str
) -> None:
    """A value YAML joined from two lines holds the break; the guard reads across it."""
    number, _ = case
    text = f"Gjelder {number[:6]}{line_break}{number[6:]}"
    assert [digits for *_, digits in identity_number_spans(text)] == [number]


# ------------------------------------------------------------------- what is not a number


def _separator(draw: st.DrawFn) -> str:
    return "".join(draw(st.lists(st.sampled_from(SEPARATORS), min_size=1, max_size=2)))


def _grouped(draw: st.DrawFn, digits: str, groupings: list[tuple[int, ...]]) -> str:
    sizes = draw(st.sampled_from(groupings))
    assert sum(sizes) == len(digits)
    groups, start = [], 0
    for size in sizes:
        groups.append(digits[start : start + size])
        start += size
    return "".join(
        group + (_separator(draw) if i < len(groups) - 1 else "") for i, group in enumerate(groups)
    )


@st.composite
def with_invisible(draw: st.DrawFn, texts: st.SearchStrategy[str]) -> str:
    """Invisible characters anywhere: joining groups never makes eleven of numbers that are
    not eleven digits long."""
    text = draw(texts)
    out = []
    for character in text:
        if draw(st.integers(0, 4)) == 0:
            out.append(draw(st.sampled_from(INVISIBLE)))
        out.append(character)
    return "".join(out)


@st.composite
def phone_numbers(draw: st.DrawFn) -> str:
    """A Norwegian phone number as people write it, perhaps with the country code."""
    digits = str(draw(st.integers(2, 9))) + "".join(
        draw(st.lists(st.sampled_from("0123456789"), min_size=7, max_size=7))
    )
    number = _grouped(draw, digits, [(8,), (4, 4), (3, 2, 3), (2, 2, 2, 2)])
    prefix = draw(st.sampled_from(["", "+47 ", "+47", "0047 ", "00 47 ", "(+47) ", "47 ", "+47-"]))
    return prefix + number


def _mod11(digits: str, weights: tuple[int, ...]) -> int | None:
    remainder = 11 - sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    return 0 if remainder == 11 else None if remainder == 10 else remainder


@st.composite
def organisation_numbers(draw: st.DrawFn) -> str:
    """Nine digits with the Brønnøysund mod-11 check digit, written the usual ways."""
    first = str(draw(st.sampled_from("89"))) + "".join(
        draw(st.lists(st.sampled_from("0123456789"), min_size=7, max_size=7))
    )
    check = _mod11(first, (3, 2, 7, 6, 5, 4, 3, 2))
    assume(check is not None)
    number = _grouped(draw, f"{first}{check}", [(9,), (3, 3, 3)])
    return draw(st.sampled_from(["{}", "Org.nr. {}", "NO {} MVA", "org. nr {}"])).format(number)


@st.composite
def account_numbers(draw: st.DrawFn) -> str:
    """Eleven digits with the account number's mod-11 check digit, in its 4-2-5 grouping."""
    first = "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=10, max_size=10)))
    check = _mod11(first, (5, 4, 3, 2, 7, 6, 5, 4, 3, 2))
    assume(check is not None)
    separator = draw(st.sampled_from([".", " ", "\u00a0", "&nbsp;"]))
    number = f"{first[:4]}{separator}{first[4:6]}{separator}{first[6:]}{check}"
    return draw(st.sampled_from(["{}", "Konto {}", "kontonr. {}", "({})"])).format(number)


@st.composite
def dates(draw: st.DrawFn) -> str:
    """One date, perhaps with a time, in the ways Norwegian text writes them."""
    day = draw(st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)))
    formats = [
        "%Y-%m-%d",
        "%d.%m.%Y",
        "%d.%m.%y",
        f"{day.day}.{day.month}.%Y",
        "%d/%m/%Y",
        "%Y%m%d",
    ]
    text = day.strftime(draw(st.sampled_from(formats)))
    time = draw(st.sampled_from(["", " kl. 08.30", " 08:30", "T09:00:00Z", " 14.15"]))
    return text + time


@st.composite
def kommunenummer(draw: st.DrawFn) -> str:
    """A few four-digit kommunenummer in a row."""
    numbers = draw(st.lists(st.integers(101, 5699), min_size=1, max_size=6))
    return _separator(draw).join(f"{number:04d}" for number in numbers)


@_settings(400)
@given(
    st.one_of(
        phone_numbers(),
        st.builds(lambda a, b: f"Ring {a} eller {b}", phone_numbers(), phone_numbers()),
        organisation_numbers(),
        dates(),
        kommunenummer(),
    ),
)
def test_phone_organisation_dates_and_kommunenummer_are_never_found(text: str) -> None:
    assert identity_number_spans(text) == [], ascii(text)
    assert find_identity_numbers(text) == [], ascii(text)


@_settings(300)
@given(account_numbers())
def test_account_numbers_in_their_grouping_are_never_found(text: str) -> None:
    assert identity_number_spans(text) == [], ascii(text)


@_settings(300)
@given(with_invisible(st.one_of(phone_numbers(), organisation_numbers(), dates(), kommunenummer())))
def test_invisible_characters_do_not_make_numbers_of_the_others(text: str) -> None:
    assert identity_number_spans(text) == [], ascii(text)


# --------------------------------------------------------------- through the command line


@_settings(25, fuzz_share=20)
@given(written_identity_numbers())
def test_validate_refuses_every_spelling_and_never_prints_it(
    runner: CliRunner, tmp_path: Path, case: tuple[str, str]
) -> None:
    """The same property through `validate`, the number in an arena's mandate (written as a
    double-quoted YAML text, so YAML's own escapes come on top)."""
    number, text = case
    data = tmp_path / "data"
    (data / "arenas" / "testvik").mkdir(parents=True, exist_ok=True)
    (data / "municipalities").mkdir(exist_ok=True)
    (data / "municipalities" / "testvik.yaml").write_text(MUNICIPALITY, encoding="utf-8")
    quoted = json.dumps(text, ensure_ascii=False)
    arena = ARENA.replace("mandate: Drøfte felles tema.", f"mandate: {quoted}")
    (data / "arenas" / "testvik" / "testteam.yaml").write_text(arena, encoding="utf-8")

    result = runner.invoke(app, ["validate", str(data), "--today", "2026-11-22"])

    assert result.exit_code == 1, ascii(text)
    assert re.search(r"testteam\.yaml:3:\d+: privacy: ", result.stderr), result.stderr
    assert number not in result.output
