"""Journal case reports: how their prose names treatments and tells time."""

from __future__ import annotations

from recordkit.models import CaseFacts
from tests.extraction_helpers import Facts, kinds


def test_a_bracketed_name_after_a_drug_list_is_the_regimen_given(facts: Facts) -> None:
    f = facts(
        {
            "r.txt": "She was treated with liposomal daunorubicin and cytarabine (CPX-351) "
            "from 4 May 2021.\nLater she received venetoclax and azacitidine (AZA) from "
            "October 2021.\n"
        }
    )
    assert [e.name for e in kinds(f, "regimen")] == ["CPX-351", "AZA+VEN"]


def _measured(f: CaseFacts, analyte: str) -> list[tuple[float | None, str | None]]:
    return [(m.value, m.date) for m in f.measurements if m.analyte == analyte]


def test_a_bare_day_count_counts_from_the_course_told_before_it(facts: Facts) -> None:
    f = facts(
        {
            "r.txt": "Induction with 7+3 was started on 5 April 2022. Bone marrow on day 28 "
            "showed 2% blasts and the patient achieved complete remission (CR).\n\n"
            "Salvage with FLAG was begun on 2 September 2022. The day 14 marrow showed 6% "
            "blasts, and a second course was given on 30 September 2022.\n"
        }
    )
    # day 1 is the course's first day; the later clause's date is the second course's
    assert _measured(f, "blasts") == [(2.0, "2022-05-02"), (6.0, "2022-09-15")]
    cr = kinds(f, "remission")
    assert [e.date for e in cr] == ["2022-05-02"] and cr[0].confidence < 0.9


def test_a_day_count_after_an_infusion_counts_from_the_infusion_named_last(
    facts: Facts,
) -> None:
    f = facts(
        {
            "r.txt": "She underwent a sibling transplant on 2 June 2020. CD19 CAR-T cells "
            "were infused on 11 January 2022. On day 28 after infusion, the bone marrow "
            "showed 2% blasts and MRD by flow was 0.3%.\n"
        }
    )
    assert _measured(f, "blasts") == [(2.0, "2022-02-08")]
    assert _measured(f, "mrd") == [(0.3, "2022-02-08")]


def test_a_result_after_a_later_course_tells_its_own_time(facts: Facts) -> None:
    f = facts(
        {
            "r.txt": "Induction with 7+3 was started on 16 March 2019. He then received three "
            "cycles of HiDAC consolidation between May and August 2019. After the second "
            "cycle, MRD by flow was undetectable.\n"
        }
    )
    assert [d for _, d in _measured(f, "mrd")] != ["2019-03-16"]


def test_a_result_does_not_take_a_later_clauses_date(facts: Facts) -> None:
    f = facts(
        {
            "r.txt": "Clinic letter, 1 July 2021\n\nHe received DLI from January 2021. "
            "Chimerism rose to 96% after the second infusion, but on 20 April 2021 the "
            "bone marrow showed 24% blasts.\n"
        }
    )
    assert _measured(f, "blasts") == [(24.0, "2021-04-20")]
    assert [d for _, d in _measured(f, "chimerism")] != ["2021-04-20"]


def test_a_follow_up_counts_from_the_treatment_just_described(facts: Facts) -> None:
    f = facts(
        {
            "r.txt": "On 12 May 2020 he underwent a haploidentical transplant. He received "
            "CD123 CAR-T cells on 3 February 2022. At the 3-month follow-up, the marrow "
            "showed 18% blasts.\n"
        }
    )
    assert _measured(f, "blasts") == [(18.0, "2022-05")]


def test_a_negation_ends_where_and_brings_in_a_new_subject(facts: Facts) -> None:
    f = facts(
        {
            "r.txt": "After cycle 1A in May 2021, the marrow showed no morphological blasts "
            "and she achieved complete remission.\n"
        }
    )
    assert [e.depth for e in kinds(f, "remission")] == ["CR"]


