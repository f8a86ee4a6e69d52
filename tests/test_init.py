"""`samarbeid init`: a new municipality's data repository that works at once."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from samarbeid_cli import __version__
from tests.conftest import app
from tests.git_repos import git

WRITTEN = [
    "data/municipalities/testvik.yaml",
    "data/arenas/testvik/samordningsteam-barn-og-unge.yaml",
    ".pre-commit-config.yaml",
    ".github/workflows/samarbeid.yml",
    ".gitlab-ci.yml",
    ".github/CODEOWNERS",
    ".gitlab/CODEOWNERS",
    ".gitignore",
    "templates/.gitkeep",
    "schemas/municipality.schema.json",
    "schemas/arena.schema.json",
    "schemas/annual-wheel.schema.json",
]


@pytest.mark.parametrize("malform", ["nb", "nn"])
def test_a_new_workspace_validates_and_schedules_at_once(
    tmp_path: Path, runner: CliRunner, malform: str
) -> None:
    workspace = tmp_path / "testvik-data"

    result = runner.invoke(
        app,
        [
            "init",
            str(workspace),
            "--name",
            "Testvik kommune",
            "--kommunenummer",
            "0999",
            "--malform",
            malform,
        ],
    )

    assert result.exit_code == 0, result.output
    assert result.stdout == "".join(f"wrote {workspace / path}\n" for path in WRITTEN)
    assert result.stderr == (
        f"made {workspace} a git repository on branch main\n"
        f"next: cd {workspace} && samarbeid validate && pre-commit install\n"
    )
    assert git(workspace, "symbolic-ref", "HEAD").strip() == "refs/heads/main"
    assert git(workspace, "status", "--porcelain", "--untracked-files=all").count("??") == len(
        WRITTEN
    )
    municipality = (workspace / WRITTEN[0]).read_text(encoding="utf-8")
    assert 'kommunenummer: "0999"' in municipality
    assert f"malform: {malform}" in municipality
    assert (workspace / "templates").is_dir()

    validated = runner.invoke(app, ["validate", str(workspace / "data")])
    assert validated.exit_code == 0, validated.output
    assert "1 municipalities, 1 arenas, 0 warning(s)." in validated.stdout

    scheduled = runner.invoke(
        app,
        [
            "schedule",
            "-m",
            "testvik",
            "--period",
            "2027-H1",
            "--format",
            "json",
            "--data",
            str(workspace / "data"),
        ],
    )
    assert scheduled.exit_code == 0, scheduled.output
    assert '"start": "2027-01-22T08:30:00+01:00"' in scheduled.stdout


def test_the_ci_examples_run_validate_diff_check_revisions_and_agenda(
    tmp_path: Path, runner: CliRunner
) -> None:
    result = runner.invoke(
        app, ["init", str(tmp_path / "w"), "--name", "Inderøy kommune", "--kommunenummer", "5053"]
    )

    assert result.exit_code == 0, result.output
    github = yaml.safe_load((tmp_path / "w/.github/workflows/samarbeid.yml").read_text("utf-8"))
    assert github["env"] == {
        "SAMARBEID_VERSION": __version__,
        "SAMARBEID_LANG": "nb",
        "SAMARBEID_WORKSPACE": ".",
    }
    pr_steps = [step.get("run", "") for step in github["jobs"]["validate"]["steps"]]
    assert 'pip install "samarbeid==$SAMARBEID_VERSION"' in pr_steps
    assert "samarbeid validate" in pr_steps
    assert any('samarbeid diff "origin/$BASE...HEAD" --format md' in run for run in pr_steps)
    weekly = github["jobs"]["weekly"]["steps"][-1]["run"]
    for command in (
        "samarbeid validate 2>&1 || failed=1",
        "samarbeid check-revisions --municipality inderoy 2>&1 || failed=1",
        "samarbeid agenda --due --municipality inderoy 2>&1 || failed=1",
    ):
        assert command in weekly
    assert weekly.rstrip().endswith('exit "$failed"')
    assert github["jobs"]["weekly"]["permissions"] == {"contents": "read", "issues": "write"}
    assert github[True]["schedule"] == [{"cron": "0 6 * * 1"}]
    gitlab = yaml.safe_load((tmp_path / "w/.gitlab-ci.yml").read_text("utf-8"))
    assert gitlab["variables"]["SAMARBEID_VERSION"] == __version__
    assert gitlab["variables"]["GIT_DEPTH"] == "0"
    assert gitlab["default"]["before_script"] == ['pip install "samarbeid==$SAMARBEID_VERSION"']
    assert gitlab["validate"]["script"] == ["samarbeid validate"]
    assert gitlab["diff"]["script"][1].startswith("samarbeid diff ")
    assert gitlab["weekly"]["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "schedule"'}]
    assert "samarbeid check-revisions --municipality inderoy" in gitlab["weekly"]["script"][0]
    hooks = yaml.safe_load((tmp_path / "w/.pre-commit-config.yaml").read_text("utf-8"))
    assert hooks["repos"] == [
        {
            "repo": "local",
            "hooks": [
                {
                    "id": "samarbeid-validate",
                    "name": "samarbeid validate",
                    "entry": "samarbeid --workspace . validate",
                    "language": "python",
                    "additional_dependencies": [f"samarbeid=={__version__}"],
                    "pass_filenames": False,
                    "always_run": True,
                }
            ],
        }
    ]


@pytest.mark.parametrize("malform", ["nb", "nn"])
def test_the_ci_examples_name_no_branch_and_speak_the_malform(
    tmp_path: Path, runner: CliRunner, malform: str
) -> None:
    """Whatever the default branch is called (a stock `git init` makes master), the CI runs
    on it: no file that init writes names a branch."""
    result = runner.invoke(
        app,
        ["init", str(tmp_path / "w"), "--name", "Testvik kommune", "--kommunenummer", "9999",
         "--malform", malform, "--no-git"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "w/.git").exists()
    for name in (".github/workflows/samarbeid.yml", ".gitlab-ci.yml", ".pre-commit-config.yaml"):
        text = (tmp_path / "w" / name).read_text("utf-8")
        assert not re.search(r"\b(main|master)\b", text), name
    github = yaml.safe_load((tmp_path / "w/.github/workflows/samarbeid.yml").read_text("utf-8"))
    assert github[True]["push"] is None
    assert "github.ref_name == github.event.repository.default_branch" in " ".join(
        github["jobs"]["validate"]["if"].split()
    )
    assert github["env"]["SAMARBEID_LANG"] == malform
    gitlab = yaml.safe_load((tmp_path / "w/.gitlab-ci.yml").read_text("utf-8"))
    assert gitlab["validate"]["rules"][1] == {
        "if": '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $CI_PIPELINE_SOURCE == "push"'
    }
    assert gitlab["variables"]["SAMARBEID_LANG"] == malform


SITE_COMMAND = (
    'SOURCE_DATE_EPOCH="$(git log -1 --format=%ct)" '
    "samarbeid site --municipality {slug} --out public"
)


@pytest.mark.parametrize("malform", ["nb", "nn"])
def test_the_ci_examples_publish_the_site_on_the_default_branch(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch, malform: str
) -> None:
    result = runner.invoke(
        app,
        ["init", str(tmp_path / "w"), "--name", "Testvik kommune", "--kommunenummer", "9999",
         "--malform", malform],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    command = SITE_COMMAND.format(slug="testvik")

    github = yaml.safe_load((tmp_path / "w/.github/workflows/samarbeid.yml").read_text("utf-8"))
    site = github["jobs"]["site"]
    assert " ".join(site["if"].split()) == (
        "github.event_name == 'schedule' || (github.event_name != 'pull_request' && "
        "github.ref_name == github.event.repository.default_branch)"
    )
    assert site["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert site["environment"]["name"] == "github-pages"
    steps = site["steps"]
    assert [step.get("run") for step in steps if "run" in step][-1] == command
    uses = [step.get("uses") for step in steps if "uses" in step]
    assert uses[-2:] == ["actions/upload-pages-artifact@v3", "actions/deploy-pages@v4"]
    assert steps[-2]["with"] == {"path": "public"}

    gitlab = yaml.safe_load((tmp_path / "w/.gitlab-ci.yml").read_text("utf-8"))
    assert gitlab["pages"]["rules"][0] == {
        "if": '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $CI_PIPELINE_SOURCE == "push"'
    }
    assert gitlab["pages"]["script"][-1] == command
    assert gitlab["pages"]["artifacts"] == {"paths": ["public"]}

    # The command the CI runs works in the new workspace as it is.
    monkeypatch.chdir(tmp_path / "w")
    built = runner.invoke(
        app, ["site", "--municipality", "testvik", "--out", "public"],
        env={"SOURCE_DATE_EPOCH": "1788220800"},
    )  # fmt: skip
    assert built.exit_code == 0, built.output
    assert (tmp_path / "w/public/index.html").is_file()
    assert (tmp_path / "w/public/testvik.ics").is_file()


def test_init_never_overwrites(tmp_path: Path, runner: CliRunner) -> None:
    (tmp_path / "w").mkdir()
    (tmp_path / "w" / "notes.txt").write_text("keep me", encoding="utf-8")

    result = runner.invoke(
        app, ["init", str(tmp_path / "w"), "--name", "Testvik", "--kommunenummer", "0999"]
    )

    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"samarbeid: {tmp_path / 'w'} already exists and is not empty; init never overwrites\n"
    )
    assert [path.name for path in (tmp_path / "w").iterdir()] == ["notes.txt"]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--kommunenummer", "301"],
            "samarbeid: --kommunenummer must be 4 digits, such as 0301 (got '301')\n",
        ),
        (
            ["--kommunenummer", "0301", "--slug", "Oslo"],
            "samarbeid: --slug must be lowercase a-z, digits and hyphens (got 'Oslo')\n",
        ),
    ],
)
def test_usage_errors(
    tmp_path: Path, runner: CliRunner, arguments: list[str], message: str
) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "w"), "--name", "Oslo", *arguments])

    assert result.exit_code == 2
    assert result.stderr == message
    assert not (tmp_path / "w").exists()


def test_this_repository_offers_the_validate_hook() -> None:
    hooks = yaml.safe_load(
        (Path(__file__).parents[1] / ".pre-commit-hooks.yaml").read_text("utf-8")
    )

    assert hooks == [
        {
            "id": "samarbeid-validate",
            "name": "samarbeid validate",
            "description": (
                "Check the municipality and arena files and every reference between them."
            ),
            "entry": "samarbeid --workspace . validate",
            "language": "python",
            "pass_filenames": False,
            "always_run": True,
        }
    ]


@pytest.mark.parametrize("command", ["diff", "check-revisions", "init"])
def test_help_lists_exit_codes_and_ends_with_examples(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"})

    assert result.exit_code == 0, result.output
    assert "Exit codes: 0 " in result.stdout
    description = result.stdout.split("Examples:")[1].split("╭")[0]
    # Each example is a command line, with what it does on the line below where it says so.
    lines = [line.strip() for line in description.splitlines() if line.strip()]
    examples = [line for line in lines if line.startswith("samarbeid ")]
    assert 2 <= len(examples) <= 3
    assert all(line.startswith(f"samarbeid {command}") for line in examples)
    assert lines[0] == examples[0]


def test_the_new_workspace_has_schemas_that_its_files_point_at(
    runner: CliRunner, tmp_path: Path
) -> None:
    """An editor with yaml-language-server checks the new files as they are typed."""
    folder = tmp_path / "ny"
    result = runner.invoke(
        app, ["init", str(folder), "--name", "Tydal kommune", "--kommunenummer", "5033"]
    )

    assert result.exit_code == 0, result.output
    for path in [*folder.glob("data/municipalities/*.yaml"), *folder.glob("data/arenas/*/*.yaml")]:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        schema = (path.parent / first.split("=", 1)[1]).resolve()
        assert schema.is_file(), schema
        assert json.loads(schema.read_text())["$schema"].startswith("https://json-schema.org/")


def test_without_git_init_prints_the_commands_to_make_the_repository(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    nowhere = tmp_path / "empty-path"
    nowhere.mkdir()
    monkeypatch.setenv("PATH", str(nowhere))
    workspace = tmp_path / "w"

    result = runner.invoke(
        app, ["init", str(workspace), "--name", "Testvik", "--kommunenummer", "0999"]
    )

    assert result.exit_code == 0, result.output
    assert not (workspace / ".git").exists()
    assert result.stderr == (
        "next (git is not installed or failed: install git first): "
        f"cd {workspace} && git init && git symbolic-ref HEAD refs/heads/main"
        " && samarbeid validate && pre-commit install\n"
    )


@pytest.mark.parametrize(
    ("malform", "mapping"),
    [
        ("nb", "Erstatt hver @testvik/... under med teamet (@organisasjon/team)"),
        ("nn", "Byt ut kvar @testvik/... under med teamet (@organisasjon/team)"),
    ],
)
def test_init_writes_codeowners_that_route_each_routine_to_its_approvers(
    tmp_path: Path, runner: CliRunner, malform: str, mapping: str
) -> None:
    """Issue 20: a change to an arena's routine goes to the roles that approve it, on GitHub
    and on GitLab, with how to map roles to accounts."""
    workspace = tmp_path / "testvik-data"
    result = runner.invoke(
        app,
        [
            "init",
            str(workspace),
            "--name",
            "Testvik kommune",
            "--kommunenummer",
            "0999",
            "--malform",
            malform,
            "--no-git",
        ],
    )
    assert result.exit_code == 0, result.output

    github = (workspace / ".github/CODEOWNERS").read_text(encoding="utf-8")
    gitlab = (workspace / ".gitlab/CODEOWNERS").read_text(encoding="utf-8")
    arena_line = (
        "/data/arenas/testvik/samordningsteam-barn-og-unge.yaml    "
        "@testvik/koordinator @testvik/sektorsjef-oppvekst\n"
    )
    for text in (github, gitlab):
        assert arena_line in text
        assert "/data/municipalities/testvik.yaml        @testvik/sektorsjef-oppvekst\n" in text
        rules = [line for line in text.splitlines() if line and not line.startswith("#")]
        assert all(line.startswith(("/", "*", "[")) for line in rules), rules
    assert mapping in " ".join(github.split())
    assert "Require review from Code Owners" in github
    assert "Code owner approval" in gitlab
    # Sections are GitLab's; GitHub would read "[Rutiner]" as a file pattern.
    assert "\n[Rutin" in gitlab
    assert not any(line.startswith("[") for line in github.splitlines())
