"""Care: women — API routes (mounted by care/api.py)."""

from ninja import Router

router = Router()
