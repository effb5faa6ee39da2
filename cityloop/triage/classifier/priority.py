"""Priority from the report's words and the category's default.

Two parts, both documented in docs/triage.md:

1. **Cue rules** (always): start from the category's default priority and
   look for urgency cues in English and Chinese.
   - a danger to life now (fire, gas, live wires, collapse, someone trapped,
     drowning; 着火, 漏电, 倒塌, 被困…) makes the case ``urgent``;
   - each *kind* of raising cue found — danger or injury, children or other
     vulnerable people, traffic blocked, water gushing or entering homes,
     the reporter's own "urgent" — raises the default one level, at most two;
   - with no raising cue, a calm cue ("no rush", "suggestion", 不急, 建议)
     lowers it one level.
   Calm phrases are removed before raising cues are looked for, so "not
   urgent" does not count as "urgent".
2. **A small model** (when the city has labelled history): a logistic
   regression on the text's n-grams, the category's default and the rules'
   answer, trained on the priorities staff set by hand (``set_priority``
   events by staff). It overrides the rules only where it is at least
   ``MODEL_OVERRIDE`` sure, so a city's own habits win over the generic cues
   where it has shown them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.special import softmax

LEVELS = ("low", "normal", "high", "urgent")
MIN_LABELS = 50
MODEL_OVERRIDE = 0.7

# Groups of cues; each pattern runs on normalised text (lower case, NFKC).
LIFE = "life"
CALM = "calm"
RAISING = ("danger", "vulnerable", "blocked", "gushing", "hurry")

_CUES: dict[str, tuple[str, ...]] = {
    LIFE: (
        r"\bon fire\b", r"\bfire\b(?!\s*(?:hydrant|station|engine|exit|escape|door|works|place))",
        r"\bflames?\b", r"\bexplo(?:sion|ded)\b", r"\bgas leak", r"\bsmell(?:s|ing)? (?:of )?gas\b",
        r"\blive wires?\b", r"\bsparking\b", r"\belectrocut", r"\bcollaps(?:ed|ing)\b",
        r"\bcaved? in\b", r"\bsinkhole\b", r"\btrapped\b", r"\bbleeding\b", r"\bunconscious\b",
        r"\bdrown", r"\bswept away\b", r"\bemergency\b", r"\blife[- ]threatening\b",
        r"\b(?:get|be|got|been) (?:killed|electrocuted)\b",
        "着火", "起火", "失火", "火灾", "烧起来", "爆炸", "燃气泄漏", "煤气泄漏", "漏气",
        "煤气味", "燃气味", "漏电", "触电", "打火花", "冒火花", "倒塌", "坍塌", "塌了", "被困",
        "困在", "流血", "昏迷", "溺水", "冲走", "救命", "出人命", "生命危险",
    ),
    "danger": (
        r"\bdanger", r"\bhazard", r"\bunsafe\b", r"\baccidents?\b", r"\bcrash(?:ed|es)?\b",
        r"\b(?:nearly|almost) (?:hit|fell|crashed|killed|knocked|lost)", r"\btripped\b",
        r"\bfell (?:over|off|in)\b", r"\binjur", r"\bhurt\b",
        "危险", "隐患", "事故", "撞", "摔倒", "摔了", "差点", "受伤", "伤人", "咬人", "绊倒",
    ),
    "vulnerable": (
        r"\bchild", r"\bkids?\b", r"\btoddlers?\b", r"\bbab(?:y|ies)\b", r"\bschool",
        r"\bkindergarten", r"\bnursery\b", r"\bpupils\b", r"\belderly\b",
        r"\bold (?:man|woman|lady|people|folks)\b", r"\bpensioners?\b", r"\bwheelchair",
        r"\bprams?\b", r"\bpushchairs?\b", r"\bblind\b", r"\bdisabled\b",
        "小孩", "孩子", "儿童", "小朋友", "学生", "幼儿园", "学校", "小学", "婴儿", "老人",
        "大爷", "大妈", "轮椅", "盲人", "残疾",
    ),
    "blocked": (
        r"\bblocking (?:the )?(?:road|street|traffic|lanes?|junction|entrance|exit)\b",
        r"\b(?:road|street|lanes?|junction|traffic) (?:is |are )?(?:completely |totally )?"
        r"blocked\b",
        r"\btraffic jam", r"\bgridlock", r"\btailback", r"\bimpassable\b",
        r"\b(?:can't|cannot|can not|couldn't) get (?:through|past|out)\b",
        r"\bambulances?\b", r"\bfire engines?\b",
        "堵死", "堵车", "交通瘫痪", "瘫痪", "过不去", "无法通行", "不能通行", "救护车", "消防车",
    ),
    "gushing": (
        r"\bgush", r"\bspurt", r"\bspraying\b", r"\bburst (?:main|pipe|water)",
        r"\b(?:main|pipe|water) (?:has )?burst\b", r"\bpouring out\b", r"\bfountain\b",
        r"\bgeyser\b", r"\binto (?:the |our |my )?(?:houses?|homes?|shops?|basements?|flats?)\b",
        r"\b(?:knee|waist)[- ]deep\b", r"\brising fast\b",
        "喷(?!漆|涂|字|泉|绘)", "爆管", "水管爆", "管子爆", "水柱", "哗哗", "涌出", "淹了",
        "进水", "漫进", "倒灌", "齐膝", "齐腰", "没过膝盖",
    ),
    "hurry": (
        r"\burgent", r"\basap\b", r"\bimmediately\b", r"\bright (?:now|away)\b",
        r"\bstraight away\b", r"\bas soon as possible\b",
        "紧急", "急", "尽快", "赶紧", "马上", "立刻", "速来", "快来",
    ),
    CALM: (
        r"\bno rush\b", r"\bnot (?:urgent|an emergency|dangerous)\b", r"\bno hurry\b",
        r"\bwhenever (?:you|someone) (?:can|gets?|has)\b",
        r"\bwhen (?:you|someone) (?:get|gets|have|has) (?:a chance|time)\b",
        r"\blow priority\b", r"\b(?:just )?a suggestion\b", r"\bnot a big deal\b",
        "不急", "不着急", "不紧急", "不是很急", "不危险", "有空", "有时间的时候", "方便的时候",
        "建议", "小问题", "不影响",
    ),
}
CUES: dict[str, re.Pattern[str]] = {
    group: re.compile("|".join(f"(?:{p})" for p in patterns)) for group, patterns in _CUES.items()
}


@dataclass(frozen=True)
class RuleAnswer:
    priority: str
    cues: tuple[str, ...]  # the groups found, for the record and for staff


def level(priority: str) -> int:
    return LEVELS.index(priority) if priority in LEVELS else 1


def by_rules(normalised: str, default: str) -> RuleAnswer:
    """The cue rules on normalised text (``triage.classifier.text.normalise``)."""
    calm = CUES[CALM].search(normalised) is not None
    text = CUES[CALM].sub(" ", normalised)
    if CUES[LIFE].search(text):
        return RuleAnswer("urgent", (LIFE,))
    found = tuple(group for group in RAISING if CUES[group].search(text))
    start = level(default)
    if found:
        lvl = start + min(2, len(found))
    elif calm:
        found, lvl = (CALM,), start - 1
    else:
        lvl = start
    return RuleAnswer(LEVELS[max(0, min(len(LEVELS) - 1, lvl))], found)


# -- the trained part ------------------------------------------------------


def side_features(defaults: Sequence[str], rules: Sequence[str]) -> sparse.csr_matrix:
    """One-hot of the category's default priority and of the rules' answer."""
    rows = np.zeros((len(defaults), 2 * len(LEVELS)), dtype=np.float32)
    for i, (default, rule) in enumerate(zip(defaults, rules, strict=True)):
        rows[i, level(default)] = 1.0
        rows[i, len(LEVELS) + level(rule)] = 1.0
    return sparse.csr_matrix(rows)


@dataclass
class PriorityModel:
    coef: np.ndarray  # classes × (text features + side features)
    intercept: np.ndarray
    classes: list[str]

    def answer(self, text_features: sparse.csr_matrix, default: str,
               rule: str) -> tuple[str, float]:
        x = sparse.hstack([text_features, side_features([default], [rule])]).tocsr()
        proba = softmax(np.asarray(x @ self.coef.T) + self.intercept, axis=1)[0]
        best = int(proba.argmax())
        return self.classes[best], float(proba[best])

    def arrays(self) -> dict[str, np.ndarray]:
        return {"priority_coef": self.coef, "priority_intercept": self.intercept}

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray],
                    classes: list[str] | None) -> PriorityModel | None:
        if not classes or "priority_coef" not in arrays:
            return None
        return cls(arrays["priority_coef"], arrays["priority_intercept"], classes)


def train_model(text_features: sparse.csr_matrix, defaults: Sequence[str],
                rules: Sequence[str], labels: Sequence[str]) -> PriorityModel | None:
    """A model when there are at least ``MIN_LABELS`` labels of two levels or more."""
    if len(labels) < MIN_LABELS or len(set(labels)) < 2:
        return None
    x = sparse.hstack([text_features, side_features(defaults, rules)]).tocsr()
    # Imported here: scikit-learn takes seconds to import, and only training needs it;
    # every cityloop process loads this module through the triage provider.
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=1.0, max_iter=2000)
    lr.fit(x, np.asarray(labels))
    coef, intercept = lr.coef_, lr.intercept_
    if len(lr.classes_) == 2:
        coef = np.vstack([-coef / 2, coef / 2])
        intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
    return PriorityModel(coef.astype(np.float32), intercept.astype(np.float32),
                         [str(c) for c in lr.classes_])


def decide(rule: RuleAnswer, model: PriorityModel | None, text_features: sparse.csr_matrix,
           default: str) -> tuple[str, str]:
    """The priority, and what decided it (``rules`` or ``model``)."""
    if model is not None:
        answer, p = model.answer(text_features, default, rule.priority)
        if p >= MODEL_OVERRIDE:
            return answer, "model"
    return rule.priority, "rules"
