"""Hypothesis stateful tests: issues' KnownProject and servicekit's Checkpoint, replay = live.

KnownProject is learned the way the consumer does it (``save_tracked`` with the
stream position), including redeliveries of old positions, which must store
nothing. Checkpoints are signed over a log that grows by random amounts.
Runs: KPD_HYPOTHESIS_RUNS (50; 1000 nightly).
"""

from __future__ import annotations

from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError, Tracking
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from issues.application import Issues
from servicekit.audit.checkpoint import CheckpointSigner, KeptCheckpoint
from servicekit.core.context import SYSTEM
from servicekit.eventstore.environment import build_env
from servicekit.eventstore.store import KpdApplication
from servicekit.runtime.audit_worker import CheckpointWorker
from tests.faults.in_process import assert_replay_equals_live
from tests.faults.support_faults import hypothesis_runs

RUNS = settings(
    max_examples=hypothesis_runs(),
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
names = st.text(alphabet="临汾尧都综合管廊工程abc-0123", min_size=1, max_size=16)
STREAM = "KPD_REGISTRY"


class KnownProjectReplay(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.issues = Issues(env=build_env(None))
        self.live: dict[UUID, Any] = {}
        self.position = 0

    @rule(
        project=st.sampled_from([f"p-{i}" for i in range(6)]),
        name=names,
        county=st.sampled_from(["yaodu", "houma"]),
        redelivery=st.booleans(),
    )
    def learn(self, project: str, name: str, county: str, redelivery: bool) -> None:
        learned = self.issues.learn_project(
            SYSTEM,
            project_id=project,
            name=name,
            county=county,
            sector="transport",
            subcommand="investment_transport",
            project_unit=f"unit-{county}",
        )
        if redelivery and self.position:
            try:
                self.issues.save_tracked(Tracking(STREAM, self.position), learned)
            except IntegrityError:
                return  # an old position: nothing may be stored
            raise AssertionError("a redelivered position was stored again")
        self.position += 1
        self.issues.save_tracked(Tracking(STREAM, self.position), learned)
        self.live[learned.id] = learned

    @invariant()
    def replay_equals_live(self) -> None:
        assert_replay_equals_live(self.issues, self.live)
        assert self.issues.position(STREAM) == self.position


class Witness(KpdApplication):
    name = "faults"


class CheckpointReplay(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.keys = TemporaryDirectory(prefix="kpd-faults-keys-")
        self.app = Witness(env=build_env(None))
        signer = CheckpointSigner(Path(self.keys.name) / "checkpoint.pem")
        self.worker = CheckpointWorker(self.app, "faults", signer, every_events=3, interval_s=3600)
        self.live: dict[UUID, Any] = {}
        self.kept = 0

    @rule(
        service=st.sampled_from(["registry", "issues"]),
        root=st.text("0123456789abcdef", min_size=64, max_size=64),
    )
    def keep_others_checkpoint(self, service: str, root: str) -> None:
        self.kept += 1
        kept = KeptCheckpoint(
            service=service,
            position=self.kept,
            root=root,
            key_id="k",
            public_key="p",
            signature="s",
            witness="faults",
            witness_key_id="w",
            witness_public_key="wp",
            witness_signature="ws",
        )
        self.app.save(kept)
        self.live[kept.id] = kept

    @rule(force=st.booleans())
    def sign(self, force: bool) -> None:
        checkpoint = self.worker.sign_if_due(force=force)
        if checkpoint is not None:
            self.live[checkpoint.id] = checkpoint

    @precondition(lambda self: self.live)
    @invariant()
    def replay_equals_live(self) -> None:
        assert_replay_equals_live(self.app, self.live)

    def teardown(self) -> None:
        self.app.close()
        self.keys.cleanup()


KnownProjectReplay.TestCase.settings = RUNS
CheckpointReplay.TestCase.settings = RUNS
test_known_project_replayed_state_equals_live_state = KnownProjectReplay.TestCase
test_checkpoint_replayed_state_equals_live_state = CheckpointReplay.TestCase
