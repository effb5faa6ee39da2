"""The category and priority classifier (docs/triage.md): text normalisation
(``text``), the category model (``category``) and the urgency model
(``priority``), trained from ``corpus`` by ``training``, stored and versioned by
``store`` (its table in ``models``), measured by ``evaluation`` and ``report``,
and answering as the ``model`` triage provider (``provider``)."""
