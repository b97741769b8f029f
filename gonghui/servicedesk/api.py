"""The service-desk API: one router per concept, mounted under /api/v1/desk/."""

from ninja import Router

from gonghui.servicedesk.api_orders import router as orders_router
from gonghui.servicedesk.api_petitions import router as petitions_router
from gonghui.servicedesk.api_problems import router as problems_router

router = Router()
router.add_router("/orders", orders_router)
router.add_router("/problems", problems_router)
router.add_router("/petitions", petitions_router)
