from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from gonghui.api import api
from gonghui.core import views as core_views
from gonghui.home import views as home_views

urlpatterns = [
    path("", home_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("services/", core_views.services, name="services"),
    path("account/", core_views.account, name="account"),
    path("accounts/", include("gonghui.accounts.urls")),
    path("orgs/", include("gonghui.orgs.urls")),
    path("", include("gonghui.members.urls")),
    path("jobs/", include("gonghui.core.urls")),
    path("desk/", include("gonghui.servicedesk.urls")),
    path("volunteers/", include("gonghui.volunteers.urls")),
    path("tournaments/", include("gonghui.tournaments.urls")),
    path("fitness/", include("gonghui.fitness.urls")),
    path("notices/", include("gonghui.notices.urls")),
    path("lectures/", include("gonghui.lectures.urls")),
    path("activities/", include("gonghui.activities.urls")),
    path("care/", include("gonghui.care.urls")),
    path("rights/", include("gonghui.rights.urls")),
    path("glance/", include("gonghui.dashboard.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
]
