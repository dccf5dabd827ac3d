from django.utils.functional import SimpleLazyObject

from . import selectors


def urgent_help(request):
    """`urgent_help` for the panel on every page; read only by templates that show it."""
    return {"urgent_help": SimpleLazyObject(lambda: selectors.current(request))}
