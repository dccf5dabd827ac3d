from django.contrib import admin

from .models import Synonym


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    """Everyday words and the words the pages use: the next search uses a change."""

    list_display = ("words", "also_find", "note")
    search_fields = ("words", "also_find")
