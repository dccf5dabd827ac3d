"""What goes live or comes down in the weeks ahead, day by day (scheduled publishing)."""

from ipt_site.editor.schedule import WEEKS_AHEAD, due_rows

from .base import EditorView


class DueView(EditorView):
    template_name = "admin/editor/contentpage/due.html"

    def get(self, request):
        return self.render("Due to go live or come down", days=due_rows(), weeks=WEEKS_AHEAD)
