from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("accounts.urls")),
    path("ce/", include("certifications.urls")),
    path("credits/", include("ce_credits.urls")),
    path("admin/", admin.site.urls),
]
