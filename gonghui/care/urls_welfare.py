"""Care: welfare — pages (patterns added to care/urls.py)."""

urlpatterns: list = []
