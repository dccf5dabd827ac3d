"""Fees in words, and the estimated cost of a course of IPT. Plain functions, no database.

A course of IPT is usually 12 to 16 weekly sessions (Weissman, Markowitz & Klerman 2018;
the Getting IPT page says the same), so a course costs between 12 times the lowest fee and
16 times the highest.
"""

COURSE_SESSIONS = (12, 16)
# Whole pounds a session: below or above these is a typing slip, not a fee.
FEE_LOWEST = 1
FEE_HIGHEST = 999
# The directory's "up to £..." choices.
FEE_STEPS = (40, 50, 60, 70, 80, 90, 100, 120)


def pounds(amount: int) -> str:
    return f"£{amount:,}"


def fee_range(fee_min, fee_max):
    """(lowest, highest) of a fee or range, or None when no fee is given."""
    if fee_min is None:
        return None
    return fee_min, fee_max if fee_max is not None and fee_max > fee_min else fee_min


def fee_text(fee_min, fee_max) -> str:
    """ "£60 a session", "£50 to £80 a session", or "" when there is no fee."""
    span = fee_range(fee_min, fee_max)
    if span is None:
        return ""
    low, high = span
    if low == high:
        return f"{pounds(low)} a session"
    return f"{pounds(low)} to {pounds(high)} a session"


def course_cost(fee_min, fee_max):
    """(lowest, highest) estimated cost of a whole course, or None when there is no fee."""
    span = fee_range(fee_min, fee_max)
    if span is None:
        return None
    fewest, most = COURSE_SESSIONS
    return span[0] * fewest, span[1] * most


def course_cost_text(fee_min, fee_max) -> str:
    """ "About £720 to £960 for 12 to 16 sessions", or "" when there is no fee."""
    cost = course_cost(fee_min, fee_max)
    if cost is None:
        return ""
    fewest, most = COURSE_SESSIONS
    return f"About {pounds(cost[0])} to {pounds(cost[1])} for {fewest} to {most} sessions"


def fee_errors(fee_min, fee_max) -> dict:
    """Field name -> message for a fee that does not make sense; empty when it does."""
    if fee_max is not None and fee_min is None:
        return {"fee_min": "Enter the lowest fee too, or leave both empty."}
    if fee_max is not None and fee_min is not None and fee_max < fee_min:
        return {"fee_max": "The highest fee must be more than the lowest, or left empty."}
    return {}
