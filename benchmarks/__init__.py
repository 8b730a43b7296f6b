"""The benchmark suite: how fast the ledger is and how its cost grows, each figure beside a baseline
measured in the same run on the same database (docs/PERFORMANCE.md holds the results).

- ``append``: commands per transaction through the application vs a raw insert-and-commit;
- ``http_writes``: postings through the API (1 and 16 clients) vs through the application;
- ``bulk``: importing a ~1,000,000-event county from files vs a raw bulk load of its rows;
- ``rebuild``: rebuilding every view vs reading and decoding the log; peak memory at two sizes;
- ``reads``: history, service record, roster and event-feed latency over HTTP vs the raw SQL;
- ``scale``: the due list and quota report at 5,000 and 50,000 teachers.

``python -m benchmarks --size full|smoke`` runs them (``__main__.py``); sizes in ``sizes.py``.
"""
