"""All scheduling routers."""

from __future__ import annotations

from scheduling.api.feeds import public_router as public_feeds_router
from scheduling.api.feeds import router as feeds_router
from scheduling.api.meetings import router as meetings_router
from scheduling.api.reports import router as reports_router

routers = [meetings_router, reports_router, feeds_router, public_feeds_router]
