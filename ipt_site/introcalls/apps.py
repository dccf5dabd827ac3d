from django.apps import AppConfig


class IntroCallsConfig(AppConfig):
    name = "ipt_site.introcalls"
    label = "introcalls"
    # Sorted beside "Enquiries" in the admin: the same people handle both.
    verbose_name = "Enquiries: free introductory calls"
