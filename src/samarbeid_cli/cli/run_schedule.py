"""The steps of `schedule`: load, compute, render, write (all or nothing), send, record."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from zoneinfo import ZoneInfo

import typer
from rich.console import Console
from rich.markup import escape

from samarbeid_cli.cli import issuing
from samarbeid_cli.cli.choosing import pick
from samarbeid_cli.cli.options import outside_data
from samarbeid_cli.delivery import history as issue_history
from samarbeid_cli.delivery import sending
from samarbeid_cli.delivery.writing import check_output_folder, locked
from samarbeid_cli.errors import DataError, InputError, SamarbeidError, UsageError
from samarbeid_cli.i18n import _
from samarbeid_cli.loading.workspace import Loaded, Stream, load_valid
from samarbeid_cli.models.arena import Arena
from samarbeid_cli.models.finding import Finding
from samarbeid_cli.models.municipality import Municipality
from samarbeid_cli.models.workspace import Workspace
from samarbeid_cli.renderers import calendar_files, delivery_report, schedule_output
from samarbeid_cli.services.assumptions import unscheduled
from samarbeid_cli.services.closed_days import Calendar
from samarbeid_cli.services.invitations import Invitee
from samarbeid_cli.services.periods import Period, coming_period
from samarbeid_cli.services.schedule import Series, schedule


def _choose(
    workspace: Workspace, municipality: str, arenas: list[str]
) -> tuple[dict[str, Arena], list[str]]:
    """The arena files to schedule, and the series slugs `--arena` names (all when none is
    given): an arena file's slug names all its units' series, a unit's series slug that one."""
    from samarbeid_cli.services.agenda import every_slug, series_named

    pick(municipality, sorted(workspace.municipalities), _("municipality"), "--municipality")
    known = workspace.arenas_of(municipality)
    named = []
    for slug in arenas:
        found = series_named(workspace, municipality, slug)
        if not found:
            pick(
                slug,
                every_slug(workspace, municipality),
                _("arena in {municipality}").format(municipality=municipality),
                "--arena",
            )
        named += [instance for instance in found if instance not in named]
    files = {instance.routine for instance in named}
    chosen = {slug: arena for slug, arena in known.items() if not arenas or slug in files}
    return chosen, [instance.slug for instance in named]


@dataclass(frozen=True)
class Request:
    """What the coordinator asked `schedule` to do."""

    data_dir: Path
    municipality: str
    arenas: list[str]
    period_text: str | None
    today: dt.date
    stamp: dt.datetime
    output_format: str
    out: Path | None
    invitations_dir: Path | None
    send: bool
    strict: bool = False
    cancel: tuple[str, ...] = ()
    restore: tuple[str, ...] = ()
    assume_yes: bool = False
    history_file: Path | None = None
    verbose: bool = False
    publish: str | None = None
    """A calendar service to publish the series in (`outlook`), instead of files or e-mail."""


def _cancellations(
    history: issue_history.History,
    request: Request,
    period: Period,
    current_uids: set[str],
    record: Municipality,
    confirm: Callable[[str], bool],
    report: Console,
) -> list[issuing.Cancellation]:
    """Explicit `--cancel ARENA`s, and (confirmed) sent series the data no longer has."""
    # A series stays open to cancel until everyone who received it has its cancellation.
    open_entries = {
        uid: entry
        for uid, entry in history.entries.items()
        if entry.period == str(period) and entry.received and not _everyone_told(entry)
    }
    series_entries = {uid: e for uid, e in open_entries.items() if not e.one_off and not e.agenda}
    chosen: dict[str, issue_history.Entry] = {}
    for slug in request.cancel:
        # A per-unit arena's slug cancels every unit's series (`skoleteam--*`).
        found = {
            uid: e
            for uid, e in series_entries.items()
            if e.arena == slug or e.arena.startswith(f"{slug}--")
        }
        if not found:
            raise UsageError(
                _(
                    "--cancel: nothing of {slug} was sent for {period} according to "
                    "{history}; there is nothing to cancel"
                ).format(
                    slug=repr(slug),
                    period=period,
                    history=delivery_report.person("", str(history.path)),
                )
            )
        chosen.update(found)
    gone = {
        uid: entry
        for uid, entry in series_entries.items()
        if uid not in current_uids
        and uid not in chosen
        and (not request.arenas or entry.arena in request.arenas)
    }
    if gone:
        listed = ", ".join(f"{entry.summary or entry.arena} ({uid})" for uid, entry in gone.items())
        question = _(
            "{count} series sent before for {period} are no longer in the data: {listed}. "
            "Send a cancellation (METHOD:CANCEL) so calendars remove them?"
        ).format(count=len(gone), period=period, listed=listed)
        if request.assume_yes or confirm(question):
            chosen.update(gone)
        else:
            report.print(
                "[yellow]"
                + _(
                    "not cancelled: {listed}; run again with --cancel ARENA to withdraw them"
                ).format(listed=escape(listed))
                + "[/yellow]"
            )
    people = {person.email.lower(): person for found in record.roster.values() for person in found}
    result = []
    for uid, entry in sorted(chosen.items()):
        if entry.organizer is None or not entry.start:
            raise InputError(
                _("{path}: {uid} lacks the organizer or start a cancellation needs").format(
                    path=history.path, uid=uid
                )
            )
        organizer = Invitee(entry.organizer[0], entry.organizer[1], "CHAIR")
        attendees = tuple(
            Invitee(people[a].name if a in people else a, a, "REQ-PARTICIPANT", a)
            for a in sorted(entry.received)
            if a != organizer.email.lower()
        )
        # A cancellation some did not get yet goes again with the SEQUENCE the others got.
        sequence = entry.sequence if entry.cancelled else entry.sequence + 1
        message = calendar_files.cancellation(
            uid=uid,
            sequence=sequence,
            summary=entry.summary or entry.arena,
            # The history keeps an offset; the CANCEL must name the zone its VTIMEZONE defines.
            start=dt.datetime.fromisoformat(entry.start).astimezone(ZoneInfo(record.timezone)),
            organizer=organizer,
            attendees=attendees,
            municipality=record,
            stamp=request.stamp,
        )
        name = f"avlyst-{uid.partition('@')[0]}.eml"
        result.append(issuing.Cancellation(name, uid, sequence, message, organizer, attendees))
    return result


