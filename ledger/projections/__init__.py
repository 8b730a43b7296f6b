"""The read side: views built from the ledger's events, and the queries that read them.

Views (each a module with a handler per event class; disposable — rebuilt from the log):

- ``teachers``: each teacher's dossier (profile and record states) and service periods — where
  they belong and serve, date range by date range. Assignments, school rosters and teacher
  histories are read from it (``assignments.py``, ``history.py``).
- ``audit``: every stored event in ledger order with its tamper-evidence link (``chain.py``).
- ``schools``: each school's classification timeline.

``open_read_side(app)`` creates the views' tables in the application's database and returns a
``ReadSide``: ``start()`` keeps the views current in background threads (``Projector``: batched
pages, exactly-once tracking, LISTEN/NOTIFY wake-ups and a poll timer); ``projector.rebuild(views,
progress=…, page_size=…, workers=…)`` rebuilds views blue/green and returns a ``RebuildReport``
(events, seconds, events per second); ``close()`` stops and closes.

``ReadSide.read_model`` (``ReadModel``) is the facade the API, console and policy engine read.
Values are JSON-ready; listings are ``Page(items, next_cursor)``; mistakes raise the ledger's typed
errors (``NotFoundError``, ``InvalidInput``):

- ``teacher(teacher_id, as_of=None)`` — profile, ``home_school_id``, ``serving_school_ids``,
  ``status`` (``at_home`` | ``on_posting`` | ``departed``), ``posting_id``, active ``exemptions``,
  ``title``, ``backbone`` on a day.
- ``teachers(school_id=None, status=None, q=None, limit=50, cursor=None, as_of=None)`` — by home
  school on the day, by status, by id or (Chinese) name substring.
- ``history(teacher_id, as_of=None)``; ``history_known_at(app, teacher_id, known_at, as_of=None)``
  — periods per school and every entry (type, record id, envelope, details, record state,
  ``voided``/``voided_by``, ``amended_by``); known-at answers from the events recorded by then.
- ``roster(school_id, as_of=None)`` — serving (home staff, hosted), home staff away.
- ``assignments(as_of=None, school_id=None, district=None, limit=50, cursor=None)``.
- ``audit(after=0, limit=100, teacher_id=None, school_id=None, event_type=None, until=None)`` —
  ``next_cursor`` is the next ``after``.
- ``schools()`` (facts by id), ``school(school_id, as_of=None)``, ``school_list(as_of=None)``.
- ``dossiers(school_id=None)`` and ``schools()`` — the policy engine's ``ReadSource`` port.
- ``wait_for(position, timeout=None)`` — read-your-writes: True once every view has processed the
  position of a write (``WriteResult.position``), False after the timeout.
- ``lag()`` — per view, positions behind the latest event.

``as_of`` (a date; default today in China) asks what is true for that day after every correction
known now; ``known_at`` (a moment) asks what the ledger said then.
"""

from ledger.projections.pages import Page
from ledger.projections.read_model import ReadModel
from ledger.projections.read_side import ReadSide, open_read_side
from ledger.projections.runner import Projector, RebuildReport

__all__ = ["Page", "Projector", "ReadModel", "ReadSide", "RebuildReport", "open_read_side"]
