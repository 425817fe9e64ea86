"""Template comments written as {# #} must fit on one line, or Django prints them on the page."""

from __future__ import annotations

import re
from pathlib import Path

HUB = Path(__file__).resolve().parents[2]


def test_no_template_has_a_multi_line_short_comment():
    offenders = []
    for template in HUB.rglob("templates/**/*.html"):
        for number, line in enumerate(template.read_text().splitlines(), start=1):
            if re.search(r"\{#(?!.*#\})", line):
                offenders.append(f"{template.relative_to(HUB)}:{number}")
    assert not offenders, "Use {% comment %} for comments over several lines: " + ", ".join(offenders)
