"""Numbering of sibling lists: duplicates, skips, restarts per group."""

from __future__ import annotations

from facts_factory import facts, finding, one, section

from engine.facts.numbering import check_sequence, children_numbering, document_order_problem, expected_ordinals


def test_duplicate_number_is_broken() -> None:
    check = check_sequence([1, 1, 3])
    assert check.broken and check.duplicates and check.skips
    assert check.describe() == "1, 1, 3"
    assert check.expected == (1, 2, 3)


def test_skip_and_going_back() -> None:
    assert check_sequence([1, 2, 4]).skips
    assert not check_sequence([1, 2, 4]).duplicates
    assert check_sequence([1, 3, 2]).skips


def test_fine_sequences() -> None:
    for ordinals in ([], [1], [1, 2, 3], [2, 3, 4], [8, 9, 10, 11]):
        check = check_sequence(ordinals)
        assert not check.broken and not check.duplicates and not check.skips


def test_unnumbered_items_are_left_out() -> None:
    assert not check_sequence([1, None, 2]).broken
    assert expected_ordinals([1, None, 1]) == [1, None, 2]


def test_children_problem_text() -> None:
    numbering = children_numbering([1, 2], [1, 1, 3])
    assert numbering.broken and numbering.duplicates
    assert numbering.problem() == "1, 1, 3"
    assert numbering.first == 1
    assert children_numbering([1, 3], [1, 1]).problem() == "1, 3; 1, 1"
    assert children_numbering([], []).problem() is None


def test_duplicate_finding_number_in_a_section() -> None:
    result = facts(sections=[section("(一)", 1, findings=[finding(1), finding(1), finding(3)])])
    sec = one(result, "section")
    assert sec["children_numbering_broken"] is True
    assert sec["children_duplicate_numbers"] is True
    assert sec["numbering_problem"] == "1, 1, 3"
    first, second, third = result.of("finding")
    assert first["numbering_ok"] is True
    assert (second["numbering_ok"], second["expected_ordinal"]) == (False, 2)
    assert third["numbering_ok"] is True


def test_restart_per_group_is_fine() -> None:
    # ganxian: (一) 1-7, (二) 1-2; numbering is per parent
    result = facts(sections=[section("二、", 2, sections=[
        section("(一)", 1, findings=[finding(n) for n in range(1, 8)]),
        section("(二)", 2, findings=[finding(1), finding(2)]),
    ])])
    for sec in result.of("section"):
        assert sec["children_numbering_broken"] is False
        assert "numbering_problem" not in sec
    assert all(f["numbering_ok"] for f in result.of("finding"))
    assert one(result, "section")["children_first_ordinal"] == 1
    assert one(result, "section")["numbering_ok"] is True


def test_numbering_continued_across_groups_is_fine() -> None:
    # yuzhou numbers its findings 1-28 across groups
    result = facts(sections=[section("(一)", 1, findings=[finding(1), finding(2)]),
                             section("(二)", 2, findings=[finding(3), finding(4)])])
    assert not any(s["children_numbering_broken"] for s in result.of("section"))


def test_top_level_sections_on_the_notice() -> None:
    result = facts(sections=[section("一、", 1), section("一、", 1), section("三、", 3)])
    notice = one(result, "notice")
    assert notice["children_numbering_broken"] is True
    assert notice["numbering_problem"] == "1, 1, 3"
    assert [s["numbering_ok"] for s in result.of("section")] == [True, False, True]


def test_fragment_starting_above_one_is_not_broken() -> None:
    result = facts(fragment=True, sections=[section("二、", 2), section("三、", 3)])
    notice = one(result, "notice")
    assert notice["children_numbering_broken"] is False
    assert notice["children_first_ordinal"] == 2
    assert notice["notice_fragment"] is True


def test_bullet_standing_for_a_lost_number() -> None:
    result = facts(sections=[section("•", 1, "提高思想认识"), section("二、", 2)])
    bullet, second = result.of("section")
    assert bullet["number_is_bullet"] is True and second["number_is_bullet"] is False
    assert bullet["section_path"] == "•"
    unnumbered = one(facts(sections=[{"heading": {"text": "无编号"}}]), "section")
    assert unnumbered["has_number"] is False
    assert "ordinal" not in unnumbered and "numbering_ok" not in unnumbered
    assert unnumbered["section_path"] == "#1"


def test_document_order_problem() -> None:
    # longjie: (一) 1., 1.; (二) 3., 4.
    assert document_order_problem([(1, 1), (1, 1), (2, 3), (2, 4)]) == "1, 1, 3"
    # ganxian restarts at 1 in each group; yuzhou runs on across groups
    assert document_order_problem([(1, 1), (1, 2), (2, 1), (2, 2)]) is None
    assert document_order_problem([(1, 1), (1, 2), (2, 3), (3, 4)]) is None
    # a break at a group boundary
    assert document_order_problem([(1, 1), (1, 2), (2, 2), (2, 3)]) == "2, 2, 3"
    assert document_order_problem([(1, 1), (1, 3)]) == "1, 3"
    assert document_order_problem([(1, None), (1, None)]) is None


def test_document_order_on_the_notice() -> None:
    broken = facts(sections=[section("(一)", 1, findings=[finding(1), finding(1)]),
                             section("(二)", 2, findings=[finding(3), finding(4)])])
    notice = one(broken, "notice")
    assert notice["findings_numbering_broken"] is True
    assert notice["findings_numbering_problem"] == "1, 1, 3"
    restart = facts(sections=[section("(一)", 1, findings=[finding(1), finding(2)]),
                              section("(二)", 2, findings=[finding(1)])])
    assert one(restart, "notice")["findings_numbering_broken"] is False
    assert "findings_numbering_problem" not in one(restart, "notice")


def test_kept_answers_are_not_shared_lists() -> None:
    """Answers are kept per list of ordinals: a caller changing its list changes no later answer."""
    first = expected_ordinals([1, 2, None, 4])
    first.append(99)
    assert expected_ordinals([1, 2, None, 4]) == [1, 2, None, 3]
    assert expected_ordinals((1, 2, None, 4)) == [1, 2, None, 3]
    assert check_sequence([2, 3]) is check_sequence((2, 3)) and check_sequence([2, 3]).first == 2
