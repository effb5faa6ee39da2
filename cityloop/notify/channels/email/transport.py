"""Email through Django's configured backend (SMTP in production, files in the demo)."""

from __future__ import annotations

import smtplib

from django.core.mail import EmailMessage

from cityloop.notify.channels.base import Outgoing, Transport, TransportError
from cityloop.registry import notification_transports


@notification_transports.register("email", "Email through the SMTP server of CITYLOOP_SMTP_HOST.")
class EmailTransport(Transport):
    kind = "email"
    contact = "email"  # reaches citizens and supervisors who gave an email address

    def send(self, outgoing: Outgoing) -> None:
        message = EmailMessage(subject=outgoing.subject, body=outgoing.text, to=[outgoing.target])
        message.extra_headers.update(outgoing.headers)
        message.extra_headers["X-CityLoop-Message"] = str(outgoing.message_id)
        try:
            message.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused as exc:
            # 5xx: the server said no to this address and retrying will not
            # help; 4xx (greylisting, mailbox full) means "try again later".
            permanent = all(500 <= code < 600 for code, _ in exc.recipients.values())
            raise TransportError(
                f"recipient refused: {exc.recipients}", permanent=permanent
            ) from exc
        except smtplib.SMTPResponseException as exc:
            permanent = 500 <= exc.smtp_code < 600
            raise TransportError(
                f"SMTP {exc.smtp_code}: {exc.smtp_error!r}", permanent=permanent
            ) from exc
        except (TimeoutError, smtplib.SMTPException, OSError) as exc:
            raise TransportError(f"SMTP server unreachable: {exc}") from exc
