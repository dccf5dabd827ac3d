"""Who may use the editor: the "Content editors" group (staff users added to it)."""

GROUP_NAME = "Content editors"
# The editor's rights are the permissions on its page list (files are not models).
VIEW = "editor.view_contentpage"
ADD = "editor.add_contentpage"
CHANGE = "editor.change_contentpage"
DELETE = "editor.delete_contentpage"
