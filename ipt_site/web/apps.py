from axes import apps as _axes
from django.apps import AppConfig
from django_otp.plugins.otp_static import apps as _otp_static
from django_otp.plugins.otp_totp import apps as _otp_totp
from django_tasks_db import apps as _tasks_db


class WebConfig(AppConfig):
    """Site glue: /health/, /robots.txt, security.txt, the error views, media, the app
    sitemap; and what every app shares: emails, the task queue and its admin, middleware."""

    name = "ipt_site.web"
    default = True  # this module holds other apps' configs too (below)
    verbose_name = "Site"

    def ready(self):
        from django.apps import apps as django_apps
        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed, post_migrate

        from ipt_site.pages import links

        from . import edge
        from .redirects import new_url_for
        from .sites import remember_site, update_site
        from .staff import make_group_members_staff

        edge.register()  # the edge purge task, for pagecache.purge (below this floor)

        m2m_changed.connect(
            make_group_members_staff,
            sender=get_user_model().groups.through,
            dispatch_uid="web.staff.make_group_members_staff",
        )
        # After django.contrib.sites has made its example.com row (its handler, for the
        # same sender, was connected first).
        post_migrate.connect(
            update_site,
            sender=django_apps.get_app_config("sites"),
            dispatch_uid="web.sites.update_site",
        )
        remember_site()
        # A link to a moved page's old address says where the page is now.
        links.register_moved("redirects", new_url_for)


# Apps from libraries, under names an admin understands (the admin's home page showed
# "AXES", "OTP_STATIC" and "OTP_TOTP"). Listed in INSTALLED_APPS instead of the library's.
class AxesConfig(_axes.AppConfig):
    verbose_name = "Sign-in lockouts"


class OTPTOTPConfig(_otp_totp.DefaultConfig):
    verbose_name = "Two-step sign-in: authenticator apps"


class OTPStaticConfig(_otp_static.DefaultConfig):
    verbose_name = "Two-step sign-in: recovery codes"


class TasksDatabaseConfig(_tasks_db.TasksAppConfig):
    verbose_name = "Background tasks"
