"""``kpd audit timeline``: one subject across services, in time order, with its actors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from kpd.cli import main

from .test_audit_toys import ToySuite, build_toy_suite

SERVICES = ["--service", "registry", "--service", "issues", "--service", "scheduling"]


@pytest.fixture(scope="module")
def suite(tmp_path_factory: pytest.TempPathFactory) -> ToySuite:
    return build_toy_suite(tmp_path_factory.mktemp("timeline") / "var")


def timeline(suite: ToySuite, capsys: pytest.CaptureFixture[str], *subject: str) -> str:
    capsys.readouterr()
    args = ["audit", "timeline", "--var-dir", str(suite.var_dir), *SERVICES, *subject]
    assert main(args) == 0
    return capsys.readouterr().out


def test_an_issue_timeline_shows_every_step_with_its_actor(
    suite: ToySuite, capsys: pytest.CaptureFixture[str]
) -> None:
    out = timeline(suite, capsys, "--issue", suite.issue_id, "--format", "jsonl")
    entries = [json.loads(line) for line in out.splitlines()]
    steps = [(e["service"], e["event"], e["actor"], e["actorrole"]) for e in entries]
    assert steps == [
        ("issues", "Issue.Raised", "zhao.min", "project"),
        ("scheduling", "Meeting.Scheduled", "li.hua", "subcommand"),
        ("issues", "Issue.Escalated", "li.hua", "subcommand"),
    ]
    assert entries[0]["data"]["title"] == "征地拆迁滞后"
    assert [e["time"] for e in entries] == sorted(e["time"] for e in entries)
    assert entries[0]["time"].endswith("+08:00")


def test_a_project_timeline_crosses_aggregate_ids(
    suite: ToySuite, capsys: pytest.CaptureFixture[str]
) -> None:
    out = timeline(suite, capsys, "--project", suite.project_id, "--format", "jsonl")
    events = [(e["service"], e["event"]) for e in map(json.loads, out.splitlines())]
    assert events == [
        ("registry", "Project.Registered"),
        ("issues", "KnownProject.Learned"),  # another aggregate id, matched on project_id
        ("issues", "Issue.Raised"),
        ("registry", "Project.Progressed"),  # carries no project_id: joins by aggregate
        ("scheduling", "Meeting.Scheduled"),  # lists the project among several
        ("issues", "Issue.Escalated"),
    ]
    by_id = timeline(suite, capsys, "--project", suite.project_uuid, "--format", "jsonl")
    assert [json.loads(line)["event"] for line in by_id.splitlines()] == [
        "Project.Registered",
        "Project.Progressed",
    ]


def test_text_and_csv_are_readable_chinese(
    suite: ToySuite, capsys: pytest.CaptureFixture[str]
) -> None:
    text = timeline(suite, capsys, "--county", "yaodu")
    assert "汾河大桥" in text
    assert "\\u" not in text
    assert "wang.li/county/yaodu" in text
    assert "investment=12.5000" in text  # a transcoded Decimal, shown plainly
    rows = list(
        csv.DictReader(io.StringIO(timeline(suite, capsys, "--meeting", "M-3", "--format", "csv")))
    )
    assert [(r["event"], r["actor"]) for r in rows] == [("Meeting.Scheduled", "li.hua")]


def test_timeline_to_a_file_and_an_unknown_subject(
    suite: ToySuite, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "t.jsonl"
    timeline(suite, capsys, "--issue", suite.issue_id, "--format", "jsonl", "--out", str(out))
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3
    assert timeline(suite, capsys, "--issue", "I-404") == ""
