"""Who may read /health/'s details (which server is down): this machine, or a monitor
that sends IPT_HEALTH_TOKEN. Everyone else, load balancers included, gets the status
code and {"status": ...} only."""

import ipaddress

from django.conf import settings
from django.utils.crypto import constant_time_compare

from ipt_site.web.clientip import client_address


def may_see_details(request) -> bool:
    token = settings.HEALTH_TOKEN
    if token:
        sent = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if sent and constant_time_compare(sent, token):
            return True
    try:
        # The client as the trusted proxies saw it: behind a proxy on this machine,
        # REMOTE_ADDR is always the loopback, so it alone would show details to anyone.
        return ipaddress.ip_address(client_address(request)).is_loopback
    except ValueError:
        return False
