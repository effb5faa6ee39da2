"""Residents' subscriptions to the warnings of their areas: by email, text message,
webhook or Web Push, with double opt-in and one-click unsubscribe (docs/warnings-subscriptions.md).

A Django app of its own (label ``warning_subscriptions``) beside ``cityloop.warnings``,
so that its models and migrations never collide with the warnings' own.
"""
