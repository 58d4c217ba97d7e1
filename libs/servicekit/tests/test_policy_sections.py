"""A service validates its own section of the shared policy file, and names what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import Field

from servicekit.policy import DEFAULT_POLICY_FILE, PolicyError, PolicySection, policy_path


class SweepPolicy(PolicySection, section="sweeper"):
    interval_seconds: int = Field(ge=10)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    return path


HEADER = (
    'version: 1\ntimezone: "Asia/Shanghai"\ndates: {earliest: "1990-01-01", latest: "2100-12-31"}\n'
)


def test_a_section_is_read_and_other_services_sections_are_theirs(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "sweeper:\n  interval_seconds: 60\nother: {anything: [1]}\n")
    assert SweepPolicy.load(path) == SweepPolicy(interval_seconds=60)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        (HEADER + "sweeper:\n  interval_seconds: 5\n", r"sweeper\.interval_seconds: Input should"),
        (HEADER + "sweeper:\n  interval_seconds: 60\n  intervall: 3\n", r"sweeper\.intervall"),
        (HEADER + "other: {}\n", r"sweeper: section missing"),
        ('version: 2\ntimezone: "x"\nsweeper: {interval_seconds: 60}\n', r"version"),
        ("sweeper: {interval_seconds: 60}\n", r"timezone: Field required"),
        ("- a list\n", r"\(root\)"),
    ],
)
def test_what_is_wrong_is_named(tmp_path: Path, text: str, named: str) -> None:
    with pytest.raises(PolicyError, match=named):
        SweepPolicy.load(write(tmp_path, text))


def test_a_missing_file_and_bad_yaml_are_errors_of_their_own(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match=r"not found: .*nowhere\.yaml"):
        SweepPolicy.load(tmp_path / "nowhere.yaml")
    with pytest.raises(PolicyError, match="not valid YAML"):
        SweepPolicy.load(write(tmp_path, "sweeper: [unclosed\n"))


def test_the_file_is_the_one_given_else_the_setting_else_the_working_directory_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    given = tmp_path / "given.yaml"
    monkeypatch.setenv("KPD_POLICY_FILE", str(tmp_path / "configured.yaml"))
    assert policy_path(given) == given
    assert policy_path() == tmp_path / "configured.yaml"
    monkeypatch.delenv("KPD_POLICY_FILE")
    assert policy_path() == DEFAULT_POLICY_FILE == Path("config/policy.yaml")


def test_a_section_class_must_name_its_section(tmp_path: Path) -> None:
    class Unnamed(PolicySection):
        value: int = 1

    with pytest.raises(TypeError, match="names no policy file section"):
        Unnamed.load(write(tmp_path, HEADER))
