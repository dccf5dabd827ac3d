"""Therapist photos on a single machine with DEBUG off.

Photos are few and small (at most 60 KB each), so the app can serve them itself with
long cache headers; a larger site puts them behind nginx or in an object store
(docs/deployment.md). `django.views.static.serve` refuses paths outside MEDIA_ROOT.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control
from django.views.static import serve


def serve_media(request, path):
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    patch_cache_control(response, public=True, max_age=settings.MEDIA_CACHE_SECONDS)
    return response
