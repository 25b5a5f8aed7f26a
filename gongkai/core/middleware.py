"""Staff sessions end after a while without activity (等保2.0 三级: 登录连接超时自动退出).

A signed-in user's session records when it was last used; a request that comes more than
`GONGKAI_STAFF_IDLE_TIMEOUT` seconds (default 30 minutes) after that logs the user out first, and
says so on the login page. The session's maximum age is Django's SESSION_COOKIE_AGE. Applicants
have no account: their short-lived receipt codes (15 minutes) are not affected.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout

LAST_SEEN = "gongkai_last_seen"
# The session is written at most once a minute for the timestamp alone.
_RESOLUTION = 60
MSG_TIMED_OUT = "由于{minutes}分钟未操作，您已自动退出登录，请重新登录。"


class StaffIdleTimeoutMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timeout = settings.GONGKAI_STAFF_IDLE_TIMEOUT
            now = int(time.time())
            last = request.session.get(LAST_SEEN)
            if last is not None and now - last > timeout:
                logout(request)
                messages.warning(request, MSG_TIMED_OUT.format(minutes=timeout // 60))
            elif last is None or now - last >= _RESOLUTION:
                request.session[LAST_SEEN] = now
        return self.get_response(request)
