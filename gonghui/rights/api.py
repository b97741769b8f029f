"""The rights API at /api/v1/rights: each domain's router is mounted here."""

from ninja import Router

from gonghui.rights import api_contracts, api_legal, api_letters

router = Router(tags=["维权服务"])
router.add_router("/legal", api_legal.router)
router.add_router("/letters", api_letters.router)
router.add_router("/contracts", api_contracts.router)
