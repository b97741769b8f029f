# Interim: replaced by the real views.
from django.http import HttpResponse


def roster(request, *args, **kwargs):
    return HttpResponse('roster')


def roster_export(request, *args, **kwargs):
    return HttpResponse('roster_export')


def roster_import(request, *args, **kwargs):
    return HttpResponse('roster_import')


def roster_template(request, *args, **kwargs):
    return HttpResponse('roster_template')

