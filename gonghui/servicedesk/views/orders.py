# Pages for orders; the list below is included by servicedesk/urls.py.
urlpatterns: list = []
