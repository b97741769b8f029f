"""The care API at /api/v1/care: each domain's router is mounted here."""

from ninja import Router

router = Router(tags=["关爱帮扶"])
