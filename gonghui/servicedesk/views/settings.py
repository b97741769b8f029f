# Pages for settings; the list below is included by servicedesk/urls.py.
urlpatterns: list = []
