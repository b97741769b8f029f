# Interim: replaced by the real views.
from django.http import HttpResponse


def cadre_workbench(request, *args, **kwargs):
    return HttpResponse('cadre_workbench')


def worker_home(request, *args, **kwargs):
    return HttpResponse('worker_home')

