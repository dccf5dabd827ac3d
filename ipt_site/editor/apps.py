from django.apps import AppConfig


class EditorConfig(AppConfig):
    name = "ipt_site.editor"
    verbose_name = "Content editor"

    def ready(self):
        from ipt_site.pages import links

        from .views.preview_link import preview_exists

        links.register("editor_preview", preview_exists)
