"""The public API's rate limit: per client address, for everyone alike.

The API authenticates no one, so DRF's ``AnonRateThrottle`` would key on ``REMOTE_ADDR`` (or on
``X-Forwarded-For`` as far as ``NUM_PROXIES`` says). We key on :func:`core.http.client_address`,
the one answer to "who is this client" that the login throttle and the contact form use too, so a
forged ``X-Forwarded-For`` cannot buy a fresh allowance. The counters live in the default cache
(Redis in production), shared by every app worker. Wagtail's admin API is not limited: it is
for signed-in editors, and its own choosers call it many times a minute.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from partnerstvo.core.http import client_address


class PublicApiThrottle(SimpleRateThrottle):
    scope = "anon"
    cache_format = "api-throttle:%(scope)s:%(ident)s"

    def get_rate(self):
        # Read at each request, not when the class is defined, so that a change of
        # REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] takes effect (DRF reloads api_settings).
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}
