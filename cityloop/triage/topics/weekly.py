"""Hot topics: the week's report texts, clustered, each cluster labelled in English and Chinese.

For an ISO week (Monday to Sunday in the city's time zone) the texts of the
citizen reports of public categories are turned into word-ish terms
(``topics.terms``), weighed with TF-IDF, joined with the report's category
(so that an English and a Chinese report about the same thing can meet,
though they share no word) and clustered with k-means (scikit-learn, a
fixed seed: the same reports give the same topics). Each cluster becomes a
``Topic``: a label in each language from the terms most typical of its
texts in that language against the whole week (the category's name when
too few texts are in that language), its size, its terms, its top
categories and a few example references.

The ``hot_topics`` periodic job refreshes the current week and finishes
the previous one; ``cityloop triage-topics`` computes any week on demand;
the cockpit reads them from ``/ops/topics.json``. Nothing personal is kept:
no sensitive categories, no contact details, no words that are not shared
by several reports.
"""

from __future__ import annotations

import contextlib
import math
import re
import warnings
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from scipy import sparse

from cityloop.cases.models import Case, Channel, Status
from cityloop.cases.policy import public
from cityloop.catalogue.models import ServiceCategory
from cityloop.i18n import pick
from cityloop.registry import PeriodicJob, periodic_jobs
from cityloop.triage.topics import terms as topic_terms
from cityloop.triage.topics.models import Topic

SEED = 20240601
MIN_REPORTS = 6  # fewer texts than this make no topics
MAX_TOPICS = 8
MAX_REPORTS = 20_000  # the newest of a week, if a week ever has more
EXAMPLES = 3
CATEGORY_WEIGHT = 0.6  # how much sharing a category pulls two reports together
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


class BadWeek(ValueError):
    """Not an ISO week written as YYYY-Www."""


@dataclass(frozen=True)
class Text:
    reference: str
    category_id: int
    terms: topic_terms.Terms


# --- weeks -------------------------------------------------------------------
def week_of(moment: datetime) -> str:
    year, week, _day = timezone.localtime(moment).isocalendar()
    return f"{year}-W{week:02d}"


def week_bounds(week: str) -> tuple[datetime, datetime]:
    """The first moment of the week and of the next, in the city's time zone."""
    match = _WEEK.match(week.strip())
    if not match:
        raise BadWeek(week)
    try:
        monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        raise BadWeek(week) from None
    start = timezone.make_aware(datetime.combine(monday, time.min))
    return start, timezone.make_aware(datetime.combine(monday + timedelta(days=7), time.min))


def previous_week(week: str) -> str:
    start, _end = week_bounds(week)
    return week_of(start - timedelta(days=1))


# --- computing ----------------------------------------------------------------
def texts_of_week(week: str, now: datetime | None = None) -> list[Text]:
    start, end = week_bounds(week)
    if now is not None:
        end = min(end, now)
    rows = (Case.objects.filter(created_at__gte=start, created_at__lt=end)
            .filter(public.case_in_public_category())
            .exclude(channel__in=(Channel.HOTSPOT, Channel.SENSOR))
            .exclude(status=Status.REJECTED)
            .order_by("-created_at", "-pk")
            .values_list("reference", "category_id", "description")[:MAX_REPORTS])
    texts = [Text(ref, category, topic_terms.extract(text or "")) for ref, category, text in rows]
    texts.reverse()  # oldest first: the same order whenever the week is computed
    topic_terms.fold_plurals([t.terms for t in texts])
    return texts


def cluster(texts: list[Text], seed: int = SEED) -> list[list[int]]:
    """Indexes of ``texts`` per cluster, largest first."""
    if len(texts) < MIN_REPORTS:
        return []
    k = max(1, min(MAX_TOPICS, round(math.sqrt(len(texts) / 3)), len(texts)))
    features = _features(texts)
    if k == 1 or features.shape[1] == 0:
        return [list(range(len(texts)))]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # fewer distinct points than k: fewer clusters
        # Imported here: scikit-learn takes seconds to import and this module is
        # loaded by every process (the job registers at start-up).
        from sklearn.cluster import KMeans

        labels = KMeans(n_clusters=k, random_state=seed, n_init=4).fit_predict(features)
    groups: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        groups.setdefault(int(label), []).append(i)
    return sorted(groups.values(), key=lambda g: (-len(g), g[0]))


