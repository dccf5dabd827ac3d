"""Help for someone in crisis: the quick exit on every page.

The urgent-help panel's lines and the services pages signpost are no longer settings:
they are rows staff edit in the admin (Help lines, ipt_site/helplines/), so a number
changes without a deploy.
"""

from .base import env

# Where "Exit this page" goes (and three presses of Shift, with JavaScript): a neutral
# site that gives no hint of what the person was reading. GOV.UK's pattern uses BBC
# Weather. Must start with https://.
QUICK_EXIT_URL = env.str("IPT_QUICK_EXIT_URL", default="https://www.bbc.co.uk/weather")
