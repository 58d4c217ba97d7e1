"""Calendar feed commands: issue a person's subscription link, find it, revoke it."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.utils import get_topic

from scheduling.application.base import SchedulingBase
from scheduling.domain import InvalidCommandError, UnknownObjectError
from scheduling.domain.feeds import CalendarFeed, secret_digest
from servicekit.core.context import CommandContext, command_method

PAGE = 500
# 32 random bytes: a link cannot be guessed, only leaked (then revoked).
SECRET_BYTES = 32


class FeedCommands(SchedulingBase):
    @command_method
    def issue_feed(
        self,
        ctx: CommandContext,
        *,
        series: str | None,
        subcommand: str | None,
        county: str | None,
    ) -> tuple[CalendarFeed, str]:
        """A new link for the caller, scoped as the caller is; the secret is returned
        once and never stored (only its digest is)."""
        owner = ctx.actor
        limit = self.rules.calendar_feeds_per_person
        if sum(1 for feed in self.feeds_of(owner) if feed.active) >= limit:
            raise InvalidCommandError(
                "feed",
                f"每人最多 {limit} 个有效订阅链接，请先吊销不用的 / at most {limit} active "
                "feeds per person: revoke one first",
            )
        secret = secrets.token_urlsafe(SECRET_BYTES)
        feed = CalendarFeed(
            digest=secret_digest(secret),
            owner=owner,
            role=ctx.actorrole or "",
            unit=ctx.actorunit,
            series=series,
            subcommand=subcommand,
            county=county,
            issued_on=self.clock.today(),
        )
        self.save(feed)
        return feed, secret

    def feed_for_secret(self, secret: str) -> CalendarFeed | None:
        """The active feed this secret opens, else None (unknown and revoked alike)."""
        found = self._feed(CalendarFeed.create_id(secret_digest(secret)))
        return found if found is not None and found.active else None

    def _feed(self, feed_id: UUID) -> CalendarFeed | None:
        """A feed by id; None also for an id that names something else (a meeting…)."""
        try:
            found: object = self.repository.get(feed_id)
        except AggregateNotFoundError:
            return None
        return found if isinstance(found, CalendarFeed) else None

    def feeds_of(self, owner: str) -> Iterator[CalendarFeed]:
        """The person's feeds, oldest first, read from this service's own log."""
        for feed_id in self._feed_ids():
            feed = self._feed(feed_id)
            if feed is not None and feed.owner == owner:
                yield feed

    def _feed_ids(self) -> Iterator[UUID]:
        topic, start = get_topic(CalendarFeed.Issued), 0
        while True:
            page = self.recorder.select_notifications(
                start, PAGE, topics=[topic], inclusive_of_start=False
            )
            for notification in page:
                yield UUID(str(notification.originator_id))
            if len(page) < PAGE:
                return
            start = page[-1].id

    @command_method
    def revoke_feed(self, ctx: CommandContext, feed_id: UUID, *, by_office: bool) -> CalendarFeed:
        """Its owner, or the office for anyone's, turns a link off for good."""
        feed = self._feed(feed_id)
        if feed is None or (feed.owner != ctx.actor and not by_office):
            raise UnknownObjectError(f"没有这个订阅链接 / no feed {feed_id}")
        feed.revoke(self.clock.today())
        self.save(feed)
        return feed
