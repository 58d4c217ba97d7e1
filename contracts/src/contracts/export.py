"""Write and check the committed event contract: JSON Schemas and the AsyncAPI document.

``python -m contracts.export [write|check] [--root DIR] [--baseline GIT_REF]``

Layout under the contracts directory:
``schemas/envelope.v<E>.json`` — the CloudEvents envelope;
``schemas/<producer>/<EventName>.v<N>.json`` — the payload (``data``) of one event
type, whose ``$id`` is the envelope's ``dataschema`` value; ``asyncapi.json``.

Payload schemas are kept apart from the envelope on purpose: CloudEvents defines
``dataschema`` as the schema of ``data``, and the envelope evolves on a version of
its own — folding it into every file would turn one envelope change into a
"contract changed" failure for every event ever published.

A schema file, once published, never changes: ``check`` fails when the file for a
name and version differs from what the catalog generates, and ``--baseline`` also
compares against a git ref so a regenerated-and-committed change is caught too
(only a reworded ``description``, which is documentation, passes there).
"""

from __future__ import annotations

import argparse
import difflib
import json
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib.metadata import version as distribution_version
from pathlib import Path
from typing import Any, Final

from contracts.asyncapi import build_asyncapi
from contracts.base import EventData
from contracts.catalog import CATALOG
from contracts.envelope import SCHEMA_BASE, CloudEvent, dataschema_for

# Bump with a new envelope file when CloudEvent changes incompatibly.
ENVELOPE_VERSION: Final = 1
ENVELOPE_FILE: Final = f"schemas/envelope.v{ENVELOPE_VERSION}.json"
ASYNCAPI_FILE: Final = "asyncapi.json"
SCHEMA_DIR: Final = "schemas"
JSON_SCHEMA_DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"
DISTRIBUTION: Final = "kpd-contracts"
REGENERATE: Final = "run python -m contracts.export"

Catalog = Mapping[str, type[EventData]]


@dataclass(frozen=True)
class Finding:
    """One reason the committed contract does not match the catalog."""

    path: str
    message: str
    diff: str = ""


def default_root() -> Path:
    """The repository's ``contracts/`` directory (``src/contracts/../../``)."""
    return Path(__file__).resolve().parents[2]


def schema_file(model: type[EventData]) -> str:
    """Path of an event type's payload schema, relative to the contracts directory."""
    return f"{SCHEMA_DIR}/{model.producer}/{model.event_name}.v{model.version}.json"


def _with_header(schema_id: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"$schema": JSON_SCHEMA_DIALECT, "$id": schema_id, **schema}


def payload_schema(model: type[EventData]) -> dict[str, Any]:
    """JSON Schema of what a consumer accepts as the event's ``data``."""
    return _with_header(dataschema_for(model), model.model_json_schema(mode="validation"))


def envelope_schema() -> dict[str, Any]:
    """JSON Schema of the CloudEvents envelope, ``data`` left open."""
    schema_id = f"{SCHEMA_BASE}:envelope:v{ENVELOPE_VERSION}"
    return _with_header(schema_id, CloudEvent.model_json_schema(mode="validation"))


def dump_json(document: Mapping[str, Any]) -> str:
    """Canonical text of a schema file, so that regeneration is byte-for-byte stable."""
    return json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def render_artefacts(catalog: Catalog = CATALOG) -> dict[str, str]:
    """Every generated file's text, keyed by its path relative to the contracts directory."""
    files = {ENVELOPE_FILE: dump_json(envelope_schema())}
    for model in catalog.values():
        files[schema_file(model)] = dump_json(payload_schema(model))
    document = build_asyncapi(
        catalog,
        version=distribution_version(DISTRIBUTION),
        envelope_file=ENVELOPE_FILE,
        schema_file=schema_file,
    )
    # JSON rather than YAML: AsyncAPI accepts both, and contracts depends on pydantic alone.
    files[ASYNCAPI_FILE] = dump_json(document)
    return files


def write_artefacts(root: Path, catalog: Catalog = CATALOG) -> list[str]:
    """Write the generated files under ``root``; returns the paths whose text changed.

    Never deletes: a schema without a catalog entry is a removed version, which
    ``check`` reports so that a person decides, rather than this tool erasing it.
    """
    changed = []
    for relative, text in render_artefacts(catalog).items():
        target = root / relative
        if target.is_file() and target.read_text(encoding="utf-8") == text:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
        changed.append(relative)
    return changed


