"""Rights' pages under /rights/: each domain's URL module adds its patterns here."""

from gonghui.rights import urls_contracts, urls_legal, urls_letters

app_name = "rights"

urlpatterns: list = [*urls_legal.urlpatterns, *urls_letters.urlpatterns, *urls_contracts.urlpatterns]
