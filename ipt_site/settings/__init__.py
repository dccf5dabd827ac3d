"""Settings for the IPT site, read from the environment, split by concern.

Every variable is listed with its default in README.md. Local use needs none of them
except DJANGO_DEBUG=true (which `make run` sets); production needs DJANGO_SECRET_KEY and
DJANGO_ALLOWED_HOSTS at least.

- base: Django itself (apps, middleware, database, cache, email, static and media files)
- practice: the practice's details, enquiries, therapist accounts and the directory
- security: HTTPS, headers, CSP, lockout, sessions, two-step sign-in, health
- content: the content engine, the editor and the response cache
- help: the quick exit (help lines are admin-editable rows: ipt_site/helplines)
"""

from .base import *  # noqa: F403
from .content import *  # noqa: F403
from .help import *  # noqa: F403
from .practice import *  # noqa: F403
from .security import *  # noqa: F403
