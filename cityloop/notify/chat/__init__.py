"""Reports by chat: a conversation that files a case, and messages back to the same chat.

The core here knows no chat platform: ``conversation`` walks a person from a
photo to a filed case, ``filing`` hands the report to ``cases.services.submit``,
``transport`` is the ``chat`` notification transport that carries the outbox's
messages (and the rating question) back. Each platform is a package of its own
(``telegram/``) registered on ``platforms.chat_platforms``: a city adds LINE or
WeChat as one more package (docs/chat.md).
"""
