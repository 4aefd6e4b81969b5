"""The REST API: /api/v1/, OpenAPI at /api/v1/openapi.json, interactive docs at /api/v1/docs."""

from ninja import NinjaAPI

from contingent import __version__
from contingent.audit.api import router as audit_router
from contingent.bia.api import router as bia_router
from contingent.evidence.api import router as evidence_router
from contingent.inventory.api import router as inventory_router
from contingent.notifications.api import router as notifications_router
from contingent.org.api import router as org_router
from contingent.plans.api import router as plans_router
from contingent.recovery.api import router as analysis_router
from contingent.web.api import BearerToken, Session, install_error_handlers

api = NinjaAPI(
    title="Contingent API",
    version=__version__,
    description=(
        "Business continuity and disaster recovery records. Authenticate with the web session "
        "(and its CSRF token) or with `Authorization: Bearer <token>` (create one with "
        "`contingent token create USERNAME`). Durations are in seconds. Errors are "
        "`{detail, errors: [{field, message}]}` with status 401, 403, 404 or 422."
    ),
    auth=[BearerToken(), Session()],
    urls_namespace="api",
)
install_error_handlers(api)
api.add_router("/", org_router)
api.add_router("/", inventory_router)
api.add_router("/", bia_router)
api.add_router("/", analysis_router)
api.add_router("/", evidence_router)
api.add_router("/", audit_router)
api.add_router("/", notifications_router)
api.add_router("/", plans_router)
