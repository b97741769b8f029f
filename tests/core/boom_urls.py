"""The site's URLs plus one view that fails, for the logging tests."""

from django.urls import path

from gonghui.urls import urlpatterns as site_urlpatterns


def boom(request):
    raise RuntimeError("a real error")


urlpatterns = [path("boom/", boom), *site_urlpatterns]
