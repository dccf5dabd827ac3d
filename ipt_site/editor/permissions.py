"""Who may use the editor: the "Content editors" group (staff users added to it). Its
rights are the admin's model permissions on the page list (`editor.*_contentpage`)."""

GROUP_NAME = "Content editors"
