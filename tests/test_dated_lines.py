"""How a document's lines and headings carry dates: a typed list's lines each dated by their
own leading date (documents written for these tests)."""

from __future__ import annotations

from recordkit.models import CaseFacts
from tests.extraction_helpers import Facts, kinds

MARROW_LIST = (
    "Riverside Haematology - marrow results typed from the chart\n\n"
    "Bone marrow:\n"
    "03-05-2016   BMA   blasts 74%   (at diagnosis)\n"
    "04-06-2016   BMA   blasts 2%    flow MRD 0.05%   (D28 of induction)\n"
    "15-03-2018   BMA   blasts 38%   (first relapse)\n"
    "16-04-2018   BMA   hypocellular, blasts 4%   (post FLAG C1)\n"
    "20-05-2018   BMA   blasts 3%    MRD negative   (post FLAG C2)\n"
    "02-09-2018   PB chimerism 97% donor  (D+30)\n"
)


def values(f: CaseFacts, analyte: str) -> list[tuple[float | None, str | None]]:
    return sorted((m.value, m.date) for m in f.measurements if m.analyte == analyte)


def test_each_line_of_a_typed_list_is_dated_by_its_own_leading_date(facts: Facts) -> None:
    f = facts({"marrow_list.txt": MARROW_LIST})
    assert values(f, "blasts") == [
        (2.0, "2016-06-04"),
        (3.0, "2018-05-20"),
        (4.0, "2018-04-16"),
        (38.0, "2018-03-15"),
        (74.0, "2016-05-03"),
    ]
    # the line's day count and after-words say when, its leading date says which day
    assert values(f, "mrd") == [(0.0, "2018-05-20"), (0.05, "2016-06-04")]
    assert values(f, "chimerism") == [(97.0, "2018-09-02")]
    assert [e.date for e in kinds(f, "relapse")] == ["2018-03-15"]
    assert all(e.date is None for e in kinds(f, "regimen"))  # 'post FLAG C1': not its day


def test_a_column_spaced_percentage_belongs_to_the_name_before_it(facts: Facts) -> None:
    f = facts({"a.txt": "Marrow\n\n20-05-2018   BMA   blasts 3%    MRD negative\n"})
    assert values(f, "blasts") == [(3.0, "2018-05-20")]
    assert values(f, "mrd") == [(0.0, "2018-05-20")]


def test_a_day_count_after_a_cellular_therapy_names_it_and_makes_no_second_one(
    facts: Facts,
) -> None:
    text = (
        "Marrow list\n\n14-01-2020   CAR-T cell infusion (tisa-cel)\n"
        "17-02-2020   BMA   blasts 1%, MRD <0.01% (D+28 CAR-T)\n"
    )
    f = facts({"a.txt": text})
    assert [e.date for e in kinds(f, "car_t")] == ["2020-01-14"]
    assert values(f, "mrd") == [(0.0, "2020-02-17")]


def test_a_date_of_aspiration_is_the_specimens_collection_date(facts: Facts) -> None:
    head = "Department of Pathology - Bone marrow examination\n\n"
    body = (
        "\n\nPeripheral blood: Hb 8.4 g/dL, TLC 51.2 x10^9/l, platelets 27 x10^9/l\n"
        "Bone marrow aspirate: hypercellular, blasts 81%\nImpression: B-lymphoblastic leukaemia\n"
    )
    for label in ("Date of aspiration", "Aspiration date", "Date of trephine"):
        f = facts({"bm.txt": f"{head}Reported on: 07-03-2016\n{label}: 05-03-2016{body}"})
        got = [(m.analyte, m.date, m.date_info.basis) for m in f.measurements]
        assert sorted(got) == [
            ("blasts", "2016-03-05", "collection"),
            ("hb", "2016-03-05", "collection"),
            ("plt", "2016-03-05", "collection"),
            ("wbc", "2016-03-05", "collection"),
        ], label
        assert [e.date for e in kinds(f, "diagnosis")] == ["2016-03-05"]


def test_a_results_line_with_its_date_dates_the_values_below_it(facts: Facts) -> None:
    letter = (
        "Ankara Haematology Clinic\n\n14.09.2020\n\nDear Colleague,\n\n"
        "Thank you for seeing Mr K, a 52-year-old man with AML after allogeneic transplant "
        "in March 2019.\n\n{head}\n"
        "WBC: 3.400/mm³, NEU: 1.700/mm³, HGB: 10,2 g/dL, PLT: 88.000/mm³\n\nKind regards\n"
    )
    for head in ("Last laboratory results (08.09.2020)", "Blood counts on 08.09.2020"):
        f = facts({"letter.txt": letter.format(head=head)})
        got = sorted((m.analyte, m.value, m.date) for m in f.measurements)
        assert got == [
            ("anc", 1.7, "2020-09-08"),
            ("hb", 102.0, "2020-09-08"),
            ("plt", 88.0, "2020-09-08"),
            ("wbc", 3.4, "2020-09-08"),
        ], head


HISTORY_LETTER = (
    "Children's Cancer Hospital\nRef No: CCH/22/0931 Dated: 22-10-2022\n\nDear Dr Aziz,\n\n"
    "This is to refer a 17 years old boy who was diagnosed as a case of B-ALL at the age of "
    "13 years when he presented with fever. Bone marrow showed 91% lymphoblasts. He was "
    "induced with VDLP and the day 29 marrow was in morphological remission with MRD of "
    "0.04%. About 16 months after diagnosis, he had his first bone marrow relapse with 52% "
    "blasts. After one cycle of FLAG he achieved CRi with 4% blasts and flow MRD of 0.07%.\n\n"
    "{now}\n\nYours sincerely\n"
)


