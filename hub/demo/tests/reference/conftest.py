"""The demo area of the suite's reference day (``REFERENCE_NOW``), loaded once for every module of this
package: the area, screening, missing and panels tests read the same area, and a full load takes a
minute or more. It is loaded in a transaction rolled back when the package's last test ends (see
``demo_area``), and each test runs in its own savepoint (pytest-django's ``db``), so what one test
writes is gone for the next, whichever module it is in. Module fixtures here must not write."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from conftest import DemoLoad


@pytest.fixture(scope="package")
def reference_demo(demo_area, tmp_path_factory) -> Iterator[DemoLoad]:
    with demo_area(tmp_path_factory.mktemp("reference-demo")) as load:
        yield load
