"""The site's date and time formats (FORMAT_MODULE_PATH): a 24-hour clock everywhere.

Django's British English shows times as "1:26 p.m."; the admin's own lines (notes, status
history, the access log) say "13:26". One format for both.
"""
