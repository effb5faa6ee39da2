"""The evaluation as one self-contained HTML page: no external assets, bilingual headings."""

from __future__ import annotations

from django.utils import translation
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from cityloop.triage.classifier.evaluation import Evaluation

TITLE = _("Triage model evaluation")
HEADINGS = {
    "summary": _("Summary"),
    "languages": _("By language"),
    "classes": _("By category"),
    "confusion": _("Confusion matrix"),
    "mistakes": _("Most frequent mistakes"),
}
LABELS = {
    "model": _("Model"),
    "data": _("Evaluated on"),
    "reports": _("Reports"),
    "accuracy": _("Accuracy"),
    "macro_f1": _("Macro-F1"),
    "language": _("Language"),
    "category": _("Category"),
    "precision": _("Precision"),
    "recall": _("Recall"),
    "f1": _("F1"),
    "support": _("Reports"),
    "ece": _("Expected calibration error"),
    "above": _("Confident enough to assign (confidence ≥ %(threshold)s)"),
    "above_right": _("of which right"),
    "true_predicted": _("Rows: true category; columns: predicted category."),
    "true": _("True category"),
    "predicted": _("Predicted"),
    "count": _("Reports"),
}

STYLE = """
body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;
 color:#1b1b1b}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0}
th,td{padding:.2rem .5rem;border:1px solid #ccc;text-align:right}
th:first-child,td:first-child{text-align:left}
.cm td{min-width:1.6rem;text-align:center;font-variant-numeric:tabular-nums}
.cm th.col{writing-mode:vertical-rl;transform:rotate(180deg);font-weight:normal}
.weak{background:#fde2e1}dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}
dt{font-weight:600}dd{margin:0}
"""


def both(text: Promise | str) -> str:
    """A heading in English and Simplified Chinese (one of them when they are the same)."""
    with translation.override("en"):
        en = str(text)
    with translation.override("zh-hans"):
        zh = str(text)
    return escape(en if en == zh else f"{en} · {zh}")


def render(ev: Evaluation, model: str, data: str) -> str:
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{both(TITLE)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{both(TITLE)}</h1>",
        _summary(ev, model, data),
        _languages(ev),
        _classes(ev),
        _confusion(ev),
        _mistakes(ev),
        "</body></html>",
    ]
    return "\n".join(p for p in parts if p)


def _summary(ev: Evaluation, model: str, data: str) -> str:
    rows = [(LABELS["model"], escape(model)), (LABELS["data"], escape(data)),
            (LABELS["reports"], str(ev.n)), (LABELS["accuracy"], f"{ev.accuracy:.3f}"),
            (LABELS["macro_f1"], f"{ev.macro_f1:.3f}")]
    c = ev.calibration
    if c:
        with translation.override("en"):
            above_en = str(LABELS["above"]) % {"threshold": c["threshold"]}
        with translation.override("zh-hans"):
            above_zh = str(LABELS["above"]) % {"threshold": c["threshold"]}
        above = escape(above_en if above_en == above_zh else f"{above_en} · {above_zh}")
        rows += [(LABELS["ece"], f"{c['ece']:.3f}")]
        items = "".join(f"<dt>{both(k)}</dt><dd>{v}</dd>" for k, v in rows)
        items += (f"<dt>{above}</dt><dd>{c['above_threshold_share']:.1%}; "
                  f"{both(LABELS['above_right'])} {c['above_threshold_accuracy']:.1%}</dd>")
    else:
        items = "".join(f"<dt>{both(k)}</dt><dd>{v}</dd>" for k, v in rows)
    return f"<h2>{both(HEADINGS['summary'])}</h2><dl>{items}</dl>"


def _languages(ev: Evaluation) -> str:
    if not ev.per_language:
        return ""
    head = "".join(f"<th>{both(LABELS[k])}</th>"
                   for k in ("language", "reports", "accuracy", "macro_f1"))
    body = "".join(
        f"<tr><td>{escape(lang)}</td><td>{int(s['n'])}</td><td>{s['accuracy']:.3f}</td>"
        f"<td>{s['macro_f1']:.3f}</td></tr>" for lang, s in ev.per_language.items())
    return f"<h2>{both(HEADINGS['languages'])}</h2><table><tr>{head}</tr>{body}</table>"


def _classes(ev: Evaluation) -> str:
    head = "".join(f"<th>{both(LABELS[k])}</th>"
                   for k in ("category", "precision", "recall", "f1", "support"))
    rows = []
    for label, s in ev.per_class.items():
        weak = ' class="weak"' if s.support and s.f1 < ev.macro_f1 - 0.05 else ""
        rows.append(f"<tr{weak}><td>{escape(label)}</td><td>{s.precision:.3f}</td>"
                    f"<td>{s.recall:.3f}</td><td>{s.f1:.3f}</td><td>{s.support}</td></tr>")
    return (f"<h2>{both(HEADINGS['classes'])}</h2><table><tr>{head}</tr>"
            f"{''.join(rows)}</table>")


def _confusion(ev: Evaluation) -> str:
    if not ev.confusion:
        return ""
    biggest = max((n for row in ev.confusion for n in row), default=1) or 1
    head = "".join(f'<th class="col" scope="col">{escape(label)}</th>' for label in ev.labels)
    rows = []
    for label, row in zip(ev.labels, ev.confusion, strict=True):
        cells = []
        for j, n in enumerate(row):
            hue = 210 if ev.labels[j] == label else 0
            alpha = 0.85 * n / biggest if n else 0
            style = f' style="background:hsla({hue},70%,50%,{alpha:.2f})"' if n else ""
            cells.append(f"<td{style}>{n or ''}</td>")
        rows.append(f'<tr><th scope="row">{escape(label)}</th>{"".join(cells)}</tr>')
    return (f"<h2>{both(HEADINGS['confusion'])}</h2><p>{both(LABELS['true_predicted'])}</p>"
            f'<table class="cm"><tr><th></th>{head}</tr>{"".join(rows)}</table>')


def _mistakes(ev: Evaluation) -> str:
    mistakes = ev.confusions(12)
    if not mistakes:
        return ""
    head = "".join(f"<th>{both(LABELS[k])}</th>" for k in ("true", "predicted", "count"))
    body = "".join(f"<tr><td>{escape(t)}</td><td>{escape(p)}</td><td>{n}</td></tr>"
                   for t, p, n in mistakes)
    return f"<h2>{both(HEADINGS['mistakes'])}</h2><table><tr>{head}</tr>{body}</table>"
