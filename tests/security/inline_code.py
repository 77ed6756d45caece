"""Find what a strict Content-Security-Policy would block in a page: inline script and style."""

from __future__ import annotations

from html.parser import HTMLParser


class _InlineCodeFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script_without_src = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name.lower(): value for name, value in attrs}
        line = self.getpos()[0]
        if tag == "script" and not names.get("src"):
            self.found.append(f"line {line}: <script> without src")
        if tag == "style":
            self.found.append(f"line {line}: <style> element")
        if "style" in names:
            self.found.append(f"line {line}: style= attribute on <{tag}>")
        for name, value in names.items():
            if name.startswith("on"):
                self.found.append(f"line {line}: {name}= handler on <{tag}>")
            if name in {"href", "src", "action", "formaction"} and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.found.append(f"line {line}: javascript: URL in {name}= on <{tag}>")


def find_inline_code(html: str) -> list[str]:
    """Every inline script, inline style and event handler in the page, with its line."""
    finder = _InlineCodeFinder()
    finder.feed(html)
    finder.close()
    return finder.found
