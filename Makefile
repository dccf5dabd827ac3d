# Everything runs inside .venv, created on first use from pyproject.toml.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
# Local development only: `make run` turns debugging on, nothing else does.
RUN_ENV := DJANGO_DEBUG=true

# `make serve`: production settings (DEBUG off, hashed static files, gunicorn) over plain
# http on this machine only, so the HTTPS-only settings are relaxed here and nowhere else.
SERVE_ENV := DJANGO_DEBUG=false \
	DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-make-serve-local-only-$$(hostname)-not-for-production} \
	DJANGO_ALLOWED_HOSTS=$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost} \
	DJANGO_SECURE_SSL_REDIRECT=false DJANGO_SECURE_COOKIES=false DJANGO_SECURE_HSTS_SECONDS=0

.PHONY: install run serve test test-fast lint format check check-content bench-pages bench-directory bench-scale bench-resource-pdf bench-ratelimit bench-editor bench-search bench-mail bench-faults bench-cache bench-edge bench-edge-floor css load-enquiries lighthouse readability clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The server runs in front; beside it, each in its own process group that the trap stops
# with the server (Ctrl+C too): the task worker (emails, search index: manage.py db_worker)
# and the content watcher (a file saved in content/ is live within a second). Start
# another helper the same way: `setsid CMD & jobs="$$jobs -$$!";`
run: $(STAMP)
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py load_demo_therapists --if-empty
	$(RUN_ENV) $(PY) manage.py sync_content
	@jobs=""; trap 'kill -TERM $$jobs 2>/dev/null' EXIT INT TERM; \
	$(RUN_ENV) setsid $(PY) manage.py db_worker & jobs="$$jobs -$$!"; \
	$(RUN_ENV) setsid $(PY) manage.py sync_content --watch & jobs="$$jobs -$$!"; \
	$(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:8000

serve: $(STAMP)
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(SERVE_ENV) $(PY) manage.py migrate --noinput
	$(SERVE_ENV) $(PY) manage.py sync_content
	$(SERVE_ENV) $(PY) manage.py load_demo_therapists --if-empty
	# Access log lines leave out query strings and referrers (gunicorn.conf.py): search
	# words can be health information. The task worker runs beside gunicorn, as in `run`.
	@jobs=""; trap 'kill -TERM $$jobs 2>/dev/null' EXIT INT TERM; \
	$(SERVE_ENV) setsid $(PY) manage.py db_worker & jobs="$$jobs -$$!"; \
	$(SERVE_ENV) $(VENV)/bin/gunicorn ipt_site.wsgi --bind 127.0.0.1:8000 --workers 2 \
		--access-logfile - --error-logfile -

# ruff, then the floors: imports only point down (.importlinter; ARCHITECTURE.md "Floors").
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Code and settings first (no database); then the content findings, which have their own
# tag and need a database (kept out of `check --deploy`): on a throwaway SQLite file.
CHECK_DB := DJANGO_SETTINGS_MODULE=tests.settings DATABASE_URL=sqlite:///var/check-content.sqlite3 CACHE_URL=locmemcache://
check: $(STAMP)
	DJANGO_SETTINGS_MODULE=tests.settings $(PY) manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=tests.settings $(PY) manage.py makemigrations --check --dry-run
	@mkdir -p var && rm -f var/check-content.sqlite3
	$(CHECK_DB) $(PY) manage.py migrate --noinput -v 0
	$(CHECK_DB) $(PY) manage.py sync_content -v 0
	$(CHECK_DB) $(PY) manage.py check --tag content --database default --fail-level WARNING

# For staff: every problem in content/, file by file (the same checks as the editor).
check-content: $(STAMP)
	@$(RUN_ENV) $(PY) manage.py check_content

# The suite runs on every core (pytest-xdist; each worker has its own test database).
# `--dist load` hands tests out in collection order, so each worker runs the browser
# tests (collected last: they flush the database) after all its others. TEST_WORKERS=1
# for one process.
TEST_WORKERS ?= auto
PYTEST := $(PY) -m pytest -n $(TEST_WORKERS) --dist load

test: lint check
	$(PYTEST)

# The inner loop: every test but the browser ones, in parallel, without lint and checks.
test-fast: $(STAMP)
	$(PYTEST) -m "not browser"

bench-pages: $(STAMP)
	$(PY) scripts/bench_pages.py

bench-directory: $(STAMP)
	$(PY) scripts/bench_directory.py

bench-scale: $(STAMP)
	$(PY) scripts/bench_scale.py

bench-resource-pdf: $(STAMP)
	$(PY) scripts/bench_resource_pdf.py

bench-ratelimit: $(STAMP)
	$(PY) scripts/bench_ratelimit.py
bench-editor: $(STAMP)
	$(PY) scripts/bench_editor.py

bench-search: $(STAMP)
	$(PY) scripts/bench_search.py

# Enquiry and forgot-password latency with a mail server that never answers vs a healthy one.
bench-mail: $(STAMP)
	$(PY) scripts/bench_mail.py

bench-faults: $(STAMP)
	$(PY) scripts/bench_faults.py

# Page-cache hits in Redis against local memory, and entries shared by two installs:
# main (git archive) and this checkout side by side.
bench-cache: $(STAMP)
	$(PY) scripts/bench_cache.py

bench-edge: $(STAMP)
	$(PY) scripts/bench_edge.py

# Where an nginx cache hit's cost goes: the site's stored headers, only those a cache
# needs, no log line for hits, and nginx's optional work taken out, each against the same
# bytes from disk, with nginx and wrk on a core each.
bench-edge-floor: $(STAMP)
	$(PY) scripts/bench_edge_floor.py

readability: $(STAMP)
	$(PY) scripts/readability.py

load-enquiries: $(STAMP)
	$(PY) scripts/load_enquiries.py

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

# The Bootstrap subset (static/vendor/bootstrap/bootstrap.subset.css): compiled from
# Bootstrap's Sass with only the parts and classes the templates, content and code use.
# Re-run after adding pages or templates; commit the output (`make run` needs no Node).
css: $(STAMP) node_modules/.package-lock.json
	node scripts/build_css.mjs "$$($(PY) -c 'import crispy_bootstrap5, os; print(os.path.dirname(crispy_bootstrap5.__file__))')"

lighthouse: $(STAMP) node_modules/.package-lock.json
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(PY) scripts/lighthouse.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache node_modules var screenshots
