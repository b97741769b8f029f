# Interim: replaced by the real views.
from django.http import HttpResponse


def my_card(request, *args, **kwargs):
    return HttpResponse('my_card')


def verify(request, *args, **kwargs):
    return HttpResponse('verify')

