"""Reading a Django admin form the way a browser would, so a test can post it back changed."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormFields(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {key: value or "" for key, value in attrs}
        name = attr.get("name", "")
        if tag == "input" and name and attr.get("type") not in {"submit", "button", "checkbox"}:
            self.data[name] = attr.get("value", "")
        elif tag == "input" and name and attr.get("type") == "checkbox" and "checked" in attr:
            self.data[name] = attr.get("value", "on")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attr:
            self.data[self._select] = attr.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.data[self._textarea] += data


def change_form_data(page: str) -> dict[str, str]:
    """The fields of the admin page's form with the values it shows (template rows of inlines left out)."""
    parser = _FormFields()
    parser.feed(page)
    return {name: value for name, value in parser.data.items() if "__prefix__" not in name}
