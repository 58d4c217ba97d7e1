"""Year-end scores (年底专项考核): computed now, published, and recomputed as published.

A score counts the interviews (约谈) of the year's notices, and a notice keeps issuing
consequences after the assessment is published (a later month, a re-issue). So a
publication records, beside the registry positions, the version of each notice it
counted; recomputing rebuilds each notice at that version (domain.md §7).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from eventsourcing.application import AggregateNotFoundError

from assessment.application.app import RankingApplication
from assessment.application.figures import score_row
from assessment.application.rules import year_end_rules
from assessment.domain import AssessmentError, TransitionError
from assessment.domain.aggregates import Notice, YearAssessment
from assessment.domain.yearend import UnitScore, score_units
from servicekit.core.context import CommandContext, command_method


def year_months(year: int) -> list[str]:
    return [f"{year:04d}-{number:02d}" for number in range(1, 13)]


class YearEndApplication(RankingApplication):
    """Rankings and notices plus the year's scores; :class:`Assessment` adds the rest."""

    def year_assessment(self, year: int) -> YearAssessment | None:
        found: YearAssessment | None = self.find(YearAssessment.create_id(year))
        return found

    def notice_versions(self, year: int) -> dict[str, int]:
        """Month → the current version of each of the year's notices (what a publication counts)."""
        versions: dict[str, int] = {}
        for month in year_months(year):
            notice: Notice | None = self.find(Notice.create_id(month))
            if notice is not None:
                versions[month] = notice.version
        return versions

    def interviews_in(
        self, year: int, notice_versions: Mapping[str, int] | None = None
    ) -> dict[str, int]:
        """Interviews each county was required to attend, from the year's notices.

        With ``notice_versions`` each notice is rebuilt at its recorded version and a
        month not named had no notice then; without, the notices as they are now.
        """
        counts: dict[str, int] = {}
        for month in year_months(year):
            notice_id = Notice.create_id(month)
            if notice_versions is None:
                notice: Notice | None = self.find(notice_id)
            elif month in notice_versions:
                notice = self.repository.get(notice_id, version=notice_versions[month])
            else:
                notice = None
            for issued in notice.consequences_issued if notice else []:
                if issued["kind"] == "interview":
                    counts[issued["county"]] = counts.get(issued["county"], 0) + 1
        return counts

    def year_scores(
        self,
        year: int,
        positions: Mapping[str, int] | None = None,
        notice_versions: Mapping[str, int] | None = None,
    ) -> tuple[list[UnitScore], dict[str, int]]:
        """Scores on current facts and notices (a draft), or on recorded ones.

        A published version is recomputed with both its ``source_positions`` and its
        ``counted_notices``; :meth:`published_scores` does that, old versions included.
        """
        if not 2000 <= year <= 2100:
            raise AssessmentError(f"年份超出范围: {year}", "year")
        rules = year_end_rules(self.rules)
        interviews = self.interviews_in(year, notice_versions)
        if positions is not None:
            return score_units(self.facts_at(positions), year, interviews, rules), dict(positions)
        return self.with_facts(
            lambda facts: (score_units(facts, year, interviews, rules), dict(facts.positions))
        )

    def published_scores(self, year: int, assessment_version: int | None = None) -> list[UnitScore]:
        """A published version's scores recomputed from what it recorded (latest by default).

        A version published before notice versions were recorded (``counted_notices``
        is None) counts each notice as it stood at the publication's event timestamp:
        exact unless a notice was stored while that publication was being computed.
        """
        record = self._published(year)
        number = assessment_version or len(record.versions)
        if not 1 <= number <= len(record.versions):
            raise AssessmentError(f"{year}年考核没有第 {number} 版 / no such version", "year")
        published: dict[str, Any] = record.versions[number - 1]
        counted = published.get("counted_notices")
        if counted is None:
            counted = self._notice_versions_at(year, self._published_at(record, number))
        scores, _ = self.year_scores(year, published["source_positions"], counted)
        return scores

    def _published_at(self, record: YearAssessment, number: int) -> datetime:
        for found in self.events.get(record.id):
            if isinstance(found, YearAssessment.Published) and found.assessment_version == number:
                return found.timestamp
        raise LookupError(f"no Published event for version {number} of {record.id}")

    def _notice_versions_at(self, year: int, at: datetime) -> dict[str, int]:
        versions: dict[str, int] = {}
        for month in year_months(year):
            try:
                versions[month] = self.get_as_of(Notice.create_id(month), at).version
            except AggregateNotFoundError:  # no notice for the month yet at ``at``
                continue
        return versions

    @command_method
    def publish_assessment(
        self, ctx: CommandContext, year: int, reason: str = ""
    ) -> YearAssessment:
        # Versions first, then scores on exactly them: a notice stored meanwhile is not
        # counted, and the record says so.
        counted = self.notice_versions(year)
        scores, positions = self.year_scores(year, notice_versions=counted)
        record = self.year_assessment(year) or YearAssessment(year)
        record.publish(
            year=year,
            assessment_version=record.next_version(reason),
            rows=[score_row(s) for s in scores],
            source_positions=positions,
            counted_notices=counted,
            reason=reason.strip(),
        )
        self.save(record)
        return record

    def _published(self, year: int) -> YearAssessment:
        record = self.year_assessment(year)
        if record is None or record.latest is None:
            raise TransitionError(f"{year}年考核结果尚未发布 / not published", "year")
        return record
