"""Run ``manage.py`` on the journeys' clock, so the server, the demo it serves and the tests driving it
share one timeline that starts on a fixed reference day whatever day the suite runs.

``HUB_E2E_CLOCK`` is ``<ISO moment>@<real epoch seconds>``: this process's clock reads that moment plus the
real time elapsed since that epoch. Test-only: the Hub itself never reads it.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import time_machine

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    moment, epoch = os.environ["HUB_E2E_CLOCK"].rsplit("@", 1)
    at = datetime.fromisoformat(moment) + timedelta(seconds=time.time() - float(epoch))
    time_machine.travel(at, tick=True).start()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["manage.py", *sys.argv[1:]])


if __name__ == "__main__":
    main()
