
app_name = "ce_credits"

urlpatterns: list = []
