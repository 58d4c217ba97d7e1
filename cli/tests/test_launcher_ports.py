"""``KPD_PORT_OFFSET``: every port ``kpd up`` opens, shifted; each child told the others'."""

from __future__ import annotations

import pytest

from kpd.launcher.children import SERVICES, port_offset, service_urls, services_at


def test_the_offset_shifts_every_service_and_tells_each_child_the_others() -> None:
    shifted = services_at(10)
    assert [s.port for s in shifted] == [s.port + 10 for s in SERVICES]
    urls = service_urls(shifted)
    assert urls["registry_url"] == "http://127.0.0.1:8011"
    assert urls["notify_url"] == "http://127.0.0.1:8015"
    # notify's links point at the workbench people open, not at 8000.
    assert urls["notify_workbench_url"] == "http://127.0.0.1:8010"


def test_a_bad_offset_is_refused_with_the_variable_named() -> None:
    assert port_offset({}) == 0
    assert port_offset({"KPD_PORT_OFFSET": " 20 "}) == 20
    for bad in ("-1", "ten", "1001"):
        with pytest.raises(ValueError, match="KPD_PORT_OFFSET"):
            port_offset({"KPD_PORT_OFFSET": bad})