def test_what_a_trial_or_an_author_reports_is_not_the_patient_s(facts: Facts) -> None:
    f = facts(
        {
            "r.txt": "Blinatumomab achieved CR in 44% of patients in the TOWER study in 2017.\n"
            "Venetoclax induced remission in a phase 2 study (Smith et al., 2016).\n\n"
            "In May 2019 a 41-year-old man was diagnosed with B-ALL. He relapsed in "
            "March 2020. Blinatumomab, which gave CR in 44% in the TOWER trial in 2017, "
            "was started on 6 April 2020 (Kantarjian et al., 2017). He achieved CR in "
            "May 2020.\n"
        }
    )
    # the trials' remissions and years are none of the patient's; his treatment keeps its date
    assert [(e.kind, e.date) for e in f.events] == [
        ("diagnosis", "2019-05"),
        ("relapse", "2020-03"),
        ("regimen", "2020-04-06"),
        ("remission", "2020-05"),
    ]


def test_time_point_headers_date_their_columns(facts: Facts) -> None:
    f = facts(
        {
            "r.txt": "Table 2. Blood counts over the course\n"
            "Parameter | Presentation (3 Feb 2021) | Second relapse (Nov 2022)\n"
            "Haemoglobin (g/L) | 81 | 93\n"
            "Platelets (x10^9/L) | 27 | 64\n"
        }
    )
    got = [(m.analyte, m.value, m.date) for m in f.measurements]
    assert got == [
        ("hb", 81.0, "2021-02-03"),
        ("plt", 27.0, "2021-02-03"),
        ("hb", 93.0, "2022-11"),
        ("plt", 64.0, "2022-11"),
    ]
    # a header dated to the month only dates its values to the month, and says so
    late = [m for m in f.measurements if m.date == "2022-11"]
    assert all(m.confidence < 0.9 and m.doubts for m in late)


def test_a_relapse_told_between_two_remissions_keeps_them_apart(facts: Facts) -> None:
    f = facts(
        {
            "r.txt": "FLAG-Ida was started on 3 February 2021. Afterwards the marrow was clear "
            "and she entered complete remission.\nIn September 2021 she relapsed with 20% "
            "blasts.\nFollowing venetoclax and azacitidine she reached CRi in January 2022.\n"
        }
    )
    # the first remission is another, earlier one: undated, not folded into the CRi
    got = [(e.depth, e.date) for e in kinds(f, "remission")]
    assert got == [("CR", None), ("CRi", "2022-01")]


def test_a_test_that_confirmed_a_disease_diagnosed_it_on_the_test_s_date(facts: Facts) -> None:
    f = facts(
        {
            "r.txt": "Bone marrow biopsy on 2 June 2021 showed 64% blasts, and flow cytometry "
            "confirmed B-cell acute lymphoblastic leukaemia.\n"
        }
    )
    assert [(e.label, e.date) for e in kinds(f, "diagnosis")] == [("B-ALL", "2021-06-02")]


def test_a_diagnosis_made_after_a_dated_marrow_takes_its_date_doubted(facts: Facts) -> None:
    f = facts(
        {
            "r.txt": "Marrow aspirate on 9 July 2022 showed 41% myeloblasts with dysplasia. "
            "A diagnosis of acute myeloid leukaemia was made.\n"
        }
    )
    (dx,) = kinds(f, "diagnosis")
    assert (dx.label, dx.date) == ("AML", "2022-07-09")
    assert dx.confidence < 0.9 and any("perhaps later" in d for d in dx.doubts)


def test_the_day_told_for_the_first_of_several_doses_dates_only_the_first(facts: Facts) -> None:
    f = facts(
        {
            "r.txt": "For falling donor chimerism she was given two escalating doses of DLI from "
            "March 2023, the first on 14 March 2023.\n"
        }
    )
    assert sorted((e.date or "") for e in kinds(f, "dli")) == ["", "2023-03-14"]
