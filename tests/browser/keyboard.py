"""Keyboard helpers for the browser tests: move focus with Tab alone, check it shows."""


def focused_is_visible_with_ring(page) -> bool:
    """The focused element (or its ::after, for whole-card links) shows a ring."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body) return false;
            const ring = (s) => (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2)
                || (s.boxShadow && s.boxShadow !== 'none');
            const r = el.getBoundingClientRect();
            return (ring(getComputedStyle(el)) || ring(getComputedStyle(el, '::after')))
                && r.width > 0 && r.height > 0;
        }"""
    )


def tab_to(page, locator, *, limit=80, backwards=False, ring=True) -> None:
    """Press Tab (Shift+Tab backwards) until `locator` has focus, at most `limit` times.

    The focus ring must show there, unless ring=False (the admin's pages keep Django's
    own focus style).
    """
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if locator.evaluate("el => el === document.activeElement"):
            assert not ring or focused_is_visible_with_ring(page), "focus is not visible on " + (
                page.evaluate("document.activeElement.outerHTML.slice(0, 200)")
            )
            return
    raise AssertionError(f"never reached {locator}")


def active_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def tab_to_id(page, element_id: str, *, limit: int = 80) -> None:
    """Press Tab until the element with this id has focus (keyboard only, no clicks)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if active_id(page) == element_id:
            return
    raise AssertionError(f"Tab never reached #{element_id}")


def assert_focus_visible(page) -> None:
    style = page.evaluate(
        """() => {
            const s = getComputedStyle(document.activeElement);
            return {style: s.outlineStyle, width: parseFloat(s.outlineWidth)};
        }"""
    )
    assert style["style"] != "none" and style["width"] >= 2, style
