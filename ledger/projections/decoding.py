"""Decoding a page of notifications for the views, faster than the library's mapper when it can.

Event payloads are plain JSON (ADR 0002): the only value the library transcodes is the event's
``timestamp``, a top-level ``{"_type_": …, "_data_": …}``. So a stored state can be read with a
plain JSON parser (orjson, no per-object hook) and its top-level transcoded values converted; the
event object is then built as the mapper builds it. Whenever that reading might differ from the
mapper's — a cipher or compressor configured, another transcoder, an event class that upcasts, a
transcoded value nested deeper — the event goes through the mapper instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID

import orjson
from eventsourcing.persistence import JSONTranscoder, Mapper, Notification
from eventsourcing.utils import resolve_topic

TYPED = b'"_type_"'
Wanted = Callable[[type], "bool | Callable[[Notification], bool]"]


class PageDecoder:
    def __init__(self, mapper: Mapper[Any]) -> None:
        self.mapper = mapper
        transcoder = mapper.transcoder
        self.fast = (type(transcoder) is JSONTranscoder and mapper.cipher is None  # noqa: E721 (exactly the library's)
                     and mapper.compressor is None)
        self.decode_obj = transcoder._decode_obj  # noqa: SLF001 (the library's own conversion)
        self.classes: dict[str, tuple[type, bool]] = {}  # topic -> (class, read without the mapper)

    def decode(self, notifications: Sequence[Notification], wanted: Wanted | None = None) -> list[Any]:
        """The domain events of a page. ``wanted(event class)``, asked once per class and page,
        says which are decoded (the others are None): all, none, or those a test of the
        notification passes."""
        slow = self.mapper.to_domain_event
        rules: dict[str, bool | Callable[[Notification], bool]] = {}
        events: list[Any] = []
        for n in notifications:
            topic = n.topic
            found = self.classes.get(topic)
            if found is None:
                cls = resolve_topic(topic)
                found = self.classes[topic] = (cls, self.fast and getattr(cls, "class_version", 1) == 1)
            cls, plain = found
            if wanted is not None:
                rule = rules.get(topic)
                if rule is None:
                    rule = rules[topic] = wanted(cls)
                if rule is not True and (rule is False or not rule(n)):
                    events.append(None)
                    continue
            event = self._plain(n, cls) if plain else None
            events.append(event if event is not None else slow(n))
        return events

    def _plain(self, n: Notification, cls: type) -> Any:
        state = n.state
        data: dict[str, Any] = orjson.loads(state)
        typed = state.count(TYPED)
        if typed:
            stamp = data.get("timestamp")
            if typed == 1 and type(stamp) is dict and len(stamp) == 2 and "_type_" in stamp:  # noqa: E721
                data["timestamp"] = self.decode_obj(stamp)  # the usual case: the timestamp alone
            elif not self._top_level(data, typed):
                return None  # a transcoded value deeper down: the mapper's job
        if "class_version" in data:
            return None
        originator_id = n.originator_id
        data["originator_id"] = originator_id if type(originator_id) is UUID else UUID(originator_id)  # noqa: E721
        data["originator_version"] = n.originator_version
        event = object.__new__(cls)
        object.__setattr__(event, "__dict__", data)
        return event

    def _top_level(self, data: dict[str, Any], typed: int) -> bool:
        """Decodes the transcoded top-level values; False if some are nested deeper."""
        decoded = 0
        for key, value in data.items():
            if type(value) is dict and len(value) == 2 and "_type_" in value:  # noqa: E721
                data[key] = self.decode_obj(value)
                decoded += 1
        return decoded == typed
