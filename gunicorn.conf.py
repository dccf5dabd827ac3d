"""gunicorn settings read from the project folder (gunicorn loads ./gunicorn.conf.py itself).

Access log lines leave out the query string and the referrer: what someone types into the
site search (which can be health information) travels in the query string, and the page
they go to next names the search in its Referer header. The path, method, status, size,
time and user agent are still logged. Options given on the command line win over these.
"""

access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(a)s" %(D)sus'

# Restarts no one notices (docs/deployment.md, "Reloads and restarts"):
# `kill -HUP <master>` starts new workers with the new code, then lets the old
# ones finish their requests: the listening socket never closes, so nothing is lost
# (tests/web/test_shared_servers.py). That needs each worker to import the app itself,
# not the master once (preload_app off), or a reload would keep the old code.
preload_app = False
# How long old workers may finish their requests after HUP or TERM (an enquiry's slowest
# path and the guide PDF built afresh each take under a second).
graceful_timeout = 30
# A worker silent this long is killed and replaced; nginx gives up on it sooner
# (proxy_read_timeout) and tries another server for GETs.
timeout = 30
