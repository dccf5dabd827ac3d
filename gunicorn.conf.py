"""gunicorn settings read from the project folder (gunicorn loads ./gunicorn.conf.py itself).

Access log lines leave out the query string and the referrer: what someone types into the
site search (which can be health information) travels in the query string, and the page
they go to next names the search in its Referer header. The path, method, status, size,
time and user agent are still logged. Options given on the command line win over these.
"""

access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(a)s" %(D)sus'
