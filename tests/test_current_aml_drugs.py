"""Current AML drugs: targeted single agents, low-dose cytarabine and its partners."""

from __future__ import annotations

from tests.extraction_helpers import Facts, kinds


def test_targeted_single_agents_and_brands_are_courses_of_their_own(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Tibsovo (ivosidenib) started 03/02/2021.\n"
            "Enasidenib started 14/05/2021.\n"
            "Rezlidhia started 20/07/2021.\n"
            "Revumenib started 21/09/2021.\n"
            "Ziftomenib started 22/10/2021.\n"
            "Sorafenib maintenance from 15/11/2021.\n"
            "Onureg started 16/12/2021.\n"
        }
    )
    assert [(e.name, e.date) for e in kinds(f, "regimen")] == [
        ("IVOSIDENIB", "2021-02-03"),
        ("ENASIDENIB", "2021-05-14"),
        ("OLUTASIDENIB", "2021-07-20"),
        ("REVUMENIB", "2021-09-21"),
        ("ZIFTOMENIB", "2021-10-22"),
        ("SORAFENIB", "2021-11-15"),
        ("AZA", "2021-12-16"),
    ]


def test_low_dose_cytarabine_and_the_drugs_it_is_given_with(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "LDAC started 13/01/2022.\n"
            "Low-dose cytarabine + venetoclax started 14/02/2022.\n"
            "Ven/LDAC C1D1 15/03/2022.\n"
            "Glasdegib + LDAC started 19/04/2022.\n"
            "Venetoclax started 17/05/2022.\n"  # alone: no LDAC+VEN
        }
    )
    assert [(e.name, e.date) for e in kinds(f, "regimen")] == [
        ("LDAC", "2022-01-13"),
        ("LDAC+VEN", "2022-02-14"),
        ("LDAC+VEN", "2022-03-15"),
        ("LDAC+GLAS", "2022-04-19"),
    ]


def test_venetoclax_is_a_core_drug_of_flag_ida(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "FLAG-Ida-Ven started 13/01/2022.\n"
            "FLAG-Ida + venetoclax started 14/06/2022.\n"
            "Azacitidine + ivosidenib started 15/09/2022.\n"
        }
    )
    assert [(e.name, e.date) for e in kinds(f, "regimen")] == [
        ("FLAG-IDA+VEN", "2022-01-13"),
        ("FLAG-IDA+VEN", "2022-06-14"),
        ("AZA+IVO", "2022-09-15"),
    ]


def test_drugs_no_listed_regimen_combines_are_one_course_named_from_them(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Azacitidine + gilteritinib started 25/02/2024.\n\n"
            "Venetoclax/gilteritinib started 14/04/2024.\n\n"
            "Azacitidine + venetoclax started 16/06/2024.\n\n"  # listed: named as listed
            "Fludarabine and cyclophosphamide started 17/07/2024.\n"  # no course of its own
        }
    )
    named = [(e.name, e.date) for e in kinds(f, "regimen")]
    assert named == [
        ("AZA+GILTERITINIB", "2024-02-25"),
        ("GILTERITINIB+VEN", "2024-04-14"),
        ("AZA+VEN", "2024-06-16"),
    ]
    made_up, listed = kinds(f, "regimen")[:2], kinds(f, "regimen")[2]
    for e in made_up:  # a name of our making is for a reviewer to check
        assert e.confidence < 0.9
        assert any(d.startswith("regimen named from its drugs") for d in e.doubts)
    assert listed.confidence >= 0.9 and not listed.doubts


def test_a_state_named_as_a_treatments_reason_never_takes_its_start(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Ivosidenib started 20/09/2024 for relapsed AML.\n\n"
            "Salvage therapy started 21/10/2024 for relapse.\n\n"
            "DLI on 22/11/2024 for MRD relapse.\n\n"
            "Ruxolitinib started 23/12/2024 for steroid-refractory GVHD.\n"
        }
    )
    assert [(e.name, e.date) for e in kinds(f, "regimen")] == [("IVOSIDENIB", "2024-09-20")]
    assert [e.date for e in kinds(f, "dli")] == ["2024-11-22"]
    # the reason was found before the treatment: none takes a start's date
    assert {e.date for e in kinds(f, "relapse")} == {None}
    assert {e.date for e in kinds(f, "gvhd")} == {None}


