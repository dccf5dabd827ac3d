"""The editor's own pages, in the admin's look (ContentPageAdmin.get_urls registers
them), and the public preview link."""
