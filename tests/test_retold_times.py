"""Time as a clinician counts it when later letters retell a history.

A recap ('s/p allo-HSCT (DATE)') a day or a month off the day 0 record is that transplant,
and what is counted in months after the transplant counts from the day 0 record.
"""

from __future__ import annotations

from tests.extraction_helpers import Facts, kinds

_DAY0_RECORD = (
    "TRANSPLANT UNIT DISCHARGE\nDiagnosis: AML in CR1\n"
    "Stem cell infusion (Day 0): 04.05.2020 - PBSC from HLA-identical sister.\n"
)


def test_a_recap_a_day_off_the_day_0_record_is_the_same_transplant(facts: Facts) -> None:
    f = facts(
        {
            "a_note.txt": "PROCEDURE NOTE\nDate: 02.02.2021\n"
            "Dx: AML, s/p allo-HSCT (03.05.2020) from MSD (sister).\n",
            "b_letter.txt": "Date: 10.03.2021\nDear colleague,\nOur patient with AML underwent "
            "sibling peripheral blood stem cell transplantation in May 2020.\n"
            "Treatment | Date | Response\nAllo-PBSCT, MSD (sister) | 04.05.2020 | Full chimerism\n",
            "z_summary.txt": _DAY0_RECORD,
        }
    )
    tx = kinds(f, "transplant")
    assert [e.date for e in tx] == ["2020-05-04"]
    assert any("2020-05-03" in d for d in tx[0].doubts)
    assert tx[0].confidence < 0.9


def test_months_after_the_transplant_count_from_day_0_not_a_month_recap(facts: Facts) -> None:
    f = facts(
        {
            "a_summary.txt": "HAEMATOLOGY CLINIC\nDate: 20.05.2021\nPrevious treatment: "
            "7+3 induction (01/2020), haplo-HSCT (06/2020).\nAbout 9 months post transplant "
            "she developed chronic GVHD of the mouth.\n",
            "z_bmt.txt": "BMT CENTRE SUMMARY\nDonor: brother (haploidentical)\n"
            "Stem cell infusion (D0): 22-05-2020\nNeutrophil engraftment D+18.\n",
        }
    )
    tx = kinds(f, "transplant")
    assert [e.date for e in tx] == ["2020-05-22"]
    assert any("2020-06" in d for d in tx[0].doubts)
    assert [e.date for e in kinds(f, "gvhd")] == ["2021-02"]


def test_a_day_count_counts_from_the_course_its_own_sentence_names(facts: Facts) -> None:
    f = facts(
        {
            "letter.txt": "Date: 12.07.2022\nDear colleague,\nShe was diagnosed with AML in "
            "January 2020. She received induction chemotherapy with daunorubicin and cytarabine "
            "(7+3) and the day 28 bone marrow showed complete remission. In 2022 she relapsed "
            "and was given FLAG-IDA.\n\nTreatment | Date | Response\n"
            "7+3 induction | 20.01.2020 | CR\nFLAG-IDA x1 | 09.03.2022 | CRi\n",
        }
    )
    cr = [e for e in kinds(f, "remission") if e.depth == "CR"]
    assert [(e.date, e.date_info.anchor) for e in cr] == [
        ("2020-02-16", "the course started 2020-01-20")
    ]


def test_day_plus_28_told_after_a_car_t_counts_from_the_car_t_not_the_transplant(
    facts: Facts,
) -> None:
    f = facts(
        {
            "a_letter.txt": "Dated: 20-09-2021\nDear colleague,\nShe underwent haploidentical "
            "stem cell transplant from her brother on 18-06-2019. Around 14 months later she "
            "relapsed. She then received CD19 CAR-T cells abroad after Flu/Cy lymphodepletion. "
            "She had grade 1 CRS only. Day +28 marrow was MRD negative by flow cytometry.\n",
            "b_cart.txt": "CELL THERAPY UNIT DISCHARGE\n"
            "CD19 CAR-T cells infused on 03/03/2021 (D0). CRS grade 1 on D+2.\n",
        }
    )
    assert [m.date for m in f.measurements if m.analyte == "mrd"] == ["2021-03-31"]
    assert [(e.date, e.date_info.anchor) for e in kinds(f, "remission")] == [
        ("2021-03-31", "car-t 2021-03-03")
    ]


