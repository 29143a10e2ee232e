"""Long multi-document histories: time references, cell collection, day counts and retold
results that must not make events of their own."""

from __future__ import annotations

from tests.extraction_helpers import Facts, kinds


def test_a_date_before_after_his_transplant_is_no_transplant(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Donor chimerism 88% on 14/01/2022 after his transplant.\n",
            "b.txt": "Because of falling donor chimerism (88% on 10/01/2022) after his second "
            "transplant, he has received donor lymphocyte infusions.\n",
        }
    )
    assert [e.date for e in kinds(f, "transplant") if e.date] == []  # a time reference only
    assert [e.date for e in kinds(f, "dli")] == [None]  # the bracket's date is the value's
    assert sorted(m.date for m in f.measurements if m.analyte == "chimerism") == [
        "2022-01-10",
        "2022-01-14",
    ]


def test_collecting_cells_for_a_car_t_is_no_infusion(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Leukapheresis for CAR-T manufacture on 14/01/2021.\n",
            "b.txt": "Apheresis for tisagenlecleucel was performed on 14/01/2021.\n",
            "c.txt": "CD19 CAR-T apheresis on 14/01/2021; tisagenlecleucel infused 10/02/2021.\n",
        }
    )
    assert [e.date for e in kinds(f, "car_t")] == ["2021-02-10"]  # only the infusion


def test_a_conditioning_clause_after_day_0_leaves_the_transplant_its_date(facts: Facts) -> None:
    f = facts({"t.txt": "Transplant: MUD PBSC, Day 0 19/08/2021, conditioning FLU/BU4.\n"})
    got = [(e.date, e.confidence >= 0.9) for e in kinds(f, "transplant")]
    assert got == [("2021-08-19", True)]


def test_a_day_count_of_the_second_transplant_dates_the_gvhd_not_a_new_transplant(
    facts: Facts,
) -> None:
    f = facts(
        {
            "a.txt": "First allograft Day 0 07/05/2020.\nSecond allograft Day 0 19/08/2021.\n"
            "He developed acute GVHD of the gut, grade 3, on day +32 of the second "
            "transplant.\n",
            "b.txt": "Allograft Day 0 19/08/2021.\n"
            "She developed acute GVHD of the skin, grade 2, on day +20 post-transplant.\n",
        }
    )
    assert [e.date for e in kinds(f, "transplant")] == ["2020-05-07", "2021-08-19"]
    got = sorted((e.organ, e.date) for e in kinds(f, "gvhd"))
    assert got == [("gut", "2021-09-20"), ("skin", "2021-09-08")]


def test_a_result_past_a_semicolon_after_a_treatments_day_is_doubted(facts: Facts) -> None:
    f = facts({"h.txt": "CD22 CAR-T 14/09/2021; CR3 MRD-negative.\n"})
    got = [(m.analyte, m.date, m.confidence < 0.9) for m in f.measurements]
    assert got == [("mrd", "2021-09", True)]  # found after the infusion, not on its day
    assert [e.date for e in kinds(f, "car_t")] == ["2021-09-14"]


def test_a_response_on_a_history_line_joins_the_remission_that_followed(facts: Facts) -> None:
    f = facts(
        {
            "history.txt": "- CD19 CAR-T (tisagenlecleucel) on 16/02/2021; MRD-negative "
            "remission.\n",
            "marrow.txt": "Bone marrow 15/03/2021: MRD-negative remission after CAR-T.\n",
        }
    )
    got = [(e.date, e.depth, len(e.sources)) for e in kinds(f, "remission")]
    assert got == [("2021-03-15", "MRD-negative", 2)]  # the history line is one of its sources


def test_cycle_labels_each_with_a_date_after_a_regimen_line_are_its_dated_courses(
    facts: Facts,
) -> None:
    letter = (
        "Haematology clinic letter 14/12/2022\n\nDear Dr Obi,\n\n"
        "Treatment since relapse:\n"
        "- Decitabine 20 mg/m2 d1-5 + venetoclax 400 mg d1-28 (C1), d1-21 thereafter\n"
        "- C1 09/05/2022, C2 13/06/2022 (delayed - sepsis), C3 18/07/2022, C4 22/08/2022; "
        "stopped after C4 ahead of DLI\n"
        "- BM 25/07/2022 (after C2): blasts 3%, CRi.\n"
    )
    f = facts({"letter.txt": letter})
    courses = [(e.date, e.name, e.cycle) for e in kinds(f, "regimen")]
    assert courses == [
        ("2022-05-09", "DEC+VEN", 1),
        ("2022-06-13", "DEC+VEN", 2),
        ("2022-07-18", "DEC+VEN", 3),
        ("2022-08-22", "DEC+VEN", 4),
    ]
