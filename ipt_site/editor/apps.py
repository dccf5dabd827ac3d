from django.apps import AppConfig


class EditorConfig(AppConfig):
    name = "ipt_site.editor"
    verbose_name = "Content editor"
