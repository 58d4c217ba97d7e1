"""The checkpoint worker: every N events or T seconds, sign the log's Merkle root.

It keeps the accumulator in memory and only reads what was appended since the
last round, so a checkpoint costs the new events, not the whole log.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import replace

from servicekit.audit.chain import CHAIN_KEY, recompute, split_state
from servicekit.audit.checkpoint import Checkpoint, CheckpointSigner
from servicekit.audit.merkle import MerkleAccumulator
from servicekit.audit.verify import checkpoints_in, iter_log
from servicekit.core.context import SYSTEM, acting_as
from servicekit.eventstore.store import KpdApplication

log = logging.getLogger("kpd.audit")

MEMORY_RUN = 1024  # notifications taken from memory at a time


class CheckpointWorker:
    name = "checkpoints"

    def __init__(
        self,
        app: KpdApplication,
        service: str,
        signer: CheckpointSigner,
        every_events: int,
        interval_s: float,
    ) -> None:
        self.app = app
        self.service = service
        self.signer = signer
        self.every_events = every_events
        self.interval_s = interval_s
        self.accumulator = MerkleAccumulator()
        self.position = 0
        self.signed_position = 0
        self._last_signed_at = time.monotonic()
        # Wall-clock time of the last signature (or of the start), for the
        # KpdCheckpointStalled alert beside ``unsigned_events``.
        self.last_signed_wall = time.time()

    @property
    def unsigned_events(self) -> int:
        """Events folded in since the last checkpoint."""
        return max(self.position - self.signed_position, 0)

    def advance(self) -> None:
        """Fold everything stored since the last call into the accumulator.

        What this process stored comes from memory with its chain hash at hand;
        the log is read from where memory ends (usually: nothing more).
        """
        while run := self.app.recent.after(self.position, MEMORY_RUN):
            for domain_event, notification in run:
                chain = vars(domain_event).get(CHAIN_KEY)
                if not isinstance(chain, dict):
                    break  # sealed elsewhere or not at all: the log path recomputes it
                self.accumulator.append(notification.id, str(chain["hash"]))
                self.position = notification.id
            else:
                continue
            break
        for notification in iter_log(self.app.recorder, after=self.position):
            _, chain = split_state(notification.state)
            if chain is None:
                _, again = recompute(
                    str(notification.originator_id),
                    notification.originator_version,
                    notification.topic,
                    notification.state,
                )
                event_hash = again.hash
            else:
                event_hash = str(chain["hash"])
            self.accumulator.append(notification.id, event_hash)
            self.position = notification.id

    def sign_if_due(self, force: bool = False) -> Checkpoint | None:
        self.advance()
        new_events = self.position - self.signed_position
        due = new_events >= self.every_events or (
            new_events > 0 and time.monotonic() - self._last_signed_at >= self.interval_s
        )
        if not (due or (force and new_events > 0)):
            return None
        root = self.accumulator.root()
        checkpoint = Checkpoint(
            service=self.service,
            position=self.position,
            root=root,
            key_id=self.signer.key_id,
            public_key=self.signer.public_key,
            signature=self.signer.sign(self.service, self.position, root),
        )
        with acting_as(replace(SYSTEM, command="sign_checkpoint")):
            self.app.save(checkpoint)
        self.signed_position = self.position
        self._last_signed_at = time.monotonic()
        self.last_signed_wall = time.time()
        return checkpoint

    async def run(self, stop: asyncio.Event) -> None:
        own = await asyncio.to_thread(checkpoints_in, self.app.recorder, self.service, False)
        self.signed_position = max((c.position for c in own), default=0)
        while not stop.is_set():
            await asyncio.to_thread(self.sign_if_due)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=min(self.interval_s, 5.0))
