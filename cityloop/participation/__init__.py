"""Residents deciding as well as reporting: proposals, map surveys, participatory budgets.

A process (``models.process``) is a consultation or a budget in phases, over a
scope (the city, a district or a street). Residents prove an email address or
a phone number (``residents``) before they propose, support, comment, answer a
survey or cast a ballot, and each of those is once per resident. A proposal
over its support threshold obliges an answer by a deadline (``proposals``); an
accepted one becomes a case through ``cases.services.submit``, linked both
ways. A ballot (``budgets``) is stored apart from the roll of who voted, so no
output can join the two; the tally recounts the stored ballots.
"""