def test_each_cycle_day_1_is_a_course_given_that_day(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Date: 14/03/2024\n"
            "Aza/Ven: C1D1 08/01/2024, C2D1 12/02/2024, C3D1 12/03/2024\n",
            "b.txt": "Date: 20/10/2024\nVen/LDAC C1D1 01/07/2024.\n"
            "C2D1 29/07/2024.\n"
            "C3D1 09/09/2024 given with venetoclax shortened to 14 days.\n"
            "C3D8 16/09/2024 venetoclax held.\n",  # day 8 of a cycle: no course begins
        }
    )
    assert [(e.name, e.date) for e in kinds(f, "regimen")] == [
        ("AZA+VEN", "2024-01-08"),
        ("AZA+VEN", "2024-02-12"),
        ("AZA+VEN", "2024-03-12"),
        ("LDAC+VEN", "2024-07-01"),
        ("LDAC+VEN", "2024-07-29"),
        ("LDAC+VEN", "2024-09-09"),
    ]


def test_a_numbered_course_given_today_takes_the_documents_date(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Date: 14/03/2024\nAza/Ven C1D1 22/01/2024.\nToday: C3D1 given.\n",
            "b.txt": "Date: 20/05/2024\nVen/LDAC C1D1 01/02/2024.\nC4 given today.\n",
            "c.txt": "Date: 28/07/2023\nToday: DLI given.\n",  # 'Today:' labels its line
        }
    )
    courses = [(e.name, e.date, e.cycle, e.date_info.basis) for e in kinds(f, "regimen")]
    assert courses == [
        ("AZA+VEN", "2024-01-22", 1, "stated"),
        ("LDAC+VEN", "2024-02-01", 1, "stated"),
        ("AZA+VEN", "2024-03-14", 3, "today"),
        ("LDAC+VEN", "2024-05-20", 4, "today"),
    ]
    assert all(e.confidence < 0.9 and e.doubts for e in kinds(f, "regimen") if e.cycle != 1)
    assert [(e.date, e.date_info.basis) for e in kinds(f, "dli")] == [("2023-07-28", "today")]


def test_a_drug_named_beside_a_regimen_joins_its_name(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Decitabine + venetoclax + gilteritinib started 03/05/2024.\n\n"
            "Afterwards decitabine and sorafenib from 12/06/2024.\n\n"
            "FLAG-Ida + venetoclax + gilteritinib started 21/08/2024.\n\n"
            "CLAG-M + venetoclax started 30/10/2024.\n\n"
            "Hyper-CVAD + ponatinib started 02/12/2024.\n\n"  # a TKI is the regimen's companion
            "Cytarabine, daunorubicin and dexamethasone started 03/01/2025.\n"  # supportive
        }
    )
    regimens = kinds(f, "regimen")
    assert [(e.name, e.date) for e in regimens] == [
        ("DEC+VEN+GILTERITINIB", "2024-05-03"),
        ("DECITABINE+SORAFENIB", "2024-06-12"),
        ("FLAG-IDA+VEN+GILTERITINIB", "2024-08-21"),
        ("CLAG-M+VEN", "2024-10-30"),
        ("HYPER-CVAD+PONATINIB", "2024-12-02"),
        ("DA", "2025-01-03"),
    ]
    for e in regimens[:4]:  # a name of recordkit's making is for a reviewer to check
        assert any(d.startswith("regimen named from its drugs") for d in e.doubts), e.name
    for e in regimens[4:]:
        assert not any(d.startswith("regimen named from its drugs") for d in e.doubts), e.name


def test_a_dose_bracket_after_cpx_351_spells_out_its_contents(facts: Facts) -> None:
    """CPX-351 is liposomal daunorubicin and cytarabine: its doses after it are no DA."""
    f = facts(
        {
            "a.txt": "Summary 22/06/2023\n"
            "Course 1  Vyxeos induction  D1 18/03/2023  (daunorubicin 44 mg/m2 / "
            "cytarabine 100 mg/m2 D1,3,5)\n"
        }
    )
    assert [(r.name, r.date, r.cycle) for r in kinds(f, "regimen")] == [
        ("CPX-351", "2023-03-18", 1)
    ]
