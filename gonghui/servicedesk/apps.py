from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicedeskConfig(AppConfig):
    name = "gonghui.servicedesk"
    label = "servicedesk"
    verbose_name = _("服务阵地与点单")