def _everyone_told(entry: issue_history.Entry) -> bool:
    """Cancelled, and everyone the cancellation goes to accepted it (its SEQUENCE)."""
    organizer = entry.organizer[1].lower() if entry.organizer else None
    return entry.cancelled and all(
        got.sequence >= entry.sequence
        for address, got in entry.received.items()
        if address != organizer
    )


def run(
    request: Request,
    *,
    now: Callable[[], dt.datetime],
    confirm: Callable[[str], bool],
) -> None:
    """Run `samarbeid schedule` (see its help)."""
    if both := sorted(set(request.cancel) & set(request.restore)):
        raise UsageError(
            _("--cancel and --restore both name {arenas}: choose one").format(
                arenas=", ".join(both)
            )
        )
    if request.restore and request.publish is None:
        raise UsageError(
            _(
                "--restore publishes again a series cancelled in Outlook with --cancel: use it "
                "with --publish outlook"
            )
        )
    if request.publish is not None and (request.out or request.invitations_dir or request.send):
        raise UsageError(
            _(
                "--publish {service} delivers the series on its own: run --out, --invitations "
                "or --send separately"
            ).format(service=request.publish)
        )
    if request.out is not None:
        check_output_folder(request.out, "--out")
    if request.invitations_dir is not None:
        check_output_folder(request.invitations_dir, "--invitations")
    for folder, option in ((request.out, "--out"), (request.invitations_dir, "--invitations")):
        if folder is not None:
            outside_data(folder, request.data_dir, option)
    if request.municipality == ALL:
        _run_all(request, now)
        return
    loaded = load_valid(request.data_dir)
    workspace = loaded.workspace
    municipality = request.municipality
    chosen, named = _choose(workspace, municipality, request.arenas)
    request = replace(request, arenas=named)
    for slug in request.cancel:
        chosen.pop(slug, None)
    record = workspace.municipalities[municipality]
    source = workspace.municipality_files[municipality]
    period = (
        Period.parse(request.period_text) if request.period_text else coming_period(request.today)
    )
    smtp = sending.settings(record.smtp, sending.environment(), source) if request.send else None
    calendar = Calendar(record, source, (period.year - 1, period.year, period.year + 1))
    all_series = [
        series
        for series in schedule(municipality, chosen, period, calendar)
        if not named or series.arena_slug in named
    ]
    _refuse_undecided(all_series, loaded, strict=request.strict)

    if request.publish is not None:
        from samarbeid_cli.cli import publishing

        publishing.publish_series(
            publishing.Publishing(
                record=record,
                all_series=all_series,
                period=str(period),
                history_file=request.history_file
                or issue_history.history_path(request.data_dir, municipality),
                cancel=request.cancel,
                restore=request.restore,
                arenas=tuple(request.arenas),
                assume_yes=request.assume_yes,
            ),
            confirm=confirm,
        )
        return

    mailing = request.invitations_dir is not None or request.send
    writes = mailing or request.out is not None or bool(request.cancel)
    history_file = request.history_file or issue_history.history_path(
        request.data_dir, municipality
    )
    # soft_wrap: paths stay on one line, to copy and paste.
    report = Console(stderr=request.output_format != "table", soft_wrap=True)
    folders = [folder for folder in (request.out, request.invitations_dir) if folder is not None]
    lock = issue_history.locked(history_file) if writes else contextlib.nullcontext()
    with lock, locked(folders):
        history = issue_history.load(
            history_file,
            [folder for folder in (request.out, request.invitations_dir) if folder is not None],
        )
        job = issuing.Job(
            record=record,
            all_series=all_series,
            stamp=request.stamp,
            out=request.out,
            invitations_dir=request.invitations_dir,
            send=request.send,
            strict=request.strict,
            smtp=smtp,
            what=_("for {period}").format(period=period),
            stale=_stale_files(request, history, all_series),
        )
        issuing.issue(
            job,
            history,
            cancellations_for=lambda uids: _cancellations(
                history, request, period, uids, record, confirm, report
            ),
            print_stdout=lambda issued: _print(request, all_series, record, period, issued),
            report=report,
            now=now,
        )


