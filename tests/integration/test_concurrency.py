"""Several threads recording on the same teachers lose no event and break no invariant."""

from __future__ import annotations

import threading
from collections import Counter

from ledger.domain.errors import ConflictError, RuleViolation
from tests.support import BY, seed_schools, teacher
from ledger.domain.commands import GrantAward, RecordPosting

TEACHERS = [f"T-{i}" for i in range(3)]
THREADS = 6
PER_THREAD = 8


def test_concurrent_writers_lose_nothing(ledger):
    seed_schools(ledger)
    for t in TEACHERS:
        teacher(ledger, t)
    errors: list[BaseException] = []
    accepted: Counter[str] = Counter()
    refused = Counter()
    lock = threading.Lock()

    def work(thread: int) -> None:
        for n in range(PER_THREAD):
            teacher_id = TEACHERS[(thread + n) % len(TEACHERS)]
            try:
                # awards never conflict with each other: every one must land
                ledger.execute(teacher_id, GrantAward(award_id=f"A-{thread}-{n}", kind="grade_step",
                                                      awarded_on=f"20{10 + n:02d}-06-30"), by=BY)
                with lock:
                    accepted[teacher_id] += 1
                # postings compete for the same period: R-POST-ONE lets exactly one win per teacher
                ledger.execute(teacher_id, RecordPosting(posting_id=f"P-{thread}-{n}", kind="support_teaching",
                                                         host_school_ids=["S-VILLAGE"], start_date="2030-09-01"), by=BY)
            except RuleViolation as rule:
                with lock:
                    refused[rule.clause] += 1
            except ConflictError as conflict:  # retries exhausted would surface here
                errors.append(conflict)
            except BaseException as unexpected:  # noqa: BLE001
                errors.append(unexpected)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    for teacher_id in TEACHERS:
        dossier = ledger.get_teacher(teacher_id).dossier
        assert len(dossier.awards()) == accepted[teacher_id]
        assert len(dossier.postings()) == 1  # R-POST-ONE held under contention
    assert sum(accepted.values()) == THREADS * PER_THREAD
    assert refused["R-POST-ONE"] == THREADS * PER_THREAD - len(TEACHERS)
    # positions are unique and strictly increasing in commit order (on PostgreSQL a write that lost
    # the race consumed a sequence number, so positions need not be consecutive)
    ids = [n.id for n in ledger.recorder.select_notifications(1, 10_000)]
    assert ids == sorted(set(ids))
    expected = 5 + len(TEACHERS) + len(TEACHERS) + THREADS * PER_THREAD  # schools, teachers, postings, awards
    assert len(ids) == expected
