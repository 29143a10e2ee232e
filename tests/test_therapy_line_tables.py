"""Lines-of-therapy tables: a row per line, its ordinal, its dates, its count and its outcome."""

from __future__ import annotations

from collections.abc import Callable

from recordkit.models import CaseFacts


def test_a_lines_ordinal_and_its_course_count_are_never_a_result_of_its_outcome_cell(
    facts: Callable[..., CaseFacts],
) -> None:
    f = facts(
        {
            "summary.txt": "Referral summary 03/03/2023\n\nTreatment history\n"
            "Line | Regimen | Start | End | Cycles | Best response\n"
            "1 | Hyper-CVAD (1A, 1B) | 05-Jan-2021 | 20-Mar-2021 | 2 | CR (MRD 0.04% after 1B)\n"
            "2 | Blinatumomab | 10-Apr-2021 | 30-May-2021 | 1 | MRD-negative CR\n"
            "3 | Inotuzumab | 02-Sep-2022 | 20-Oct-2022 | 2 | CR, MRD 0.02%\n"
        }
    )
    # the MRD is the number its own cell gives, never the row's line or course count
    assert sorted(m.value for m in f.measurements if m.analyte == "mrd") == [0.02, 0.04]


def test_a_placeholder_or_none_cell_never_negates_the_treatment_its_row_names(
    facts: Callable[..., CaseFacts],
) -> None:
    f = facts(
        {
            "summary.txt": "Referral summary 03/03/2023\n\nTreatment history\n"
            "Line | Regimen | Start | End | Best response | Reason stopped\n"
            "1 | Azacitidine | 01/12/2022 | 30/01/2023 | not yet assessed | n/a\n"
            "2 | DLI | 06/02/2023 | 06/02/2023 | none | progression\n"
            "3 | FLAG-Ida | 20/02/2023 | ongoing | ? | —\n\n"
            "Cellular therapy\n"
            "Product | Infusion date | CRS | ICANS\n"
            "Tisagenlecleucel (CD19 CAR-T) | 09-Nov-2022 | grade 2, tocilizumab | none\n\n"
            "Complications\n"
            "Event | Present\n"
            "Acute GVHD | none\n"
        }
    )
    # each blank speaks for its own column (no response yet, no ICANS, no reason)
    assert [(e.kind, e.date) for e in f.events] == [
        ("car_t", "2022-11-09"),
        ("regimen", "2022-12-01"),
        ("dli", "2023-02-06"),
        ("regimen", "2023-02-20"),
    ]  # a label's own 'none' still says it did not happen: no acute GVHD


def test_a_blank_reason_after_a_response_cell_leaves_the_response_told(
    facts: Callable[..., CaseFacts],
) -> None:
    f = facts(
        {
            "summary.txt": "Transplant summary 13/03/2023\n\n"
            "Line | Treatment | Date | Response | Reason stopped\n"
            "1 | Allo-HSCT (MUD, PBSC) | 10/06/2021 | MRD-negative CR | —\n\n"
            "Complications\n"
            "# | Event | Present\n"
            "1 | Relapse | n/a\n"
        }
    )
    # the dash is the reason's, never the response's; the numbered row's label is negated
    assert sorted((e.kind, e.depth or "") for e in f.events) == [
        ("remission", "MRD-negative"),
        ("transplant", ""),
    ]


def test_a_lines_end_cell_never_dates_its_best_response(
    facts: Callable[..., CaseFacts],
) -> None:
    f = facts(
        {
            "summary.txt": "Referral summary 04/10/2022\n\n"
            "Regimen | Start | End | Best response\n"
            "7+3 | 10/02/2021 | 16/02/2021 | CR1 (NPM1 MRD 0.5%)\n"
            "AZA+VEN | 09/06/2022 | 25/08/2022 | CRi\n"
            "HiDAC | 18/03/2021 | 30/04/2021 | BM 28/04/2021: MRD 0.03%\n"
        }
    )
    # a response is found by a test some time after the line began: the End cell (7+3's
    # last day, the line's last day) is the course's, never the response's
    for e in (e for e in f.events if e.kind == "remission"):
        assert e.date not in ("2021-02-16", "2022-08-25") and e.confidence < 0.9
    mrd = sorted((m.value, m.date, m.confidence >= 0.9) for m in f.measurements)
    assert mrd[0] == (0.03, "2021-04-28", True)  # its own cell's test dates it
    assert mrd[1][:2] != (0.5, "2021-02-16") and not mrd[1][2]


def test_a_signers_role_naming_a_cell_therapy_service_is_no_infusion(
    facts: Callable[..., CaseFacts],
) -> None:
    f = facts(
        {
            "review.txt": "CAR-T day +28 review\n\n"
            "CD19 CAR-T (tisagenlecleucel) infused 19/11/2021.\n"
            "Marrow 17/12/2021: MRD negative.\n\n"
            "Signed: Dr B. Osei, CAR-T Fellow   18/12/2021\n"
        }
    )
    assert [(e.kind, e.date) for e in f.events if e.kind == "car_t"] == [("car_t", "2021-11-19")]
