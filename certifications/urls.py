
app_name = "certifications"

urlpatterns: list = []
