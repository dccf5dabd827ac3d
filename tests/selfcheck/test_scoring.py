"""The pure scoring rules: PHQ-9 totals and bands at every boundary, the safety item, and
which problem areas the navigator suggests."""

import pytest

from ipt_site.selfcheck import scoring


def answers_for(total: int) -> list[int]:
    """Nine answers (0-3) adding up to `total`, question 9 left at 0."""
    answers = [0] * 9
    remaining = total
    for i in range(8):
        answers[i] = min(3, remaining)
        remaining -= answers[i]
    answers[8] = remaining
    assert remaining <= 3 and sum(answers) == total
    return answers


def test_there_are_nine_items_with_the_published_wording():
    assert len(scoring.PHQ9_ITEMS) == 9
    assert scoring.PHQ9_ITEMS[0] == "Little interest or pleasure in doing things"
    assert scoring.PHQ9_ITEMS[8] == (
        "Thoughts that you would be better off dead or of hurting yourself in some way"
    )
    assert [label for _, label in scoring.PHQ9_CHOICES] == [
        "Not at all",
        "Several days",
        "More than half the days",
        "Nearly every day",
    ]
    assert [value for value, _ in scoring.PHQ9_CHOICES] == [0, 1, 2, 3]
    assert scoring.PHQ9_MAX == 27


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately-severe"),
        (19, "moderately-severe"),
        (20, "severe"),
        (27, "severe"),
    ],
)
def test_total_and_band_at_every_boundary(total, band):
    answers = [3] * 9 if total == 27 else answers_for(total)
    assert scoring.phq9_total(answers) == total
    assert scoring.phq9_band(total).key == band


def test_bands_cover_0_to_27_without_gaps_or_overlaps():
    covered = [n for band in scoring.BANDS for n in range(band.low, band.high + 1)]
    assert covered == list(range(28))
    labels = [band.label for band in scoring.BANDS]
    assert labels == ["Minimal", "Mild", "Moderate", "Moderately severe", "Severe"]


@pytest.mark.parametrize("total", [-1, 28, 100])
def test_band_refuses_impossible_totals(total):
    with pytest.raises(ValueError):
        scoring.phq9_band(total)


@pytest.mark.parametrize(
    "answers",
    [[0] * 8, [0] * 10, [0] * 8 + [4], [0] * 8 + [-1], [0] * 8 + ["1"], [0] * 8 + [True]],
)
def test_total_refuses_bad_answers(answers):
    with pytest.raises(ValueError):
        scoring.phq9_total(answers)


@pytest.mark.parametrize("q9", [1, 2, 3])
@pytest.mark.parametrize("others", [0, 1, 3])
def test_any_answer_but_not_at_all_to_question_9_needs_urgent_help(q9, others):
    assert scoring.needs_urgent_help([others] * 8 + [q9])


def test_not_at_all_to_question_9_does_not_trigger_urgent_help_even_at_24():
    assert not scoring.needs_urgent_help([3] * 8 + [0])


def test_wording_is_kind_and_never_diagnoses():
    for band in scoring.BANDS:
        text = f"{band.summary} {band.meaning}".lower()
        assert "you have depression" not in text
        assert "you are depressed" not in text
        assert "diagnos" not in text


# --- Navigator -----------------------------------------------------------------------

KEYS = [q.key for q in scoring.NAVIGATOR_QUESTIONS]


def all_no(**overrides):
    return dict.fromkeys(KEYS, scoring.NO) | overrides


def test_five_to_eight_questions_each_tied_to_a_real_area():
    assert 5 <= len(scoring.NAVIGATOR_QUESTIONS) <= 8
    slugs = {area.slug for area in scoring.AREAS}
    assert {q.area for q in scoring.NAVIGATOR_QUESTIONS} == slugs
    assert len(set(KEYS)) == len(KEYS)


def test_areas_are_the_four_ipt_areas_with_explainer_and_directory_links():
    assert [(a.slug, a.url, a.directory_url) for a in scoring.AREAS] == [
        ("grief", "/problem-areas/grief/", "/therapists/?area=grief"),
        ("role-disputes", "/problem-areas/role-disputes/", "/therapists/?area=role-disputes"),
        (
            "role-transitions",
            "/problem-areas/role-transitions/",
            "/therapists/?area=role-transitions",
        ),
        (
            "interpersonal-deficits",
            "/problem-areas/interpersonal-deficits/",
            "/therapists/?area=interpersonal-deficits",
        ),
    ]


@pytest.mark.parametrize(
    ("key", "area"),
    [
        ("loss_stuck", "grief"),
        ("loss_mood", "grief"),
        ("conflict_returns", "role-disputes"),
        ("conflict_stuck", "role-disputes"),
        ("change_mood", "role-transitions"),
        ("change_identity", "role-transitions"),
        ("lonely", "interpersonal-deficits"),
        ("relationships_hard", "interpersonal-deficits"),
    ],
)
def test_each_yes_suggests_its_area_with_a_reason(key, area):
    suggestions = scoring.area_suggestions(all_no(**{key: scoring.YES}))
    assert [s.area.slug for s in suggestions] == [area]
    question = next(q for q in scoring.NAVIGATOR_QUESTIONS if q.key == key)
    assert suggestions[0].reasons == (question.yes_reason,)
    assert suggestions[0].certain is True


def test_not_sure_suggests_the_area_gently():
    (suggestion,) = scoring.area_suggestions(all_no(lonely=scoring.NOT_SURE))
    assert suggestion.area.slug == "interpersonal-deficits"
    assert suggestion.certain is False
    assert suggestion.reasons[0].startswith("You were not sure")


def test_all_no_suggests_nothing():
    assert scoring.area_suggestions(all_no()) == []
    assert scoring.area_suggestions({}) == []


def test_order_is_stable_whatever_the_answer_order():
    answers = all_no(
        relationships_hard=scoring.YES,
        loss_mood=scoring.NOT_SURE,
        change_mood=scoring.YES,
        conflict_stuck=scoring.YES,
    )
    reversed_answers = dict(reversed(list(answers.items())))
    for given in (answers, reversed_answers):
        assert [s.area.slug for s in scoring.area_suggestions(given)] == [
            "grief",
            "role-disputes",
            "role-transitions",
            "interpersonal-deficits",
        ]


def test_two_answers_for_one_area_give_two_reasons_and_one_suggestion():
    (suggestion,) = scoring.area_suggestions(
        all_no(loss_stuck=scoring.YES, loss_mood=scoring.NOT_SURE)
    )
    assert suggestion.area.slug == "grief"
    assert len(suggestion.reasons) == 2
    assert suggestion.certain is True
