"""``cityloop triage-topics``: compute and print the hot topics of a week."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from cityloop.management import CityloopCommand
from cityloop.triage.topics import weekly


class Command(CityloopCommand):
    help = (
        "Cluster a week's report texts into hot topics, store them for the cockpit and print "
        "them: label in English and Chinese, number of reports, top terms and example cases. "
        "The worker refreshes the current week by itself (job hot_topics)."
    )
    example = "cityloop triage-topics --week 2026-W47"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--week", default="",
                            help="ISO week YYYY-Www (default: the current week).")
        parser.add_argument("--stored", action="store_true",
                            help="Print the topics stored for the week without computing them.")
        parser.add_argument("--json", action="store_true", help="Print JSON instead of text.")

    def handle(self, *args: Any, **options: Any) -> None:
        week = options["week"] or weekly.week_of(timezone.now())
        try:
            weekly.week_bounds(week)
        except weekly.BadWeek:
            raise CommandError(f"--week must be an ISO week like 2026-W47, not {week!r}") from None
        found = weekly.stored(week)[1] if options["stored"] else weekly.compute(week)
        if options["json"]:
            self.stdout.write(json.dumps({"week": week, "topics": [weekly.as_json(t)
                                                                   for t in found]},
                                         ensure_ascii=False, indent=2))
            return
        if not found:
            self.stdout.write(f"{week}: no topics (too few reports).")
            return
        self.stdout.write(f"Hot topics of {week}:")
        for topic in found:
            terms = ", ".join(t["term"] for t in topic.terms)
            self.stdout.write(f"{topic.rank:>2}. {topic.label_en} / {topic.label_zh} "
                              f"({topic.size} reports)")
            self.stdout.write(f"    terms: {terms or '-'}; e.g. {', '.join(topic.examples)}")
