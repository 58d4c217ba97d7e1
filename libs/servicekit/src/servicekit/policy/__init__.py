"""The policy file: every rule parameter of the deployment, validated at start-up.

Each service reads its own section; a file that does not validate stops the
service with a message naming the offending key, instead of running on a
silently wrong threshold.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

import yaml
from pydantic import ValidationError

from servicekit.policy.assessment import AssessmentPolicy
from servicekit.policy.base import Strict
from servicekit.policy.issues import IssuesPolicy
from servicekit.policy.registry import RegistryPolicy
from servicekit.policy.scheduling import SchedulingPolicy

DEFAULT_POLICY_FILE = Path(__file__).resolve().parents[5] / "config" / "policy.yaml"


class Policy(Strict):
    version: Literal[1]
    timezone: str
    registry: RegistryPolicy
    issues: IssuesPolicy
    scheduling: SchedulingPolicy
    assessment: AssessmentPolicy


class PolicyError(Exception):
    """The policy file is missing or invalid; the message names the key."""


def load_policy(path: Path | None = None) -> Policy:
    # Same variable as ServiceSettings.policy_file, for callers that hold no settings.
    configured = os.environ.get("KPD_POLICY_FILE")
    source = path or (Path(configured) if configured else DEFAULT_POLICY_FILE)
    try:
        raw = yaml.safe_load(source.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise PolicyError(f"policy file not found: {source}") from exc
    except yaml.YAMLError as exc:
        raise PolicyError(f"policy file {source} is not valid YAML: {exc}") from exc
    try:
        return Policy.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or '(root)'}: {e['msg']}" for e in exc.errors()
        )
        raise PolicyError(f"policy file {source} is invalid: {problems}") from exc


__all__ = [
    "AssessmentPolicy",
    "IssuesPolicy",
    "Policy",
    "PolicyError",
    "RegistryPolicy",
    "SchedulingPolicy",
    "load_policy",
]
