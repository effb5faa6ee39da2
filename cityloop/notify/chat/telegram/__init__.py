"""Telegram's Bot API as a chat platform: webhook updates in, ``sendMessage`` out.

``client`` speaks the Bot API over HTTPS with ``requests``; ``updates`` turns an
Update into the core's ``Incoming`` (fetching a photo with ``getFile``);
``views`` is the webhook; ``platform`` registers Telegram on ``chat_platforms``.
"""
