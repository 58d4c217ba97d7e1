"""Signed log checkpoints, one event type per producer (``kpd.<service>.CheckpointSigned.v1``).

Every service publishes its own and keeps everyone else's; see servicekit.audit.
"""

from __future__ import annotations

from pydantic import Field

from contracts.base import EventData


class _CheckpointSigned(EventData):
    event_name = "CheckpointSigned"
    service: str = Field(pattern=r"^[a-z]+$")
    position: int = Field(ge=1)
    root: str = Field(pattern=r"^[0-9a-f]{64}$")
    key_id: str = Field(pattern=r"^[0-9a-f]{16}$")
    public_key: str = Field(min_length=40, max_length=60)
    signature: str = Field(min_length=80, max_length=100)


class RegistryCheckpointSigned(_CheckpointSigned):
    """日志检查点已签名 / A signed checkpoint of the log.

    The registry's signed Merkle root over its log up to ``position``.
    """

    producer = "registry"
    event_name = "CheckpointSigned"


class IssuesCheckpointSigned(_CheckpointSigned):
    """日志检查点已签名 / A signed checkpoint of the log.

    The issues service's signed Merkle root over its log up to ``position``.
    """

    producer = "issues"
    event_name = "CheckpointSigned"


class SchedulingCheckpointSigned(_CheckpointSigned):
    """日志检查点已签名 / A signed checkpoint of the log.

    The scheduling service's signed Merkle root over its log up to ``position``.
    """

    producer = "scheduling"
    event_name = "CheckpointSigned"


class AssessmentCheckpointSigned(_CheckpointSigned):
    """日志检查点已签名 / A signed checkpoint of the log.

    The assessment service's signed Merkle root over its log up to ``position``.
    """

    producer = "assessment"
    event_name = "CheckpointSigned"


class NotifyCheckpointSigned(_CheckpointSigned):
    """日志检查点已签名 / A signed checkpoint of the log.

    The notify service's signed Merkle root over its log up to ``position``.
    """

    producer = "notify"
    event_name = "CheckpointSigned"


class WorkbenchCheckpointSigned(_CheckpointSigned):
    """日志检查点已签名 / A signed checkpoint of the log.

    The workbench's signed Merkle root over its log (the user directory) up to ``position``.
    """

    producer = "workbench"
    event_name = "CheckpointSigned"


CHECKPOINT_EVENTS: dict[str, type[_CheckpointSigned]] = {
    model.producer: model
    for model in (
        RegistryCheckpointSigned,
        IssuesCheckpointSigned,
        SchedulingCheckpointSigned,
        AssessmentCheckpointSigned,
        NotifyCheckpointSigned,
        WorkbenchCheckpointSigned,
    )
}