def test_a_relapse_told_months_after_a_car_t_is_dated_from_it(facts: Facts) -> None:
    f = facts(
        {
            "a_letter.txt": "Dated: 20-11-2021\nDear colleague,\nHe relapsed in August 2020, "
            "14 months after his transplant. He received CD19 CAR-T cells on 3 March 2021 and "
            "the day +28 marrow was MRD negative. Sadly, six months after CAR-T he relapsed "
            "again, this time with CD19 negative disease.\n",
        }
    )
    relapses = [(e.date, e.date_info.anchor) for e in kinds(f, "relapse")]
    assert relapses == [("2020-08", None), ("2021-09", "car-t 2021-03-03")]


RECAP_LIST = (
    "Coordinator list, updated 14/09/2022\n\nDATE          EVENT\n"
    "23/02/21      Allograft (sibling PBSC)\n"
    "18/04/22      Relapse (admitted) - BMA 41% blasts, MRD 6.5%\n"
    "26/05/22      FLAG-Ida C1\n"
)
MARROW_REPORT = (
    "Haematology Laboratory - Bone marrow aspirate report\n"
    "Collected: 20/04/2022   Reported: 22/04/2022\n\n"
    "Aspirate: hypercellular, blasts 41%. Flow MRD 6.5%.\nConclusion: relapsed AML.\n"
)
REFERRAL = (
    "Dear Dr Lund,\n\nRe: relapsed AML, letter of 03/05/2022\n\n"
    "Her marrow of 19/04/2022 showed 41% blasts, MRD 6.5%.\n"
)


def test_a_marrow_value_retold_days_off_is_one_value_on_the_reports_collection_day(
    facts: Facts,
) -> None:
    f = facts({"list.txt": RECAP_LIST, "report.txt": MARROW_REPORT})
    for analyte, value in (("blasts", 41.0), ("mrd", 6.5)):
        got = [m for m in f.measurements if m.analyte == analyte]
        assert [(m.value, m.date) for m in got] == [(value, "2022-04-20")], analyte
        assert got[0].confidence < 0.9 and "2 day(s) apart" in got[0].doubts[0]
    # two retellings without a report: still one value, its date doubted
    f = facts({"list.txt": RECAP_LIST, "referral.txt": REFERRAL})
    blasts = [m for m in f.measurements if m.analyte == "blasts"]
    assert len(blasts) == 1 and blasts[0].confidence < 0.9
    # blood counts are taken day after day: the same count a day off is a count of its own
    counts = {
        "a.txt": "Ward note 03/05/2022\n\nFBC today: Hb 92 g/L, platelets 41 x10^9/L.\n",
        "b.txt": "Ward note 04/05/2022\n\nFBC today: Hb 92 g/L, platelets 41 x10^9/L.\n",
    }
    f = facts(counts)
    assert sorted(m.date for m in f.measurements if m.analyte == "hb") == [
        "2022-05-03",
        "2022-05-04",
    ]


def test_a_reports_result_headings_end_its_clinical_details(facts: Facts) -> None:
    report = (
        "Haematology Laboratory - Bone marrow report\n"
        "Specimen: Bone marrow aspirate and trephine\n"
        "Collected: 20/04/2022   Reported: 22/04/2022\n\n"
        "Clinical details\n\nAML, sibling allograft 23/02/2021. Admitted 18/04/2022. ?relapse.\n\n"
        "Aspirate\nCellular aspirate. Blasts 41%.\n\n"
        "Flow cytometry\nAberrant myeloid blasts, MRD 6.5% of CD45+ events.\n\n"
        "Molecular / chimerism\nBM chimerism (unsorted): 58% donor.\n"
    )
    f = facts({"report.txt": report})
    got = sorted((m.analyte, m.value, m.date, m.date_info.basis) for m in f.measurements)
    assert got == [
        ("blasts", 41.0, "2022-04-20", "collection"),
        ("chimerism", 58.0, "2022-04-20", "collection"),
        ("mrd", 6.5, "2022-04-20", "collection"),
    ]
