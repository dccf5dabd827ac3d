from django.apps import AppConfig


class EditorConfig(AppConfig):
    name = "ipt_site.editor"
    verbose_name = "Content editor"

    def ready(self):
        from ipt_site.pages import links

        from .redirects import new_url_for
        from .views import preview_exists

        # A link to a moved page's old address says where the page is now.
        links.register_moved("editor", new_url_for)
        links.register("editor_preview", preview_exists)
