"""Write deploy/nats/auth.conf from the producers the contracts name.

Every service keeps every other producer's signed checkpoints, so each service user
needs its own durable consumer on every other stream: with six producers that is
thirty consumers of six subjects each, too many to keep right by hand. Run
``python deploy/nats/auth_conf.py`` after adding a producer; the deploy tests fail
while the file on disk differs from what this renders.
"""

from __future__ import annotations

import sys
from pathlib import Path

from contracts.subjects import DLQ_STREAM, PRODUCERS, STREAMS

AUTH_CONF = Path(__file__).with_name("auth.conf")

HEADER = """\
# Who may do what on the bus (architecture.md §5). One user per service, an admin
# that provisions streams, and a read-only auditor. Passwords come from the
# environment (docker-compose.yml passes them; see docs/runbook.md for rotation).
# Written by deploy/nats/auth_conf.py from contracts.subjects: edit that, not this.
#
# A service user may publish only its own events (kpd.<self>.>) and its dead letters
# (kpd.dlq.<self>), read stream info, and drive only its own durable consumers
# <self>--<producer> on the other services' streams (every service keeps the others'
# signed checkpoints, so each reads every other stream). It may not create,
# update, purge or delete streams: the admin provisions them (deploy/nats/provision_streams.py)
# before any service starts, so the durability settings live in one place. Replies
# (JetStream acks, API answers) arrive on _INBOX.>, the only subjects it subscribes to.

# Explicit even though nothing above allows them: deny wins over any later allow.
SERVICE_DENY = [
  "$JS.API.STREAM.CREATE.>"
  "$JS.API.STREAM.UPDATE.>"
  "$JS.API.STREAM.DELETE.>"
  "$JS.API.STREAM.PURGE.>"
  "$JS.API.STREAM.MSG.DELETE.>"
  "$JS.API.CONSUMER.DELETE.>"
]
"""

AUDITOR = """\
AUDITOR_PERMISSIONS = {
  publish: {
    allow: [
      "$JS.API.INFO"
      "$JS.API.STREAM.NAMES"
      "$JS.API.STREAM.LIST"
      "$JS.API.STREAM.INFO.*"
      "$JS.API.STREAM.MSG.GET.*"
      "$JS.API.DIRECT.GET.>"
      # Ordered (ephemeral) consumers for `kpd audit verify --from-jetstream`: the
      # one-token form cannot name, and so cannot touch, a service's durable consumer.
      "$JS.API.CONSUMER.CREATE.*"
      "$JS.FC.>"
    ]
  }
  subscribe: { allow: ["_INBOX.>"] }
}
"""


def consumer_subjects(stream: str, durable: str) -> list[str]:
    """What servicekit's ConsumerRunner sends to create and drive one durable consumer."""
    return [
        f"$JS.API.CONSUMER.CREATE.{stream}.{durable}",
        f"$JS.API.CONSUMER.CREATE.{stream}.{durable}.>",
        f"$JS.API.CONSUMER.DURABLE.CREATE.{stream}.{durable}",
        f"$JS.API.CONSUMER.INFO.{stream}.{durable}",
        f"$JS.API.CONSUMER.MSG.NEXT.{stream}.{durable}",
        f"$JS.ACK.{stream}.{durable}.>",
    ]


def service_allow(service: str) -> list[str]:
    allow = [f"kpd.{service}.>", f"kpd.dlq.{service}", "$JS.API.INFO"]
    allow += [f"$JS.API.STREAM.INFO.{stream}" for stream in (*STREAMS.values(), DLQ_STREAM)]
    for producer in PRODUCERS:
        if producer != service:
            allow += consumer_subjects(STREAMS[producer], f"{service}--{producer}")
    return allow


def permissions_block(service: str) -> str:
    lines = [f"{service.upper()}_PERMISSIONS = {{", "  publish: {", "    allow: ["]
    lines += [f'      "{subject}"' for subject in service_allow(service)]
    lines += [
        "    ]",
        "    deny: $SERVICE_DENY",
        "  }",
        '  subscribe: { allow: ["_INBOX.>"] }',
        "}",
    ]
    return "\n".join(lines) + "\n"


def render() -> str:
    users = [
        "    { user: admin, password: $NATS_ADMIN_PASSWORD, permissions: "
        '{ publish: ">", subscribe: ">" } }'
    ]
    users += [
        f"    {{ user: {s}, password: $NATS_{s.upper()}_PASSWORD, "
        f"permissions: ${s.upper()}_PERMISSIONS }}"
        for s in PRODUCERS
    ]
    users.append(
        "    { user: auditor, password: $NATS_AUDITOR_PASSWORD, permissions: $AUDITOR_PERMISSIONS }"
    )
    blocks = [HEADER, *map(permissions_block, PRODUCERS), AUDITOR]
    tail = "authorization {\n  users: [\n" + "\n".join(users) + "\n  ]\n}\n"
    return "\n".join([*blocks, tail])


def main(argv: list[str]) -> int:
    text = render()
    if argv[1:] == ["--check"]:
        if AUTH_CONF.read_text(encoding="utf-8") != text:
            sys.stderr.write(f"{AUTH_CONF} 已过期：运行 python deploy/nats/auth_conf.py\n")
            return 1
        return 0
    AUTH_CONF.write_text(text, encoding="utf-8")
    sys.stdout.write(f"{AUTH_CONF}: {len(PRODUCERS)} 个服务用户\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
