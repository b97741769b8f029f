"""Each views module declares its own urlpatterns; they share the `servicedesk` namespace."""

from gonghui.servicedesk.views import bus, diary, orders, petitions, problems
from gonghui.servicedesk.views import settings as desk_settings

app_name = "servicedesk"
urlpatterns = [
    *orders.urlpatterns,
    *bus.urlpatterns,
    *problems.urlpatterns,
    *diary.urlpatterns,
    *petitions.urlpatterns,
    *desk_settings.urlpatterns,
]
