"""The rulebook (``ledger/rules/RULES.md``) as a page, every clause with its own anchor
(``/ui/rules#R-T-TENURE``) so each clause id the console shows links to its text.

The rulebook is plain Markdown of a few kinds of line (headings, paragraphs, lists, tables); a
small renderer for exactly those keeps the console free of a Markdown dependency.
"""

from __future__ import annotations

import html
import re
from functools import cache
from importlib import resources

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from api.ui.web import HR_READ, PREFIX, render, signed_in
from ledger.domain.clauses import CLAUSES

router = APIRouter(include_in_schema=False)
CLAUSE_ITEM = re.compile(r"^\*\*(R-[A-Z-]+)\*\*")


def inline(text: str) -> str:
    out = html.escape(text, quote=False)
    out = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", out)
    out = re.sub(r"`(.+?)`", r"<code>\1</code>", out)
    return re.sub(r"\[(.+?)\]\((.+?)\)", r"\1", out)


def render_rulebook(text: str) -> list[tuple[str, str]]:
    """The rulebook as (kind, HTML) blocks; a list item that opens with a clause id carries that
    id as its anchor (``kind`` is then ``clause:<id>``)."""
    blocks: list[tuple[str, str]] = []
    para: list[str] = []
    table: list[list[str]] = []

    def flush() -> None:
        if para:
            blocks.append(("p", inline(" ".join(para))))
            para.clear()
        if table:
            head, *body = [r for r in table if not set("".join(r)) <= set("-: ")]
            rows = "".join("<tr>" + "".join(f"<td>{inline(c)}</td>" for c in r) + "</tr>" for r in body)
            cols = "".join(f'<th scope="col">{inline(c)}</th>' for c in head)
            blocks.append(("table", f"<thead><tr>{cols}</tr></thead><tbody>{rows}</tbody>"))
            table.clear()

    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            flush()
        elif stripped.startswith("#"):
            flush()
            level = len(stripped) - len(stripped.lstrip("#"))
            blocks.append((f"h{min(level + 1, 4)}", inline(stripped.lstrip("# "))))
        elif stripped.startswith("|"):
            table.append([c.strip() for c in stripped.strip("|").split("|")])
        elif stripped.startswith("- "):
            flush()
            item = stripped[2:]
            found = CLAUSE_ITEM.match(item)
            blocks.append((f"clause:{found.group(1)}" if found else "li", inline(item)))
        elif line.startswith("  ") and blocks and blocks[-1][0].startswith(("li", "clause:")) and not para:
            kind, body = blocks[-1]
            blocks[-1] = (kind, f"{body} {inline(stripped)}")
        else:
            para.append(stripped)
    flush()
    return blocks


@cache
def rulebook() -> tuple[tuple[str, Markup], ...]:
    text = (resources.files("ledger") / "rules" / "RULES.md").read_text(encoding="utf-8")
    return tuple((kind, Markup(body)) for kind, body in render_rulebook(text))  # noqa: S704 (escaped above)


@router.get("/rules")
def rules_page(request: Request) -> HTMLResponse:
    ui = signed_in(request)
    ui.require(HR_READ)
    return render(ui, "rules.html", blocks=rulebook(), clauses=CLAUSES)
