"""What a page of the customer window may use of the window (dialog.py) that holds it.

The pages are built by the window, so they know it only through this Protocol: the window
imports the pages, the pages never import the window.
"""

from __future__ import annotations

from typing import Any, Callable, Protocol

from crm_desktop.services import customer_detail as cd
from crm_desktop.ui.customer_detail.prompts import DetailPrompts


class DetailWindowParts(Protocol):
    customer_id: int
    detail: cd.CustomerDetail | None      # None until loaded (and after a refusal)
    prompts: DetailPrompts

    def run(self, fn: Callable, *args: Any, on_success: Callable[[Any], None] | None = None,
            on_failure: Callable[[BaseException], None] | None = None, key: str | None = None): ...

    def reload_history(self) -> None: ...

    def reload_visits(self, select: int | None = None) -> None: ...

    def show_message(self, text: str) -> None: ...
