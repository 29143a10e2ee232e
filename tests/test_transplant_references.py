"""A transplant named as a time point (after one, counted from one) is no new transplant."""

from __future__ import annotations

from tests.extraction_helpers import Facts, kinds


def test_a_day_count_after_a_hyphenated_transplant_name_makes_no_transplant(
    facts: Facts,
) -> None:
    f = facts(
        {
            "letter.txt": "Clinic letter\nDate: 14/05/2024\n"
            "Axicabtagene infusion 02/02/2023.\nHaploidentical allo-SCT 11/07/2023.\n\n"
            "Marrow 20/03/2024: second relapse of B-ALL after CAR-T and haplo-SCT, "
            "day +253 post SCT.\n",
        }
    )
    assert [t.date for t in kinds(f, "transplant")] == ["2023-07-11"]
    assert [r.date for r in kinds(f, "relapse")] == ["2024-03-20"]


def test_a_test_heading_after_a_numbered_transplant_dates_the_test_not_a_transplant(
    facts: Facts,
) -> None:
    f = facts(
        {
            "summary.txt": "Second transplant summary\nSummary date: 20/02/2024\n\n"
            "Date of HSCT 2 (day 0) | 10/01/2024\nSource | PBSC\n\n"
            "Chimerism after HSCT 2 (STR, 07/02/2024)\n"
            "Sample | % donor\nBM unsorted | 97\nPB CD3+ | 88\n",
        }
    )
    assert [t.date for t in kinds(f, "transplant")] == ["2024-01-10"]
    got = sorted((m.value, m.date) for m in f.measurements if m.analyte == "chimerism")
    assert got == [(88.0, "2024-02-07"), (97.0, "2024-02-07")]


def test_each_transplant_of_a_list_keeps_its_own_graft_and_donor(facts: Facts) -> None:
    f = facts(
        {
            "letter.txt": "Clinic letter\nDate: 03/03/2022\n\n"
            "Transplants: double cord blood HSCT 14/02/2021 with primary graft failure; "
            "rescue haplo PBSC HSCT 19/03/2021.\n",
        }
    )
    got = sorted((t.date, t.grafts, t.donor) for t in kinds(f, "transplant"))
    assert got == [
        ("2021-02-14", ("UCB",), "unrelated"),
        ("2021-03-19", ("PBSC",), "haploidentical"),
    ]


def test_a_day_count_counts_from_the_day_0_of_its_own_section(facts: Facts) -> None:
    f = facts(
        {
            "sum.txt": "Transplant episode summary\nSummary date: 10/07/2021\n\n"
            "1. Single cord blood transplant\nDay 0: 03-Mar-2021\nGraft: UCB\n\n"
            "No count recovery. Day +24 STR chimerism of marrow: 6% donor.\n\n"
            "2. Rescue haploidentical transplant\nDay 0: 12-Apr-2021\nGraft: PBSC\n\n"
            "Day +30 PB chimerism: 100% donor.\n",
        }
    )
    got = sorted((m.value, m.date) for m in f.measurements if m.analyte == "chimerism")
    assert got == [(6.0, "2021-03-27"), (100.0, "2021-05-12")]


def test_a_day_bracketed_in_a_values_own_cell_is_its_collection_day(facts: Facts) -> None:
    f = facts(
        {
            "dli.txt": "DONOR LYMPHOCYTE INFUSION RECORD\nRecord date: 28/05/2023\n\n"
            "DLI no. | Date given | Dose CD3+/kg | Pre-DLI WB chimerism\n"
            "1 | 21/02/2023 | 1 x 10^5 | 89% (07/02/23)\n"
            "2 | 22/03/2023 | 5 x 10^5 | 93% (15/03/23)\n",
        }
    )
    assert [d.date for d in kinds(f, "dli")] == ["2023-02-21", "2023-03-22"]
    got = sorted((m.value, m.date) for m in f.measurements if m.analyte == "chimerism")
    assert got == [(89.0, "2023-02-07"), (93.0, "2023-03-15")]


def test_lineage_lines_under_an_engraftment_heading_are_engraftments(facts: Facts) -> None:
    f = facts(
        {
            "s.txt": "Second transplant summary\nSummary date: 20/03/2024\n\n"
            "First allo-HSCT 18/05/2022 (sibling, PBSC).\n\n"
            "Date of HSCT 2 (day 0): 15/01/2024\nDonor: matched unrelated\n\n"
            "Engraftment after HSCT 2\nNeutrophils: day +16. Platelets: day +22.\n",
        }
    )
    got = sorted((e.lineage, e.date) for e in kinds(f, "engraftment"))
    assert got == [("neutrophil", "2024-01-31"), ("platelet", "2024-02-06")]


