from rest_framework.routers import DefaultRouter

from claims.api import views

app_name = "claims"

router = DefaultRouter()
router.register("sources", views.SourceViewSet, basename="source")
router.register("speakers", views.SpeakerViewSet, basename="speaker")
router.register("quotes", views.QuoteViewSet, basename="quote")
router.register("claims", views.ClaimViewSet, basename="claim")
router.register("quantities", views.QuantityViewSet, basename="quantity")
router.register("measures", views.MeasureViewSet, basename="measure")
router.register("reviews", views.ReviewViewSet, basename="review")
router.register("claim-relations", views.ClaimRelationViewSet, basename="claimrelation")
router.register("claimreviews", views.ClaimReviewFeedViewSet, basename="claimreview-feed")

urlpatterns = router.urls
