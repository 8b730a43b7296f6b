"""What every view shares: a name, a schema version, its tables, a handler per event class, and a
page buffer that is written in one go.

A view instance serves one *generation* of its tables (``pv_<view>_<table>_g<n>``) and tracks its
progress under ``<view>@g<n>``. The runner feeds it a page of events (``apply``), then asks it for
the writes the page makes (``prepare``), which it runs inside the page's transaction. Handlers only
buffer; ``reset`` forgets the buffer and any cache, which the runner does whenever a page fails or
another process may have written the same generation.

A rebuild fills a new generation that nobody reads until it is switched to, so its views run in
*bulk* mode: pages may leave the tables unfinished (appending to the view's ``BUILD_TABLES``
instead of updating rows in place) as long as ``finish``, run once the bulk pages have committed
and before the secondary indexes are made, completes them and drops the build tables. A crash in
between leaves a generation that is never switched to (the next rebuild makes a new one). A
``PARTED`` view's bulk build may be shared among processes, each applying the events of its
*part* of the aggregates (tracked as ``<view>@g<n>#<k>``); ``finish`` then runs once, over all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Notification

from ledger.projections.db import Table, ViewRecorder, table_name
from ledger.projections.writers import Writer

T = TypeVar("T")

Handler = Callable[[Any, Any, Notification], None]
Write = Callable[[Writer], None]
Load = Callable[[Callable[[Writer], T]], T]


class View:
    name: ClassVar[str]
    VERSION: ClassVar[int]
    TABLES: ClassVar[tuple[Table, ...]]
    BUILD_TABLES: ClassVar[tuple[Table, ...]] = ()  # what a bulk build writes before ``finish``
    DECODES: ClassVar[bool] = True  # False: its handlers read only the notification (the event is None)
    PARTED: ClassVar[bool] = False  # True: a bulk build may be split by aggregate among processes

    def __init__(self, generation: int, *, bulk: bool = False, part: tuple[int, int] | None = None) -> None:
        self.generation = generation
        self.bulk = bulk  # building a generation that is switched to after ``finish``
        self.part = part  # (k, n): a bulk build of the aggregates whose id modulo n is k only
        self.position = 0  # the last position this instance wrote (0: not known)
        self._handlers: dict[type, Handler | None] = {}
        self.reset()

    @property
    def tracking_name(self) -> str:
        name = tracking_name(self.name, self.generation)
        return f"{name}#{self.part[0]}" if self.part else name

    def accepts(self, notification: Notification) -> bool:
        """Whether the event belongs to this view's part of the aggregates."""
        return self.part is None or notification.originator_id.int % self.part[1] == self.part[0]

    def table(self, name: str) -> str:
        return table_name(self.name, name, self.generation)

    def reset(self) -> None:
        """Forgets buffered rows and caches."""

    @singledispatchmethod
    def apply(self, event: Any, notification: Notification) -> None:
        """Buffers what one event changes in the view. A view declares its own ``apply =
        handlers()`` and registers a handler per event class it needs."""

    def handler(self, cls: type) -> Handler | None:
        """The handler of an event class (looked up once per class: dispatch is hot in a rebuild),
        or None when the view ignores the class."""
        try:
            return self._handlers[cls]
        except KeyError:
            pass
        self.apply  # noqa: B018 (binding registers handlers whose annotations resolve late)
        generic = next(k.__dict__["apply"] for k in type(self).__mro__ if "apply" in k.__dict__)
        found = generic.dispatcher.dispatch(cls)
        handler = self._handlers[cls] = None if found is ignored else found
        return handler

    def prepare(self, load: Load[Any]) -> list[Write]:
        """The writes of the buffered page (the buffer is then empty). ``load(query)`` runs a query
        on the view's committed state, for views that keep a cache and miss."""
        raise NotImplementedError

    def finish(self, recorder: ViewRecorder) -> None:
        """Completes a bulk build's tables, in transactions of its own."""


def tracking_name(view: str, generation: int) -> str:
    return f"{view}@g{generation}"


def ignored(view: View, event: Any, notification: Notification) -> None:
    """What a view does with an event class it does not need: nothing."""


def handlers() -> singledispatchmethod[None]:
    """A view's ``apply``: events of classes without a registered handler are ignored."""
    return singledispatchmethod(ignored)
