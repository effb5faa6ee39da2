"""The received emails, for administrators: what came in and what became of it.

The admin is for the city's administrators only (``cityloop.adminsite``); the
sender's address and the message are personal data and are shown nowhere else.
"""

from __future__ import annotations

import email
import email.policy

from django.contrib import admin
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from cityloop.adminsite import ViewOnlyAdmin
from cityloop.mailin.models import InboundMail

SHOWN_CHARACTERS = 20_000


@admin.register(InboundMail)
class InboundMailAdmin(ViewOnlyAdmin):
    list_display = ["id", "received_at", "via", "state", "case", "outcome"]
    list_filter = ["state", "via"]
    search_fields = ["outcome", "case__reference"]
    date_hierarchy = "received_at"
    readonly_fields = ["received_at", "via", "mail_from", "recipients", "size", "state",
                       "attempts", "outcome", "case", "processed_at", "message"]
    exclude = ["raw"]

    @admin.display(description=_("message"))
    def message(self, mail: InboundMail) -> SafeString:
        """The message's headers and text as received (attachments' bytes left out)."""
        parsed = email.message_from_bytes(bytes(mail.raw), policy=email.policy.compat32)
        lines = [f"{name}: {value}" for name, value in parsed.items()]
        for part in parsed.walk():
            if part.get_content_maintype() == "text":
                payload = part.get_payload(decode=True)
                if isinstance(payload, bytes):
                    lines += ["", _decoded(payload, part.get_content_charset() or "utf-8")]
            elif not part.is_multipart():
                lines += ["", f"[{part.get_content_type()} {part.get_filename() or ''}]"]
        return format_html('<pre class="mail-source">{}</pre>',
                           "\n".join(lines)[:SHOWN_CHARACTERS])


def _decoded(payload: bytes, charset: str) -> str:
    try:
        return payload.decode(charset, "replace")
    except LookupError:  # a charset Python does not know
        return payload.decode("utf-8", "replace")
