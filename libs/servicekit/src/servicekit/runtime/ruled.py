"""The base of a service's application: its rules, working-day calendar and clock.

Every service's application holds the same three things beside its store —
its section of the policy file, the statutory calendar its deadlines count
in, and the clock "now" comes from — and each used to build the defaults
itself. Here once:

    class IssuesBase(RuledApplication[IssuesPolicy], rules=IssuesPolicy): ...

A running service passes what ``Infrastructure`` built (the policy validated
at start-up, the shared calendar, the injected clock); an application built
without ``rules`` — a unit test, the migration step — reads the deployment's
policy file, so no rule parameter is ever a literal in code.
"""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar, cast

from servicekit.calendar import WorkingDayCalendar
from servicekit.core.clock import Clock, SystemClock
from servicekit.eventstore.store import KpdApplication
from servicekit.policy import PolicySection

P = TypeVar("P", bound=PolicySection)


class RuledApplication(KpdApplication, Generic[P]):
    _rules_model: ClassVar[type[PolicySection] | None] = None

    def __init_subclass__(cls, *, rules: type[PolicySection] | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if rules is not None:
            cls._rules_model = rules

    def __init__(
        self,
        env: dict[str, str] | None = None,
        *,
        rules: P | None = None,
        calendar: WorkingDayCalendar | None = None,
        clock: Clock | None = None,
    ) -> None:
        # Before the store opens: a subclass's set-up may already consult the rules.
        self.rules: P = rules if rules is not None else self._deployment_rules()
        self.calendar = calendar or WorkingDayCalendar()
        self.clock: Clock = clock or SystemClock()
        super().__init__(env)

    @classmethod
    def _deployment_rules(cls) -> P:
        model = cls._rules_model
        if model is None:
            raise TypeError(f"{cls.__name__} names no policy section (rules=...)")
        return cast(P, model.load())
