"""Notify service entry points: ``create_app(settings)``, ``app_factory()``, ``migrate()``."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from fastapi import FastAPI
from sqlalchemy.orm import Session

from contracts.labels import NOTIFICATION_KIND_LABELS
from notify.api.routes import router
from notify.application import Notify, SweepReport
from notify.channels.base import Channel
from notify.channels.mail import MaildirChannel, SmtpChannel, SmtpLogin
from notify.channels.webhook import WebhookChannel
from notify.dispatcher import Dispatcher, observe_recordings
from notify.metrics import NotifyMetrics
from notify.policies import handlers
from notify.policy import NotifyPolicy
from notify.projections import NotifyProjection
from notify.queries import digest_units, open_issue_ids
from notify.settings import NotifySettings
from notify.translation import translate
from servicekit.core.settings import ServiceSettings
from servicekit.eventstore.active_lock import ActiveLock
from servicekit.eventstore.environment import build_env
from servicekit.eventstore.store import create_store_tables
from servicekit.readside.readmodel import ProjectionRunner, create_read_engine, create_read_tables
from servicekit.runtime.infrastructure import Infrastructure
from servicekit.runtime.periodic import PeriodicWorker
from servicekit.runtime.service import ServiceParts
from servicekit.web.http import build_http_app
from servicekit.web.openapi_sets import ClosedSet

# The service's section of the policy file, validated when the app is built.
POLICY = NotifyPolicy
BUSINESS_TZ = ZoneInfo("Asia/Shanghai")


def channels_for(settings: NotifySettings, rules: NotifyPolicy) -> dict[str, Channel]:
    """E-mail over SMTP when a host is set, else into the maildir; robots over HTTP."""
    timeout = rules.delivery.timeout_s
    mail: Channel = (
        SmtpChannel(
            settings.notify_smtp_host,
            settings.notify_smtp_port,
            settings.notify_mail_from,
            timeout_s=timeout,
            login=SmtpLogin(
                settings.notify_smtp_user,
                settings.notify_smtp_password.get_secret_value(),
                starttls=settings.notify_smtp_starttls,
            )
            if settings.notify_smtp_user
            else None,
        )
        if settings.notify_smtp_host
        else MaildirChannel(settings.mail_dir, settings.notify_mail_from)
    )
    return {
        "email": mail,
        "webhook": WebhookChannel(settings.notify_webhook_secret, timeout_s=timeout),
    }


def build_parts(infra: Infrastructure[NotifyPolicy]) -> ServiceParts:
    settings = infra.settings
    if not isinstance(settings, NotifySettings):
        settings = NotifySettings(**settings.model_dump())
    rules = infra.policy
    app = Notify(
        env=build_env(settings),
        rules=rules,
        calendar=infra.calendar,
        clock=infra.clock,
        workbench_url=settings.notify_workbench_url,
    )
    metrics = NotifyMetrics.of(infra.metrics.registry)
    app.record_listeners.append(lambda recordings: observe_recordings(metrics, list(recordings)))

    def scheduled_sweep() -> SweepReport:
        # The digest goes out with the first sweep after the policy's morning hour.
        morning = app.clock.now().astimezone(BUSINESS_TZ).hour >= rules.digest_hour
        with Session(infra.engine) as session:
            issues, units = open_issue_ids(session), digest_units(session)
        return app.sweep(app.clock.today(), issues, units, digests=morning)

    return ServiceParts(
        app=app,
        translate=translate,
        handlers=handlers(app),
        workers=[
            ProjectionRunner(
                app, infra.engine, NotifyProjection(rules.delivery.retry_after_s), infra.metrics
            ),
            Dispatcher(
                app,
                infra.engine,
                channels_for(settings, rules),
                metrics,
                interval_s=settings.notify_dispatch_interval_s,
                lock=ActiveLock(settings, "notify-dispatch"),
            ),
            PeriodicWorker(
                "notify-sweep",
                rules.sweep_interval_seconds,
                scheduled_sweep,
                describe=SweepReport.summary,
            ),
        ],
    )


# Where the inbox and the delivery log name why a unit was told (NOTIFICATION_KIND_LABELS).
KINDS = ("InboxItem.kind", "DeliveryOut.kind")


def create_app(settings: ServiceSettings) -> FastAPI:
    return build_http_app(
        settings,
        title="kpd notify — 消息提醒",
        description=(
            "Tells people what the mechanism asks of them: issues due soon (临期提醒) and "
            "escalated, missing county reports, meetings and interviews (约谈), by e-mail, "
            "WeCom/DingTalk group robots and the in-app inbox, each exactly once."
        ),
        policy=POLICY,
        parts_factory=build_parts,
        routers=[router],
        closed_sets=dict.fromkeys(KINDS, ClosedSet.of(NOTIFICATION_KIND_LABELS)),
    )


def app_factory() -> FastAPI:
    """For ``uvicorn --factory notify.main:app_factory``: settings from ``KPD_*``."""
    return create_app(NotifySettings(service="notify"))


def migrate(settings: ServiceSettings) -> None:
    """Create the event store and read-model tables (run once, before services start)."""
    create_store_tables(settings, Notify)
    create_read_tables(create_read_engine(settings))