ALL = "all"


def _stale_files(
    request: Request, history: issue_history.History, all_series: list[Series]
) -> tuple[Path, ...]:
    """Calendar and invitation files an earlier run wrote for series that are now gone from the
    data or cancelled: left in the folder, an import or a forward would bring them back."""
    written = {series.arena_slug for series in all_series}
    known = {entry.arena for entry in history.entries.values() if entry.arena and not entry.agenda}
    cancelled = {
        slug
        for slug in known
        for name in request.cancel
        if slug == name or slug.startswith(f"{name}--")
    }
    gone = {
        slug
        for slug in known
        if slug not in written and (not request.arenas or slug in request.arenas)
    } | cancelled
    stale: list[Path] = []
    for folder, suffix in ((request.out, ".ics"), (request.invitations_dir, ".eml")):
        if folder is None or not folder.is_dir():
            continue
        for path in folder.iterdir():
            if not path.name.endswith(suffix):
                continue
            stem = path.name.removesuffix(suffix)
            # `<arena>-2.eml`: one meeting of a per-term arena, unless an arena has that name.
            per_meeting = suffix == ".eml" and stem not in written
            if stem in gone or (per_meeting and re.sub(r"-\d+$", "", stem) in gone):
                stale.append(path)
    return tuple(sorted(stale))


def _refuse_undecided(all_series: list[Series], loaded: Loaded, *, strict: bool) -> None:
    """Name each series left out because the data gives a weekday, anchor or start time as
    not stated, with its file, field and the decision to make; the others go ahead.

    Raises:
        DataError: --strict, and a series is left out: nothing is written or sent.
    """
    refused = unscheduled(all_series, loaded.workspace, loaded.sources)
    if strict and refused:
        raise DataError([replace(finding, severity="error") for finding in refused])
    _warn(refused)


def _warn(refused: list[Finding]) -> None:
    report = Console(stderr=True, soft_wrap=True)
    for finding in refused:
        report.print(f"[yellow]{escape(str(finding))}[/yellow]")


@dataclass
class _Scheduled:
    """One municipality's part of `--municipality all`, kept once its records are let go."""

    record: Municipality
    refused: list[Finding]
    """The series left out for a value not stated, as warnings."""
    shown: str
    """What it prints on stdout: its JSON objects (each indented as an item of the list) or
    its table, as rendered."""
    all_series: list[Series] | None = None
    """Its series, kept only to write them (--out)."""


def _settings_for_all(request: Request) -> Period:
    """The period of `--municipality all`, once the options are known to allow it.

    Raises:
        UsageError: An option takes one municipality at a time, or the period is no period.
    """
    if request.publish is not None:
        raise UsageError(
            _("--publish {service} takes one municipality at a time").format(
                service=request.publish
            )
        )
    if request.invitations_dir or request.send or request.cancel or request.arenas:
        raise UsageError(
            _(
                "--municipality all schedules and writes calendars only; invitations, --send, "
                "--cancel and --arena take one municipality at a time"
            )
        )
    if request.output_format == "ics":
        raise UsageError(_("--format ics needs one municipality (each has its own time zone)"))
    return (
        Period.parse(request.period_text) if request.period_text else coming_period(request.today)
    )


