"""Rights: letters — API routes (mounted by rights/api.py)."""

from ninja import Router

router = Router()
