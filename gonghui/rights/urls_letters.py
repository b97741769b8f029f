"""Rights: letters — pages (patterns added to rights/urls.py)."""

urlpatterns: list = []
