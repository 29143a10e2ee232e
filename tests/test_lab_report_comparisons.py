"""Reference-lab reports: earlier results quoted for comparison, and rows that are no MRD."""

from __future__ import annotations

from tests.extraction_helpers import Facts, dated, kinds


def test_a_trend_s_earlier_chimerism_is_the_same_side_as_the_current(facts: Facts) -> None:
    f = facts(
        {
            "str.txt": "Engraftment monitoring (STR)\n"
            "Collected: 03/02/2024\n"
            "Interpretation: Mixed chimerism in whole blood with 12% recipient-derived "
            "cells, up from 2% on 11/15/2023.\n"
        }
    )
    assert sorted(dated(f, "chimerism")) == [(88.0, "2024-03-02"), (98.0, "2023-11-15")]


def test_an_earlier_value_naming_its_own_side_keeps_it(facts: Facts) -> None:
    f = facts(
        {
            "str.txt": "Engraftment monitoring (STR)\n"
            "Collected: 03/02/2024\n"
            "Whole blood chimerism: 91% donor, down from 99% donor on 11/15/2023.\n"
        }
    )
    assert sorted(dated(f, "chimerism")) == [(91.0, "2024-03-02"), (99.0, "2023-11-15")]


def test_an_earlier_marrow_s_results_in_its_bracket_take_its_date(facts: Facts) -> None:
    f = facts(
        {
            "bm.txt": "BONE MARROW PATHOLOGY REPORT\n"
            "Collected: 02/14/2024\n"
            "Final diagnosis: B-lymphoblastic leukemia, 52% blasts.\n"
            "Comment: Compared with the prior marrow of 09/25/2023 (WXH-23-BM-01177: 2% "
            "blasts, MRD negative), the current specimen shows frank hematologic relapse.\n"
        }
    )
    assert sorted(dated(f, "blasts")) == [(2.0, "2023-09-25"), (52.0, "2024-02-14")]
    assert dated(f, "mrd") == [(0.0, "2023-09-25")]
    assert [e.date for e in kinds(f, "relapse")] == ["2024-02-14"]


def test_a_conclusion_after_an_earlier_marrow_s_bracket_is_the_present_one_s(
    facts: Facts,
) -> None:
    f = facts(
        {
            "bm.txt": "BONE MARROW CONSULTATION\n"
            "Collected: 03/21/2024\n"
            "Final diagnosis: Relapsed B-lymphoblastic leukaemia, 61% blasts.\n"
            "Comment: Compared with the day +30 post-CAR-T marrow (KLR-F23-5510, "
            "12-Jun-2023: MRD negative, 1% blasts) this represents relapse.\n"
        }
    )
    assert [e.date for e in kinds(f, "relapse")] == ["2024-03-21"]
    assert sorted(dated(f, "blasts")) == [(1.0, "2023-06-12"), (61.0, "2024-03-21")]
    assert dated(f, "mrd") == [(0.0, "2023-06-12")]


def test_an_interphase_fish_row_of_a_fusion_probe_is_no_mrd(facts: Facts) -> None:
    f = facts(
        {
            "fish.txt": "CYTOGENETICS LABORATORY - FISH REPORT\n"
            "Specimen: Bone marrow aspirate\nCollected: 21/03/2024\n\n"
            "Interphase FISH (200 nuclei scored per probe)\n"
            "Probe | Result | % nuclei\n"
            "TP53 (17p13) / CEP17 | No deletion | 0%\n"
            "BCR::ABL1 DC/DF | No fusion | 0%\n"
            "KMT2A break-apart | No rearrangement | 0%\n"
        }
    )
    assert dated(f, "mrd") == []


def test_a_quantitative_pcr_row_of_the_same_fusion_stays_mrd(facts: Facts) -> None:
    f = facts(
        {
            "pcr.txt": "MOLECULAR LABORATORY - QUANTITATIVE PCR\n"
            "Specimen: Peripheral blood\nCollected: 21/03/2024\n\n"
            "Target | Copies | Ratio %\n"
            "BCR::ABL1 (IS) | 41 | 0.012%\n"
        }
    )
    assert dated(f, "mrd") == [(0.012, "2024-03-21")]


def test_a_share_of_nuclei_column_is_fish_whatever_the_row_s_label(facts: Facts) -> None:
    f = facts(
        {
            "fish.txt": "CYTOGENETICS LABORATORY\n"
            "Specimen: Bone marrow aspirate\nCollected: 21/03/2024\n\n"
            "Probe | Result | % nuclei\n"
            "BCR::ABL1 | No fusion | 0%\n"
        }
    )
    assert dated(f, "mrd") == []


_PCR = (
    "MOLECULAR DIAGNOSTICS - NPM1 QUANTITATION\n"
    "Current specimen: Peripheral blood   Collected: 06/12/2024\n\n"
    "Collected    Spec  NPM1mut copies  ABL1 copies  NPM1mut/ABL1 (%)\n"
    "-----------  ----  --------------  -----------  ----------------\n"
    "06/12/2024   PB    950             176,000      0.54\n"
    "02/20/2024   PB    Not detected    201,500      {row2}\n"
    "11/08/2023   BM    Not detected    219,000      {row3}\n"
)


def test_a_ratio_cell_below_detection_is_a_negative_result(facts: Facts) -> None:
    f = facts({"pcr.txt": _PCR.format(row2="ND (<0.001)", row3="<LOD")})
    assert sorted(dated(f, "mrd")) == [
        (0.0, "2023-11-08"),
        (0.0, "2024-02-20"),
        (0.54, "2024-06-12"),
    ]


def test_nd_alone_may_be_not_done_and_stays_unread(facts: Facts) -> None:
    f = facts({"pcr.txt": _PCR.format(row2="ND", row3="n.d.")})
    assert dated(f, "mrd") == [(0.54, "2024-06-12")]


def test_an_approximate_blast_figure_in_a_molecular_report_is_doubted(facts: Facts) -> None:
    f = facts(
        {
            "ngs.txt": "MOLECULAR PATHOLOGY - MYELOID NGS PANEL\n"
            "Specimen: Bone marrow aspirate   Collected: 02/14/2024\n\n"
            "Interpretation: The TET2 VAF of ~40% in a specimen with ~30% blasts suggests "
            "clonal haematopoiesis in the background.\n"
        }
    )
    (blasts,) = [m for m in f.measurements if m.analyte == "blasts"]
    assert (blasts.value, blasts.date) == (30.0, "2024-02-14")
    assert blasts.confidence < 0.9 and any("approximate" in d for d in blasts.doubts)


def test_a_marrow_count_with_no_approximation_is_not_doubted_for_it(facts: Facts) -> None:
    f = facts(
        {
            "bm.txt": "BONE MARROW REPORT\nCollected: 02/14/2024\n"
            "Aspirate: cellular; blasts 30% of nucleated cells.\n"
        }
    )
    (blasts,) = [m for m in f.measurements if m.analyte == "blasts"]
    assert not any("approximate" in d for d in blasts.doubts)
