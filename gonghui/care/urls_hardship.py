"""Care: hardship — pages (patterns added to care/urls.py)."""

urlpatterns: list = []
