"""Registering schools and teachers: validation, idempotency, not-found."""

import pytest

from ledger.domain.errors import ConflictError, InvalidInput, NotFoundError
from tests.support import BY, seed_schools, teacher
from ledger.domain.commands import RegisterSchool, RegisterTeacher


@pytest.fixture
def app(memory_ledger):
    seed_schools(memory_ledger)
    return memory_ledger


def test_registering_a_teacher_records_the_initial_title(app):
    result = teacher(app)
    assert result.event_type == "TeacherRegistered" and not result.replayed
    dossier = app.get_teacher("T-001").dossier
    assert dossier.profile.name == "李华"
    assert [t.title.value for t in dossier.titles()] == ["intermediate"]


def test_registering_identically_again_replays_and_writes_nothing(app):
    first = teacher(app)
    before = app.recorder.max_notification_id()
    again = teacher(app)
    assert again.replayed and again.position == first.position and again.event_id == first.event_id
    assert app.recorder.max_notification_id() == before


def test_registering_the_same_id_with_other_content_conflicts(app):
    teacher(app)
    with pytest.raises(ConflictError):
        teacher(app, name="李华华")


def test_unknown_home_school_is_not_found(app):
    with pytest.raises(NotFoundError) as error:
        teacher(app, home_school_id="S-NOWHERE")
    assert error.value.ident == "S-NOWHERE"


def test_every_bad_field_is_reported_at_once_and_nothing_is_recorded(app):
    before = app.recorder.max_notification_id()
    with pytest.raises(InvalidInput) as error:
        teacher(app, gender="unknown", birth_date="1985-02-30", role="janitor", title="senior", title_since=None)
    fields = {e.field for e in error.value.errors}
    assert {"gender", "birth_date", "role", "title_since"} <= fields
    assert app.recorder.max_notification_id() == before
    assert not app.teacher_exists("T-001")


def test_school_registration_is_idempotent_and_validated(app):
    again = app.register(RegisterSchool(school_id="S-URBAN", name="城关第一小学", level="primary", area="urban", kind="regular", tier="quality", district="城关学区", effective_date="2000-01-01"), by=BY)
    assert again.replayed
    with pytest.raises(ConflictError):
        app.register(RegisterSchool(school_id="S-URBAN", name="别的名字", level="primary", area="urban", kind="regular",
                                    tier="quality", district="城关学区", effective_date="2000-01-01"), by=BY)
    with pytest.raises(InvalidInput) as error:
        app.register(RegisterSchool(school_id="bad id!", name="", level="college", area="suburb", kind="regular",
                                    tier="quality"), by=BY)
    assert {e.field for e in error.value.errors} == {"school_id", "name", "level", "area"}


def test_the_envelope_is_validated(app):
    from ledger.app import Envelope

    with pytest.raises(InvalidInput) as error:
        app.register(RegisterTeacher(teacher_id="T-9", name="张三", gender="male", birth_date="1980-01-01", role="teacher", home_school_id="S-URBAN", at_home_school_since="2010-09-01"), by=Envelope(actor="", reason="  ", policy_clauses=["R-NOT-A-CLAUSE"]))
    assert {e.field for e in error.value.errors} == {"actor", "reason", "policy_clauses"}


def test_chinese_text_round_trips(app):
    teacher(app, name="欧阳𠮷祥")
    assert app.get_teacher("T-001").dossier.profile.name == "欧阳𠮷祥"
