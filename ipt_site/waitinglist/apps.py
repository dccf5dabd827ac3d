from django.apps import AppConfig


class WaitingListConfig(AppConfig):
    name = "ipt_site.waitinglist"
    label = "waitinglist"
    # Sorted beside "Enquiries" in the admin.
    verbose_name = "Enquiries: waiting list"

    def ready(self):
        from . import receivers  # noqa: F401  (connects to therapists' availability_opened)