def test_values_of_a_letters_past_history_are_not_dated_by_the_letter(facts: Facts) -> None:
    f = facts({"letter.txt": HISTORY_LETTER.format(now="He is currently well.")})
    got = sorted((m.analyte, m.value, m.date) for m in f.measurements)
    assert got == [
        ("blasts", 4.0, None),
        ("blasts", 52.0, None),
        ("blasts", 91.0, None),
        ("mrd", 0.04, None),
        ("mrd", 0.07, None),
    ]
    # a result the letter tells as now keeps the letter's day
    now = facts({"letter.txt": HISTORY_LETTER.format(now="Bone marrow now shows 2% blasts.")})
    assert (2.0, "2022-10-22") in [(m.value, m.date) for m in now.measurements]


COORDINATOR_LIST = (
    "HILLCREST HOSPITAL - STEM CELL TRANSPLANT PROGRAMME\n"
    "Patient summary (kept by R. Amadi, CNS BMT), updated 14/02/2024\n\n"
    "DATE          EVENT\n"
    "02/05/19      FLAG-Ida course 1\n"
    "Aug 2019      HiDAC 1\n"
    "Oct 2019      HiDAC 2\n"
    "Dec 2019      End of treatment BM - MRD negative\n"
    "11/03/20      Molecular relapse\n"
)


def test_a_month_only_date_opening_a_typed_row_dates_that_row_only(facts: Facts) -> None:
    f = facts({"coordinator.txt": COORDINATOR_LIST})
    courses = sorted((e.date, e.name) for e in kinds(f, "regimen"))
    assert courses == [("2019-05-02", "FLAG-IDA"), ("2019-08", "HiDAC"), ("2019-10", "HiDAC")]
    assert values(f, "mrd") == [(0.0, "2019-12")]


def test_a_service_named_bmt_in_a_job_title_is_no_transplant(facts: Facts) -> None:
    f = facts({"coordinator.txt": COORDINATOR_LIST})
    assert kinds(f, "transplant") == []
    assert [d.date for d in f.documents] == ["2024-02-14"]  # 'updated DATE': the list's own
    fax = (
        "14/02/2024 09:12 FROM: HILLCREST HAEM TO: NRH BMT P.01/02\n\n"
        "Dear Dr Osei,\n\nThank you for seeing Mr T with AML.\n"
    )
    assert kinds(facts({"fax.txt": fax}), "transplant") == []
    nurse = "Seen by the BMT CNS today; reviewed by the CNS BMT team (M. Hale, SpR BMT).\n"
    assert kinds(facts({"note.txt": f"Clinic note 03/03/2024\n\n{nurse}"}), "transplant") == []


def test_a_history_bullet_s_leading_date_dates_a_diagnosis_in_its_later_sentence(
    facts: Facts,
) -> None:
    f = facts(
        {
            "note.txt": "Leukemia Clinic Progress Note\nDate of service: 11/02/2023\n\n"
            "Oncologic History:\n"
            "- 06/19/2023: Came in with gum bleeding and WBC 18.2 K/uL. Marrow biopsy: AML "
            "with inv(16), 47% blasts.\n"
            "- 06/24/2023: Began 7+3 induction.\n"
        }
    )
    (dx,) = kinds(f, "diagnosis")
    assert (dx.label, dx.date) == ("AML", "2023-06-19")
    (da,) = kinds(f, "regimen")
    assert da.date == "2023-06-24"


def test_a_bullet_s_date_dates_a_marrow_timed_after_a_course_and_its_remission(
    facts: Facts,
) -> None:
    f = facts(
        {
            "note.txt": "Leukemia Clinic Progress Note\nDate of service: 11/02/2023\n\n"
            "Oncologic History:\n"
            "- 06/24/2023: Began 7+3 induction.\n"
            "- 08/03/2023: BM after HiDAC C1: CR (<5% blasts), MRD 0.2% by flow.\n"
        }
    )
    (cr,) = kinds(f, "remission")
    assert (cr.depth, cr.date) == ("CR", "2023-08-03")
    assert [m.date for m in f.measurements if m.analyte == "mrd"] == ["2023-08-03"]


def test_a_value_ending_a_list_item_is_no_range_with_the_next_item_s_bullet(
    facts: Facts,
) -> None:
    f = facts(
        {
            "letter.txt": "Entlassbrief / discharge letter\nDate: 08.02.2023\n\nDiagnoses\n"
            "- Aza/Ven, 1st cycle from 05.09.2022\n"
            "- BM 17.10.2022: CRi, blasts 4%, flow MRD 0.7%\n"
            "- 2nd cycle Aza/Ven from 24.10.2022\n"
        }
    )
    mrd = [(m.value, m.date) for m in f.measurements if m.analyte == "mrd"]
    assert mrd == [(0.7, "2022-10-17")]


def test_a_dated_history_entry_without_a_bullet_dates_its_later_sentence_s_diagnosis(
    facts: Facts,
) -> None:
    f = facts(
        {
            "note.txt": "Transplant Clinic Note\nDate of service: 01/17/2024\n\n"
            "Oncologic History:\n\n"
            "07/11/2023: Seen for night sweats, WBC 2.1 K/uL. BM bx: AML with RUNX1 "
            "mutation, 31% blasts.\n\n"
            "07/16/2023: Began 7+3 induction.\n"
        }
    )
    (dx,) = kinds(f, "diagnosis")
    assert (dx.label, dx.date) == ("AML", "2023-07-11")
