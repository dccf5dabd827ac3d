from django.conf import settings
from django.core import checks


@checks.register()
def retention_outlasts_enquiries(app_configs, **kwargs):
    if settings.AUDIT_RETENTION_DAYS >= settings.ENQUIRY_RETENTION_DAYS:
        return []
    return [
        checks.Warning(
            "The enquiry access log is kept for less time than the enquiries: who opened "
            "an enquiry would be forgotten while the enquiry is still stored.",
            hint="Make IPT_AUDIT_RETENTION_DAYS at least IPT_ENQUIRY_RETENTION_DAYS.",
            id="ipt_site.W003",
        )
    ]
