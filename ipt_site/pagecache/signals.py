"""Model signals that start a new data version when anything public pages show changes."""

from django.apps import apps
from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save

from .purge import data_changed

M2M_ACTIONS = {"post_add", "post_remove", "post_clear"}


def _saved_or_deleted(sender, **kwargs):
    data_changed()


def _links_changed(sender, action, **kwargs):
    if action in M2M_ACTIONS:
        data_changed()


def connect():
    # Connected per model (never for every sender), so other apps' bulk deletes keep
    # Django's fast path; auto-created many-to-many link tables are included.
    for label in settings.PAGE_CACHE_DATA_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            uid = f"pagecache-{model._meta.label_lower}"
            post_save.connect(_saved_or_deleted, sender=model, dispatch_uid=uid + "-save")
            post_delete.connect(_saved_or_deleted, sender=model, dispatch_uid=uid + "-delete")
            if model._meta.auto_created:
                m2m_changed.connect(_links_changed, sender=model, dispatch_uid=uid + "-links")