def test_gvhd_after_a_transplants_date_is_not_dated_on_day_0(facts: Facts) -> None:
    f = facts(
        {
            "m.txt": "Referral e-mail\nSent: 14/02/2024\n\n"
            "History: B-ALL 2021. Consolidative haplo BMT 29/06/2023 (PTCy); "
            "stage 3 gut aGVHD, grade III.\n",
            "list.txt": "Coordinator timeline\nDate: 20/02/2024\n\n"
            "29/06/2023  Haploidentical allo-SCT\n12/08/2023  Acute GVHD of the gut, grade III\n",
        }
    )
    assert [t.date for t in kinds(f, "transplant")] == ["2023-06-29"]
    assert [(g.date, g.organ) for g in kinds(f, "gvhd")] == [("2023-08-12", "gut")]


def test_a_day_count_retold_in_its_paragraph_keeps_the_date_written_beside_it(
    facts: Facts,
) -> None:
    f = facts(
        {
            "episode.txt": "Transplant episode summary\nSummary date: 30/09/2022\n"
            "1. Matched sibling PBSC transplant\nDay 0 03/03/2022\n"
            "Slow count recovery. Day +28 marrow (31-Mar-2022): cellularity 20%, no\n"
            "excess blasts. Day +28 STR chimerism of marrow: 12% donor. Graft failure.\n"
            "2. Second transplant from an unrelated donor\nDay 0 20/04/2022\n"
            "Neutrophil engraftment on day +15.\n",
            "letter.txt": "Letter date: 01/10/2022\nSibling HSCT 03/03/2022 with graft "
            "failure; second HSCT (MUD) 20/04/2022.\n",
        }
    )
    chimerism = [(m.date, m.value) for m in f.measurements if m.analyte == "chimerism"]
    assert chimerism == [("2022-03-31", 12.0)]


def test_each_numbered_transplant_section_keeps_its_own_graft_and_donor(facts: Facts) -> None:
    f = facts(
        {
            "episode.txt": "Transplant episode summary\nSummary date: 30/09/2022\n\n"
            "1. Cord blood transplant\nGraft: two cord blood units, 5/8 and 6/8\n"
            "Donor: unrelated\n\nNo count recovery; graft failure on day +28.\n\n"
            "2. Rescue haploidentical transplant\nGraft: PBSC, CD34+ 6.1 x10^6/kg\n"
            "Donor: father, haploidentical\n\nPrompt engraftment after this transplant.\n",
            "letter.txt": "Letter date: 01/10/2022\nCord blood HSCT 03/03/2022 with graft "
            "failure; second HSCT 20/04/2022.\n",
        }
    )
    got = [(t.date, t.grafts, t.donor) for t in kinds(f, "transplant")]
    assert got == [
        ("2022-03-03", ("UCB",), "unrelated"),
        ("2022-04-20", ("PBSC",), "haploidentical"),
    ]


def test_a_problem_lists_relapse_post_allograft_takes_the_lines_date(facts: Facts) -> None:
    # 'post allograft' refers back to the transplant of item 2; the month is the relapse's
    f = facts(
        {
            "letter.txt": "Haematology clinic letter\nDate: 14/05/2023\n\nDiagnoses:\n"
            "1. AML with NPM1 mutation, diagnosed 03/01/2020.\n"
            "2. Matched unrelated donor allogeneic transplant 12/08/2020.\n"
            "3. Haematological relapse post allograft, March 2023.\n"
            "4. Molecular relapse after MUD allo-SCT 11/2022.\n",
        }
    )
    assert [t.date for t in kinds(f, "transplant")] == ["2020-08-12"]
    assert sorted(r.date for r in kinds(f, "relapse")) == ["2022-11", "2023-03"]


def test_a_relapse_after_the_transplant_on_a_day_keeps_that_day_the_transplants(
    facts: Facts,
) -> None:
    # 'after the transplant on DATE': the day written with 'on' is the transplant's own
    f = facts(
        {
            "letter.txt": "Clinic letter\nDate: 02/02/2024\n\n"
            "She had a relapse after the transplant on 25/06/2021.\n",
        }
    )
    assert [t.date for t in kinds(f, "transplant")] == ["2021-06-25"]
    assert [r.date for r in kinds(f, "relapse")] == [None]
