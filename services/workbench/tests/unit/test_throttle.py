"""Login throttling by name and by address, on an injected clock."""

from __future__ import annotations

from workbench.throttle import ADDRESS_FACTOR, LoginThrottle


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_limit_locks_the_name_for_the_lock_time() -> None:
    clock = Clock()
    throttle = LoginThrottle(max_failures=3, window_s=60, lock_s=300, clock=clock)
    keys = LoginThrottle.keys("Wang", "10.0.0.1")
    for _ in range(2):
        throttle.record_failure(keys)
    assert throttle.seconds_locked(keys) == 0
    throttle.record_failure(keys)
    assert throttle.seconds_locked(keys) == 300
    clock.now += 299
    assert throttle.seconds_locked(keys) > 0
    clock.now += 2
    assert throttle.seconds_locked(keys) <= 0


def test_failures_outside_the_window_do_not_count() -> None:
    clock = Clock()
    throttle = LoginThrottle(max_failures=3, window_s=60, lock_s=300, clock=clock)
    keys = LoginThrottle.keys("li", "10.0.0.2")
    throttle.record_failure(keys)
    throttle.record_failure(keys)
    clock.now += 61
    throttle.record_failure(keys)
    assert throttle.seconds_locked(keys) <= 0


def test_success_clears_the_name_count() -> None:
    throttle = LoginThrottle(max_failures=2, window_s=60, lock_s=300, clock=Clock())
    keys = LoginThrottle.keys("zhao", "10.0.0.3")
    throttle.record_failure(keys)
    throttle.record_success(keys[0])
    throttle.record_failure(keys)
    assert throttle.seconds_locked(keys) <= 0


def test_an_address_guessing_many_names_is_locked_too() -> None:
    throttle = LoginThrottle(max_failures=2, window_s=60, lock_s=300, clock=Clock())
    for i in range(2 * ADDRESS_FACTOR):
        throttle.record_failure(LoginThrottle.keys(f"user{i}", "10.9.9.9"))
    assert throttle.seconds_locked(LoginThrottle.keys("fresh-name", "10.9.9.9")) > 0
    assert throttle.seconds_locked(LoginThrottle.keys("fresh-name", "10.0.0.4")) <= 0
