from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from gonghui.core import facts


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """Chinese unless the person chose English with the language switch (the cookie).

    The browser's Accept-Language is ignored on purpose: union cadres often run English-locale
    browsers, and the platform is Chinese first.
    """

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class ForgetFactsOnWriteMiddleware:
    """After any write by a logged-in user (a form sent, an API call that changes something), their
    facts kept across requests (core.facts: the home's tiles, the navigation) are read afresh, so
    what they just did shows on the next page whatever the apps follow."""

    SAFE = frozenset(("GET", "HEAD", "OPTIONS", "TRACE"))

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in self.SAFE:
            user = getattr(request, "user", None)
            if getattr(user, "is_authenticated", False):
                facts.forget(user)
        return response
