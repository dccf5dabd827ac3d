"""Admin list filters the apps share."""

from django.contrib import admin


class WithoutAllFilter(admin.SimpleListFilter):
    """A list filter whose choices are only its own: Django's "All" link is left out, for
    lists that open on a default view (the inbox's open enquiries, upcoming calls)."""

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }
