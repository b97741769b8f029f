"""Care's pages under /care/: each domain's URL module adds its patterns here."""

from gonghui.care import urls_hardship, urls_honors, urls_recuperation, urls_welfare, urls_wishes, urls_women

app_name = "care"

urlpatterns: list = [
    *urls_hardship.urlpatterns,
    *urls_welfare.urlpatterns,
    *urls_wishes.urlpatterns,
    *urls_recuperation.urlpatterns,
    *urls_honors.urlpatterns,
    *urls_women.urlpatterns,
]