def _diff(relative: str, committed: str, regenerated: str) -> str:
    lines = difflib.unified_diff(
        committed.splitlines(keepends=True),
        regenerated.splitlines(keepends=True),
        fromfile=f"committed/{relative}",
        tofile=f"regenerated/{relative}",
    )
    return "".join(lines)


def _changed(relative: str, committed: str, regenerated: str) -> Finding:
    name, _, number = Path(relative).stem.rpartition(".v")
    message = (
        f"contract changed without a version bump: {relative}; "
        f"add {name}.v{int(number) + 1} with an upcaster instead"
    )
    return Finding(relative, message, _diff(relative, committed, regenerated))


def check_artefacts(root: Path, catalog: Catalog = CATALOG) -> list[Finding]:
    """Compare the committed files under ``root`` with a fresh regeneration."""
    expected = render_artefacts(catalog)
    findings = []
    for relative, text in expected.items():
        target = root / relative
        if not target.is_file():
            what = "asyncapi document" if relative == ASYNCAPI_FILE else "new event schema"
            findings.append(Finding(relative, f"{what} not generated: {REGENERATE}"))
            continue
        committed = target.read_text(encoding="utf-8")
        if committed == text:
            continue
        if relative == ASYNCAPI_FILE:
            diff = _diff(relative, committed, text)
            findings.append(Finding(relative, f"{relative} is out of date: {REGENERATE}", diff))
        else:
            findings.append(_changed(relative, committed, text))
    for path in sorted((root / SCHEMA_DIR).rglob("*.json")):
        relative = path.relative_to(root).as_posix()
        if relative not in expected:
            message = f"committed schema has no catalog entry (a removed version?): {relative}"
            findings.append(Finding(relative, message))
    return findings


def _git(root: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, encoding="utf-8", check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout


# Keywords whose members are names chosen by the schema, not keywords: a field
# called "description" is part of the shape and must not be ignored.
_NAME_MAPS: Final = frozenset({"properties", "patternProperties", "$defs"})


def _shape(node: Any, names: bool = False) -> Any:
    """A schema without its ``description`` annotations: what a validator enforces."""
    if isinstance(node, dict):
        return {
            key: _shape(value, not names and key in _NAME_MAPS)
            for key, value in node.items()
            if names or key != "description"
        }
    if isinstance(node, list):
        return [_shape(item) for item in node]
    return node


def same_shape(before: str, now: str) -> bool:
    """Whether two schema texts differ at most in their descriptions (documentation)."""
    try:
        return bool(_shape(json.loads(before)) == _shape(json.loads(now)))
    except ValueError:
        return False


def check_against_baseline(root: Path, ref: str) -> list[Finding]:
    """Schema files published at git ``ref`` must still exist, the same but for descriptions.

    A description is documentation: rewording it changes nothing a producer or a
    consumer does, so it needs no new version.
    """
    try:
        published = _git(root, "ls-tree", "-r", "--name-only", ref, "--", SCHEMA_DIR).splitlines()
    except RuntimeError as error:
        return [Finding(SCHEMA_DIR, f"cannot read baseline {ref}: {error}")]
    findings = []
    for relative in published:
        before = _git(root, "show", f"{ref}:./{relative}")
        target = root / relative
        if not target.is_file():
            findings.append(Finding(relative, f"published schema removed since {ref}: {relative}"))
            continue
        now = target.read_text(encoding="utf-8")
        if now != before and not same_shape(before, now):
            findings.append(_changed(relative, before, now))
    return findings


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the process exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m contracts.export",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("command", nargs="?", choices=("write", "check"), default="write")
    parser.add_argument("--root", type=Path, default=None, help="the contracts directory")
    parser.add_argument("--baseline", default=None, help="check: git ref of published schemas")
    args = parser.parse_args(argv)
    root: Path = args.root or default_root()
    if args.command == "write":
        for relative in write_artefacts(root):
            sys.stdout.write(f"wrote {relative}\n")
        return 0
    findings = check_artefacts(root)
    if args.baseline:
        reported = {finding.path for finding in findings}
        baseline = check_against_baseline(root, args.baseline)
        findings += [finding for finding in baseline if finding.path not in reported]
    for finding in findings:
        sys.stderr.write(f"{finding.message}\n{finding.diff}")
    if not findings:
        sys.stdout.write(f"contracts up to date: {len(CATALOG)} event types\n")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
