"""Assessment application: facts in, rankings and documents out."""

from assessment.application.app import AssessmentMetrics, RankingApplication
from assessment.application.documents import Assessment

__all__ = ["Assessment", "AssessmentMetrics", "RankingApplication"]
