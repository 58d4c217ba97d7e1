"""Replay a bench store's whole log in a process of its own, as an auditor's tool would.

``python -m bench.replay_probe VAR_DIR DATABASE_URL SCHEMA`` prints
``{"events": N, "seconds": S}``. The scaling group runs it three times per tier
and keeps the best. Replayed in the process that bulk-loaded the store, every
collection of Python's garbage collector also walked the loader's own
bookkeeping (hundreds of thousands of ids), which grows with the tier and made
the replay look superlinear.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from bench.loader import BenchApplication, store_settings
from servicekit.audit.verify import iter_log
from servicekit.core.settings import ServiceSettings
from servicekit.eventstore.environment import store_environment


def replay(app: BenchApplication) -> tuple[int, float]:
    """(events, seconds) to read the whole log and turn every event back into a domain event."""
    started = time.perf_counter()
    count = 0
    for notification in iter_log(app.recorder):
        app.mapper.to_domain_event(notification)
        count += 1
    return count, time.perf_counter() - started


def replay_in_own_process(settings: ServiceSettings) -> tuple[int, float]:
    """Run this module on ``settings``' store and read its answer."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.replay_probe",
            str(settings.var_dir),
            settings.database_url,
            settings.schema_name,
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    return int(answer["events"]), float(answer["seconds"])


def main(argv: list[str]) -> int:
    var_dir, database_url, schema = argv
    app = BenchApplication(
        env=store_environment(store_settings(Path(var_dir), database_url, schema))
    )
    try:
        events, seconds = replay(app)
    finally:
        app.close()
    print(json.dumps({"events": events, "seconds": seconds}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