def _run_all(request: Request, now: Callable[[], dt.datetime]) -> None:
    """Every municipality in one process: JSON or the table on stdout, and with --out one
    folder per municipality, each with its own issue history.

    The data folder is read one municipality at a time (issue 19): each is scheduled and
    rendered as it is read, and only what it prints is kept (its series too with --out).
    Nothing is printed or written until every file is known valid, as with one municipality:
    the data's errors come first, then the options', then a school calendar that lacks the
    period (in the order of the municipalities' slugs, as they are printed)."""
    stream = Stream(request.data_dir)
    period: Period | None = None
    refused: SamarbeidError | None = None
    try:
        period = _settings_for_all(request)
    except SamarbeidError as err:
        refused = err
    scheduled: dict[str, _Scheduled | InputError] = {}
    erred = False
    for part in stream:
        erred = erred or any(finding.severity == "error" for finding in part.findings)
        if erred or period is None:
            continue  # nothing of it would be printed
        workspace = part.workspace
        for slug, record in workspace.municipalities.items():
            source = workspace.municipality_files[slug]
            try:
                calendar = Calendar(record, source, (period.year - 1, period.year, period.year + 1))
                all_series = schedule(slug, workspace.arenas_of(slug), period, calendar)
            except InputError as err:
                scheduled[slug] = err
                continue
            scheduled[slug] = _Scheduled(
                record,
                unscheduled(all_series, workspace, part.sources),
                _shown(request, all_series, record, period),
                all_series if request.out is not None else None,
            )
    errors = [finding for finding in stream.findings if finding.severity == "error"]
    if errors:
        raise DataError(errors)
    if refused is not None:
        raise refused
    assert period is not None
    report = Console(stderr=True, soft_wrap=True)
    shown: list[str] = []
    for slug in sorted(scheduled):
        result = scheduled[slug]
        if isinstance(result, InputError):
            raise result
        _warn(result.refused)
        if result.shown:
            shown.append(result.shown)
        if request.out is None or result.all_series is None:
            continue
        history_file = (
            request.history_file.parent / f"{slug}.json"
            if request.history_file
            else issue_history.history_path(request.data_dir, slug)
        )
        with issue_history.locked(history_file), locked([request.out / slug]):
            history = issue_history.load(history_file, [request.out / slug])
            job = issuing.Job(
                record=result.record,
                all_series=result.all_series,
                stamp=request.stamp,
                out=request.out / slug,
                invitations_dir=None,
                send=False,
                strict=False,
                smtp=None,
                what=_("for {period}").format(period=period),
            )
            issuing.issue(
                job,
                history,
                cancellations_for=lambda _: [],
                print_stdout=lambda _: None,
                report=report,
                now=now,
            )
        result.all_series = None
    if request.output_format == "json":
        # What json.dumps(rows, indent=2) gives for every municipality's rows as one list,
        # written a municipality at a time rather than joined into one more copy.
        if not shown:
            typer.echo("[]")
            return
        for index, piece in enumerate(shown):
            typer.echo("[\n" if index == 0 else ",\n", nl=False)
            typer.echo(piece, nl=False)
        typer.echo("\n]")
    else:
        for piece in shown:
            typer.echo(piece, nl=False)


def _shown(request: Request, all_series: list[Series], record: Municipality, period: Period) -> str:
    """What one municipality's part of `--municipality all` prints on stdout, rendered now."""
    if request.output_format == "json":
        rows = schedule_output.rows(all_series, record.timezone)
        return ",\n".join("  " + schedule_output.json_text(row, 1) for row in rows)
    console = Console(soft_wrap=True)
    with console.capture() as capture:
        schedule_output.to_terminal(
            console, all_series, record, period, None, verbose=request.verbose
        )
    return capture.get()


def _print(
    request: Request,
    all_series: list[Series],
    record: Municipality,
    period: Period,
    issued: dict[str, calendar_files.Issued],
) -> None:
    """stdout, only once the files are on disk."""
    chosen_because = (
        None
        if request.period_text
        else _("the coming half-year as of {today}").format(today=request.today.isoformat())
    )
    if request.output_format == "json":
        typer.echo(schedule_output.as_json(all_series, record.timezone))
    elif request.output_format == "ics":
        content = calendar_files.combined_ics(all_series, record, request.stamp, issued)
        # Bytes: Windows' text stdout would write the CRLF line ends as "\r\r\n".
        typer.echo(content, nl=False)
    else:
        schedule_output.to_terminal(
            Console(soft_wrap=True),
            all_series,
            record,
            period,
            None if request.period_text else request.today,
            verbose=request.verbose,
        )
    if chosen_because and request.output_format != "table":
        Console(stderr=True, soft_wrap=True).print(
            _("period {period} ({first} to {last}), {why}").format(
                period=period, first=period.first_day, last=period.last_day, why=chosen_because
            )
        )
