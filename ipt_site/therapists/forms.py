"""The directory's filter form (GET). It never fails: unknown values are dropped and noted."""

from django import forms

LOCATION_MAX = 80
TRUE_VALUES = {"1", "on", "true", "yes"}
FALSE_VALUES = {"", "0", "off", "false", "no"}
IGNORED_MESSAGE = "We ignored a filter value we did not recognise."


class DirectoryFilterForm(forms.Form):
    area = forms.MultipleChoiceField(required=False, label="Problem area")
    format = forms.MultipleChoiceField(required=False, label="Session format")
    age = forms.MultipleChoiceField(required=False, label="Client age")
    language = forms.ChoiceField(required=False, label="Language")
    location = forms.CharField(required=False, max_length=LOCATION_MAX, label="Town or area")
    accepting = forms.CharField(required=False, label="Only show therapists accepting new clients")

    MULTI = ("area", "format", "age")

    def __init__(self, data, *, lookups):
        super().__init__(data)
        self.lookups = lookups
        for name in self.MULTI:
            self.fields[name].choices = [(c.slug, c.name) for c in lookups[name]]
        self.fields["language"].choices = [("", "Any language")] + [
            (c.slug, c.name) for c in lookups["language"]
        ]

    def _lenient_multi(self, name):
        valid = {slug for slug, _ in self.fields[name].choices}
        raw = self.data.getlist(name) if hasattr(self.data, "getlist") else []
        kept = [value for value in dict.fromkeys(raw) if value in valid]
        return kept, len(kept) < len([value for value in raw if value != ""])

    def filters(self):
        """The filters to apply, as keyword arguments of `filter_directory`.

        Sets `self.ignored` when any value had to be dropped.
        """
        self.is_valid()  # runs field validation; we read what survived
        cleaned = getattr(self, "cleaned_data", {})
        ignored = False
        result = {}
        for name, key in (("area", "areas"), ("format", "formats"), ("age", "ages")):
            result[key], dropped = self._lenient_multi(name)
            ignored |= dropped
        for name in ("language", "location"):
            if name in self.errors:
                ignored = True
                result[name] = ""
            else:
                result[name] = " ".join(cleaned.get(name, "").split())
        accepting = (self.data.get("accepting") or "").strip().lower()
        if accepting in TRUE_VALUES:
            result["accepting"] = True
        else:
            result["accepting"] = False
            ignored |= accepting not in FALSE_VALUES
        self.ignored = ignored
        return result
