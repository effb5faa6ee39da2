from cityloop.participation import consult
from cityloop.participation.models import Event, EventKind, QuestionKind


def test_a_case_starts_a_draft_consultation_over_its_district(make_case, roads_supervisor):
    case = make_case()
    process = consult.from_case(case, roads_supervisor)
    assert not process.published and process.kind == "survey"
    assert process.area is not None and process.area.level == "district"
    assert case.category.name.lower() in process.summary and case.reference in process.summary
    assert "哪些办法有帮助" in process.title_i18n["zh-hans"]
    survey = process.surveys.get()
    assert survey.case == case
    assert [q.kind for q in survey.questions.all()] == [
        QuestionKind.POINT, QuestionKind.SCALE, QuestionKind.TEXT]
    assert all(q.text_i18n.get("zh-hans") for q in survey.questions.all())
    event = Event.objects.get(kind=EventKind.CONSULTATION)
    assert event.staff == roads_supervisor and event.data == {"case": case.reference}
