"""What other apps can follow: the content rows changed (sent by sync, inside its
transaction). `urls` are the addresses whose pages were added, changed or removed;
`everything` is True when every page should be treated as changed (a first sync)."""

from django.dispatch import Signal

content_changed = Signal()
