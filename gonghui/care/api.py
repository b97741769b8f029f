"""The care API at /api/v1/care: each domain's router is mounted here."""

from ninja import Router

from gonghui.care import api_hardship, api_honors, api_recuperation, api_welfare, api_wishes, api_women

router = Router(tags=["关爱帮扶"])
router.add_router("/hardship", api_hardship.router)
router.add_router("/welfare", api_welfare.router)
router.add_router("/wishes", api_wishes.router)
router.add_router("/recuperation", api_recuperation.router)
router.add_router("/honors", api_honors.router)
router.add_router("/women", api_women.router)
