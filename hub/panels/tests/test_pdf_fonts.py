"""A PDF is made where the embedded font is not installed (a developer's machine), in every style a
pack uses; in production the missing font stops the Hub at once instead."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from hub.panels import pdf


@pytest.fixture
def fresh_fonts():
    pdf._fonts.cache_clear()
    pdf._styles.cache_clear()
    yield
    pdf._fonts.cache_clear()
    pdf._styles.cache_clear()


def test_without_the_font_every_style_still_renders(tmp_path, fresh_fonts):
    with override_settings(HUB_PDF_FONT_DIR=str(tmp_path), HUB_ENV="test"):
        document = pdf.Document(title="Pack", made_for="Ann Roy", made_on="18 November 2026")
        for style in document.styles:
            document.paragraph(pdf.text(f"A line in the {style} style"), style)
        made = document.render()
    assert made.startswith(b"%PDF")
    assert b"Helvetica-Oblique" in made


def test_in_production_a_missing_font_is_refused(tmp_path, fresh_fonts):
    with (
        override_settings(HUB_PDF_FONT_DIR=str(tmp_path), HUB_ENV="production", DEBUG=False),
        pytest.raises(ImproperlyConfigured, match="fonts-liberation"),
    ):
        pdf.Document(title="Pack", made_for="Ann Roy", made_on="18 November 2026")
