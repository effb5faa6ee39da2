"""What ``cityloop triage train`` learns from: the seed corpus, the catalogue, and the
city's own cases with their final categories, staff corrections weighing more."""

from __future__ import annotations

from cityloop.catalogue import snapshot
from cityloop.triage.classifier import corpus, provider, store, training
from cityloop.triage.classifier.corpus import CORRECTION_WEIGHT
from tests.cases.helpers import act, put_in
from tests.triage.classifier.fixtures import SMALL


def history_of(text: str) -> list[corpus.Example]:
    return [e for e in corpus.history() if e.text == text]


def test_a_staff_correction_becomes_a_training_label(make_case, roads_officer):
    case = make_case(service_code="pothole", description="the lamp by the bus stop is dark")
    assert history_of(case.description) == []  # new, unseen: its category is only a guess
    act(case, "recategorise", roads_officer, category=snapshot.category("streetlight"),
        note="It is a street light, not the road")
    case.refresh_from_db()
    assert case.triage["corrected_to"] == "streetlight"
    [example] = history_of(case.description)
    assert (example.category, example.source, example.weight) == (
        "streetlight", "correction", CORRECTION_WEIGHT)


def test_it_learns_the_final_category_of_cases_staff_have_handled(make_case, roads_officer):
    handled = put_in(make_case(description="Deep hole by the kerb"), "assigned", roads_officer,
                     make_case)
    [example] = history_of(handled.description)
    assert (example.category, example.source, example.weight, example.lang) == (
        "pothole", "history", 1.0, "en")


def test_it_leaves_out_invalid_reports_and_reports_the_system_wrote(make_case, roads_officer):
    invalid = make_case(description="asdf test test")
    put_in(invalid, "rejected", roads_officer, make_case)  # rejected as invalid
    elsewhere = make_case(description="the motorway bridge (not the city's)")
    act(elsewhere, "reject", roads_officer, reason="not_our_responsibility")
    sensor = make_case(channel="sensor", description="Water level 3.2 m at gauge 7")
    put_in(sensor, "assigned", roads_officer, make_case)
    texts = {e.text for e in corpus.history()}
    assert invalid.description not in texts and sensor.description not in texts
    assert elsewhere.description in texts  # the category was right, the city's was not


def test_it_learns_priorities_staff_set_by_hand(make_case, roads_officer):
    case = make_case(description="Pothole by the school gate")
    act(case, "set_priority", None, priority="high")  # the system's: not a label
    assert list(corpus.priority_labels()) == []
    act(case, "set_priority", roads_officer, priority="urgent")
    assert list(corpus.priority_labels()) == [
        corpus.PriorityLabel(case.description, "pothole", "urgent")]


def test_it_trains_on_the_seed_corpus_the_catalogue_and_history(make_case, roads_officer,
                                                                 small_corpus, monkeypatch):
    monkeypatch.setattr(corpus, "seed", lambda: small_corpus)
    case = make_case(service_code="pothole", description="our lamp post flickers all night")
    act(case, "recategorise", roads_officer, category=snapshot.category("streetlight"),
        note="street light")
    row, trained = training.train(params=SMALL)
    sources = {e.source for e in trained.examples}
    assert sources == {"seed", "catalogue", "correction"}
    manifest = store.read_manifest(row.version)
    assert manifest["training_counts"]["correction"] == {"streetlight": 1}
    assert manifest["training_counts"]["catalogue"]["pothole"] >= 10  # names and keywords
    assert manifest["history"] is True
    _, trained = training.train(params=SMALL, history=False)
    assert "correction" not in {e.source for e in trained.examples}


def test_a_retrained_model_learns_from_staff_corrections(make_case, roads_officer,
                                                         small_corpus, monkeypatch):
    """Corrections are where the model was wrong: after retraining it answers as staff did."""
    monkeypatch.setattr(corpus, "seed", lambda: small_corpus)
    streetlight = snapshot.category("streetlight")
    for n in range(6):
        case = make_case(service_code="pothole",
                         description=f"the zorblax by house {n} on Quill Row is zorblaxing")
        act(case, "recategorise", roads_officer, category=streetlight, note="a lamp")
    row, trained = training.train(params=SMALL)
    assert store.read_manifest(row.version)["training_counts"]["correction"] == {
        "streetlight": 6}
    assert {e.weight for e in trained.examples if e.source == "correction"} == {
        CORRECTION_WEIGHT}
    active = store.active()
    assert active is not None
    answer = provider.predict_many(active, ["zorblax zorblaxing on Quill Row again"])[0]
    assert answer.category == "streetlight"
