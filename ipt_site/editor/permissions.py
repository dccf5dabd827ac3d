"""Who may use the editor: the "Content editors" group (staff users added to it). Its
rights are the admin's model permissions on the page list (`editor.*_contentpage`)."""

GROUP_NAME = "Content editors"

# Clinical reviewers approve or send back changes to pages that need clinical review
# (editor/review.py); the right is the `editor.review_pendingversion` permission.
REVIEWERS_GROUP = "Clinical reviewers"
REVIEW_PERMISSION = "editor.review_pendingversion"
