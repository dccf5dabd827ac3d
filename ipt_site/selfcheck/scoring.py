"""The two self-checks as plain data and small pure functions: no Django, no storage.

Mood check: the PHQ-9 (Kroenke, Spitzer & Williams 2001). Nine items about the last two
weeks, each scored 0-3, a total of 0-27 in five bands, and an unscored question about how
hard the problems have made daily life. Item 9 asks about thoughts of being better off
dead or of self-harm: any answer other than "not at all" shows urgent help first.

Problem-area navigator: eight yes / no / not sure questions, two for each of IPT's four
problem areas. It suggests areas that may be worth talking about; it is not a test.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# --- Mood check (PHQ-9) ---------------------------------------------------------------

PHQ9_STEM = (
    "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
)

# The published item wording, a to i (British spelling only where it differs).
PHQ9_ITEMS = (
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself — or that you are a failure or have let yourself or your "
    "family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite — "
    "being so fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
)

# Question 9 (index 8): thoughts of being better off dead or of self-harm.
SAFETY_ITEM = 9

PHQ9_CHOICES = (
    (0, "Not at all"),
    (1, "Several days"),
    (2, "More than half the days"),
    (3, "Nearly every day"),
)

DIFFICULTY_QUESTION = (
    "If you checked off any problems, how difficult have these problems made it for you to "
    "do your work, take care of things at home, or get along with other people?"
)
DIFFICULTY_CHOICES = (
    ("not", "Not difficult at all"),
    ("somewhat", "Somewhat difficult"),
    ("very", "Very difficult"),
    ("extremely", "Extremely difficult"),
)

PHQ9_MAX = 3 * len(PHQ9_ITEMS)

PHQ9_CREDIT = (
    "The PHQ-9 was developed by Drs Robert L. Spitzer, Janet B. W. Williams, Kurt Kroenke "
    "and colleagues, with an educational grant from Pfizer Inc. No permission is required "
    "to reproduce, translate, display or distribute it."
)
PHQ9_REFERENCE = (
    "Kroenke, K., Spitzer, R. L. & Williams, J. B. W. (2001). The PHQ-9: validity of a "
    "brief depression severity measure. Journal of General Internal Medicine, 16(9), 606–613."
)


@dataclass(frozen=True)
class Band:
    key: str
    label: str  # the published name of the band, e.g. "Moderately severe"
    low: int
    high: int
    summary: str  # one kind sentence about the score
    meaning: str  # what it may mean and what may help, in plain words


BANDS = (
    Band(
        key="minimal",
        label="Minimal",
        low=0,
        high=4,
        summary="Your answers suggest few or no signs of low mood over the last two weeks.",
        meaning=(
            "Everyone has hard days, and a low score does not mean your feelings do not "
            "count. If something is troubling you, it is still worth talking about."
        ),
    ),
    Band(
        key="mild",
        label="Mild",
        low=5,
        high=9,
        summary="Your answers suggest some signs of low mood over the last two weeks.",
        meaning=(
            "Low mood at this level often comes and goes, but it can still make life "
            "harder. Keep an eye on how you feel. If it lasts, or gets worse, talk to your "
            "GP. Talking therapies such as IPT may help."
        ),
    ),
    Band(
        key="moderate",
        label="Moderate",
        low=10,
        high=14,
        summary=(
            "Your answers suggest that low mood has been affecting you over the last two weeks."
        ),
        meaning=(
            "Feeling like this can make everyday things harder. It is a good idea to talk "
            "to your GP about how you have been. Many people find that a talking therapy, "
            "such as IPT, helps."
        ),
    ),
    Band(
        key="moderately-severe",
        label="Moderately severe",
        low=15,
        high=19,
        summary=(
            "Your answers suggest that low mood has been weighing on you heavily over the "
            "last two weeks."
        ),
        meaning=(
            "Please talk to your GP soon, ideally in the next few days. You do not have to "
            "feel like this on your own. Support such as talking therapy, medicine, or both, "
            "helps many people feel better."
        ),
    ),
    Band(
        key="severe",
        label="Severe",
        low=20,
        high=27,
        summary=(
            "Your answers suggest that low mood has been weighing on you very heavily over "
            "the last two weeks."
        ),
        meaning=(
            "Please talk to your GP today if you can. If you cannot get an appointment "
            'today, call the NHS line for where you live, listed under "If you need help '
            'today" at the foot of this page. You deserve support now. Many people who '
            "feel this way do get better with the right support."
        ),
    ),
)


def phq9_total(answers: Sequence[int]) -> int:
    """The sum of nine answers, each 0-3. Anything else is a programming error."""
    if len(answers) != len(PHQ9_ITEMS):
        raise ValueError(f"expected {len(PHQ9_ITEMS)} answers, got {len(answers)}")
    for answer in answers:
        if isinstance(answer, bool) or not isinstance(answer, int) or not 0 <= answer <= 3:
            raise ValueError(f"each answer must be a whole number from 0 to 3, got {answer!r}")
    return sum(answers)


def phq9_band(total: int) -> Band:
    for band in BANDS:
        if band.low <= total <= band.high:
            return band
    raise ValueError(f"a PHQ-9 total is from 0 to {PHQ9_MAX}, got {total!r}")


def needs_urgent_help(answers: Sequence[int]) -> bool:
    """True when question 9 was answered anything other than "not at all"."""
    return answers[SAFETY_ITEM - 1] != 0


# --- Which area fits me? ----------------------------------------------------------------


@dataclass(frozen=True)
class Area:
    slug: str
    title: str  # the title of its explainer page
    about: str  # one line in plain words

    @property
    def url(self) -> str:
        return f"/problem-areas/{self.slug}/"

    @property
    def directory_url(self) -> str:
        return f"/therapists/?area={self.slug}"


# In the order the explainer pages use.
AREAS = (
    Area(
        "grief",
        "Grief and loss",
        "When someone close to you has died and the grief feels stuck.",
    ),
    Area(
        "role-disputes",
        "Conflict with someone close",
        "When you and someone who matters want different things and it keeps going wrong.",
    ),
    Area(
        "role-transitions",
        "Big life changes",
        "When a change in your life has shaken your sense of who you are.",
    ),
    Area(
        "interpersonal-deficits",
        "Loneliness and isolation",
        "When you have felt cut off for a long time, or close bonds are hard to make or keep.",
    ),
)

YES, NO, NOT_SURE = "yes", "no", "not-sure"
NAVIGATOR_CHOICES = ((YES, "Yes"), (NO, "No"), (NOT_SURE, "Not sure"))


@dataclass(frozen=True)
class NavigatorQuestion:
    key: str
    text: str
    hint: str
    area: str  # an Area slug
    yes_reason: str  # why the area is suggested, in the person's terms
    unsure_reason: str


NAVIGATOR_QUESTIONS = (
    NavigatorQuestion(
        key="loss_stuck",
        text="Has someone close to you died, and do you still feel stuck in your grief?",
        hint="It does not matter how long ago it was. Stuck can mean the pain has not eased, "
        "or that you cannot feel it at all.",
        area="grief",
        yes_reason="You said someone close to you has died and you still feel stuck.",
        unsure_reason="You were not sure whether you still feel stuck after a death.",
    ),
    NavigatorQuestion(
        key="loss_mood",
        text="Did your low mood start, or get worse, after someone close to you died?",
        hint="",
        area="grief",
        yes_reason="You said your mood dipped after someone close to you died.",
        unsure_reason="You were not sure whether your mood dipped after a death.",
    ),
    NavigatorQuestion(
        key="conflict_returns",
        text="Is there a conflict with someone important to you that keeps coming back?",
        hint="Anyone who matters to you counts: at home, in your family, among friends or at work.",
        area="role-disputes",
        yes_reason="You said a conflict with someone important keeps coming back.",
        unsure_reason="You were not sure whether a conflict keeps coming back.",
    ),
    NavigatorQuestion(
        key="conflict_stuck",
        text=(
            "Do you feel that you and someone close to you want different things, "
            "and you cannot talk it through?"
        ),
        hint="",
        area="role-disputes",
        yes_reason="You said you and someone close want different things and feel stuck.",
        unsure_reason="You were not sure whether you and someone close want different things.",
    ),
    NavigatorQuestion(
        key="change_mood",
        text="Has a big change in your life come with low mood?",
        hint="For example a new baby, a split, a move, a new job or losing one, an illness, "
        "or retiring.",
        area="role-transitions",
        yes_reason="You said a big change in your life came with low mood.",
        unsure_reason="You were not sure whether a big change came with low mood.",
    ),
    NavigatorQuestion(
        key="change_identity",
        text="Since a change in your life, do you miss how things were, or feel unsure "
        "who you are now?",
        hint="",
        area="role-transitions",
        yes_reason="You said you miss how things were, or feel unsure who you are now.",
        unsure_reason="You were not sure whether a change has left you missing how things were.",
    ),
    NavigatorQuestion(
        key="lonely",
        text="Do you often feel lonely, or cut off from other people?",
        hint="",
        area="interpersonal-deficits",
        yes_reason="You said you often feel lonely or cut off.",
        unsure_reason="You were not sure whether you often feel lonely or cut off.",
    ),
    NavigatorQuestion(
        key="relationships_hard",
        text="Do you find it hard to start relationships, or to keep them going?",
        hint="Friendships count, as well as partners.",
        area="interpersonal-deficits",
        yes_reason="You said it is hard to start relationships or keep them going.",
        unsure_reason="You were not sure whether starting or keeping relationships is hard.",
    ),
)


@dataclass(frozen=True)
class Suggestion:
    area: Area
    reasons: tuple[str, ...]
    certain: bool  # at least one "yes" (otherwise only "not sure")


def area_suggestions(answers: Mapping[str, str]) -> list[Suggestion]:
    """The areas worth talking about, in the order of AREAS, each with its reasons.

    An area is suggested when any of its questions was answered yes or not sure; missing
    or unknown answers count as no.
    """
    suggestions = []
    for area in AREAS:
        reasons = []
        certain = False
        for question in NAVIGATOR_QUESTIONS:
            if question.area != area.slug:
                continue
            answer = answers.get(question.key)
            if answer == YES:
                reasons.append(question.yes_reason)
                certain = True
            elif answer == NOT_SURE:
                reasons.append(question.unsure_reason)
        if reasons:
            suggestions.append(Suggestion(area=area, reasons=tuple(reasons), certain=certain))
    return suggestions
