from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from claims.api.views import LoginThrottledTokenView, readiness

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/auth/token/", LoginThrottledTokenView.as_view(), name="api-token"),
    path("api/health/", readiness, name="readiness"),
    path("api/", include("claims.api.urls")),
    path("", include("claims.urls")),  # the public site: published fact checks as pages
]

# API errors the code did not foresee answer JSON, with nothing of the traceback.
handler500 = "rest_framework.exceptions.server_error"
handler400 = "rest_framework.exceptions.bad_request"  # e.g. a body over DATA_UPLOAD_MAX_MEMORY_SIZE
# URLs under /api/ that no route matches: claims.middleware.ApiNotFoundMiddleware.
