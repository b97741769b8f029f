"""Care's pages under /care/: each domain's URL module adds its patterns here."""

app_name = "care"

urlpatterns: list = []