def _features(texts: list[Text]) -> sparse.csr_matrix:
    docs = [t.terms.all for t in texts]
    blocks = []
    if any(docs):
        from sklearn.feature_extraction.text import TfidfVectorizer  # see cluster()

        vectoriser = TfidfVectorizer(analyzer=_identity, min_df=2 if len(texts) >= 20 else 1,
                                     sublinear_tf=True)
        with contextlib.suppress(ValueError):  # no term left after min_df
            blocks.append(vectoriser.fit_transform(docs))
    codes = sorted({t.category_id for t in texts})
    column = {code: i for i, code in enumerate(codes)}
    rows = np.arange(len(texts))
    cols = np.array([column[t.category_id] for t in texts])
    weights = np.full(len(texts), CATEGORY_WEIGHT)
    blocks.append(sparse.csr_matrix((weights, (rows, cols)), shape=(len(texts), len(codes))))
    return sparse.hstack(blocks).tocsr()


def _identity(terms: list[str]) -> list[str]:
    return terms


def topics_for(texts: list[Text], week: str, now: datetime, seed: int = SEED) -> list[Topic]:
    """Unsaved topics of ``texts`` (the week's), largest first."""
    groups = cluster(texts, seed)
    categories = {c.pk: c for c in ServiceCategory.objects.all()}
    background = {
        lang: topic_terms.document_frequency(_terms(t, lang) for t in texts)
        for lang in ("en", "zh")
    }
    totals = {lang: sum(1 for t in texts if _terms(t, lang)) for lang in ("en", "zh")}
    topics = []
    for rank, group in enumerate(groups, start=1):
        members = [texts[i] for i in group]
        counts = Counter(t.category_id for t in members)
        labels, terms = {}, []
        for lang in ("en", "zh"):
            said = [_terms(t, lang) for t in members if _terms(t, lang)]
            chosen = topic_terms.distinctive(said, background[lang], totals[lang])
            terms += [{"term": term, "language": lang, "weight": w} for term, w in chosen]
            labels[lang] = _join(lang, [term for term, _w in chosen]) or _category_label(
                counts, categories, lang)
        topics.append(Topic(
            week=week, rank=rank, label_en=labels["en"][:200], label_zh=labels["zh"][:200],
            size=len(members), terms=terms,
            categories=[[categories[c].service_code, n] for c, n in counts.most_common(3)
                        if c in categories],
            examples=[t.reference for t in _examples(members)], computed_at=now,
        ))
    return topics


def _terms(text: Text, lang: str) -> list[str]:
    return text.terms.en if lang == "en" else text.terms.zh


def _join(lang: str, words: list[str]) -> str:
    return ("、" if lang == "zh" else ", ").join(words)


def _category_label(counts: Counter[int], categories: dict[int, ServiceCategory],
                    lang: str) -> str:
    language = "zh-hans" if lang == "zh" else "en"
    names = [pick(categories[c].name, categories[c].name_i18n, language)
             for c, _n in counts.most_common(2) if c in categories]
    return _join(lang, names)


def _examples(members: list[Text]) -> list[Text]:
    """The members with the most terms in common with the rest of the cluster."""
    df = topic_terms.document_frequency(t.terms.all for t in members)

    def typical(t: Text) -> float:
        words = set(t.terms.all)
        return sum(df[w] - 1 for w in words) / math.sqrt(len(words) + 1)

    ranked = sorted(members, key=lambda t: (-typical(t), t.reference))
    return ranked[:EXAMPLES]


def compute(week: str, now: datetime | None = None, seed: int = SEED) -> list[Topic]:
    """Compute and store the topics of ``week`` (replacing earlier ones)."""
    now = now or timezone.now()
    topics = topics_for(texts_of_week(week, now), week, now, seed)
    with transaction.atomic():
        Topic.objects.filter(week=week).delete()
        Topic.objects.bulk_create(topics)
    return topics


def stored(week: str | None = None) -> tuple[str, list[Topic]]:
    """The stored topics of ``week``, else of the latest week that has some."""
    if week is None:
        week = Topic.objects.order_by("-week").values_list("week", flat=True).first() or (
            week_of(timezone.now()))
    return week, list(Topic.objects.filter(week=week).order_by("rank"))


def as_json(topic: Topic) -> dict[str, Any]:
    return {
        "rank": topic.rank, "label": topic.label, "label_en": topic.label_en,
        "label_zh": topic.label_zh, "size": topic.size, "terms": topic.terms,
        "categories": topic.categories, "examples": topic.examples,
    }


def _run(now: datetime) -> str:
    """Refresh this week's topics, and finish last week's once it is over."""
    week = week_of(now)
    done = [f"{week}: {len(compute(week, now))} topics"]
    last = previous_week(week)
    _start, last_end = week_bounds(last)
    if not Topic.objects.filter(week=last, computed_at__gte=last_end).exists():
        done.append(f"{last}: {len(compute(last, now))} topics")
    return "; ".join(done)


periodic_jobs.register(
    "hot_topics",
    "Cluster the week's report texts into hot topics labelled in English and Chinese "
    "(this week's refreshed, last week's finished).",
)(PeriodicJob(lambda: settings.TOPICS_SWEEP_SECONDS, _run))
