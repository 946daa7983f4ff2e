"""What people may subscribe to: each app registers its topics in its ``AppConfig.ready``::

    from partnerstvo.notifications import topics

    topics.register("events", label=_("New events"))
    topics.register(
        "consultations", label=_("Public consultations"), areas=[("social", _("Social policy"))]
    )

A topic's key is what ``Subscription.topic`` stores and what ``selectors.subscribers`` is asked
for; its areas (optional) let a person narrow the topic (a blank area on a subscription means all
of them). Areas are fixed pairs, or a callable that returns them when they are asked for (areas
that live in the database, such as the directory's areas of work: read when a form is shown or a
subscription checked, never at start-up). The registry lives in the foundation so that the apps
above it, which may not import each other, all offer their topics on the one preferences page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

Areas = Iterable[tuple[str, object]] | Callable[[], Iterable[tuple[str, object]]]


@dataclass(frozen=True)
class Topic:
    key: str
    label: object  # a lazy translation
    _areas: tuple[tuple[str, object], ...] | Callable = field(default=())

    @property
    def areas(self) -> tuple[tuple[str, object], ...]:
        """The topic's areas as (key, label) pairs, read now if they come from a callable."""
        if callable(self._areas):
            return tuple((str(key), label) for key, label in self._areas())
        return self._areas

    @property
    def has_areas(self) -> bool:
        return callable(self._areas) or bool(self._areas)

    def area_label(self, area: str):
        return dict(self.areas).get(area, area)


_topics: dict[str, Topic] = {}


def register(key: str, *, label, areas: Areas = ()) -> Topic:
    """Register (or replace, so a reloaded app does not show twice) the topic ``key``."""
    if not key or len(key) > 60:
        raise ValueError("A topic key is 1 to 60 characters.")
    fixed = areas if callable(areas) else tuple((str(k), v) for k, v in areas)
    topic = Topic(key=key, label=label, _areas=fixed)
    _topics[key] = topic
    return topic


def unregister(key: str) -> None:
    _topics.pop(key, None)


def get(key: str) -> Topic | None:
    return _topics.get(key)


def all_topics() -> list[Topic]:
    return list(_topics.values())


def choices() -> list[tuple[str, object]]:
    return [(topic.key, topic.label) for topic in _topics.values()]
