"""The city's VAPID key pair, kept in the database (app label ``notify``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PushKeys(models.Model):
    """The city's VAPID key pair for Web Push (RFC 8292), made once by ``migrate``.

    In the database, so every web process and worker signs with the same key;
    the public half is served to the subscribe page. Replacing it invalidates
    every browser subscription, so it is never rotated automatically.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    private_pem = models.TextField()
    public_key = models.CharField(max_length=200)  # uncompressed point, base64url
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Web Push keys")
        verbose_name_plural = _("Web Push keys")

    def __str__(self) -> str:
        return self.public_key[:16]
