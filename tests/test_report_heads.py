"""What specimen a report's blasts are of: its own title, headings and specimen field."""

from __future__ import annotations

from tests.extraction_helpers import Facts

# a pathology letterhead of more than 600 characters: address, accreditation, patient block
LETTERHEAD = (
    "Westmoor Teaching Hospitals NHS Foundation Trust\n"
    "Blood Sciences - Laboratory Haematology, Level 2 Pathology Wing\n"
    "77 Canal Street, Westmoor, Eastshire WM3 9LD\n"
    "Telephone 01632 960 771   Fax 01632 960 772   Email bloodsci@westmoor.example.nhs.uk\n"
    "Accredited by UKAS to ISO 15189:2022, Medical Laboratory No. 9042\n"
    "Laboratory Director: Dr Imogen Harcourt FRCPath   Consultants: Dr T Mensah, Dr L Berg\n"
    "Patient: Josephine Carver   Hospital number: W8812044   NHS number: 943 476 5919\n"
    "Date of birth: 09/09/1957   Sex: Female   Ward: Haematology Day Unit\n"
    "Requesting clinician: Dr P Quist   Location: Outpatients   Report status: Final\n"
    "Collected: 11/07/2023   Received: 11/07/2023   Reported: 13/07/2023\n"
)


def _blasts(f) -> list[tuple[float | None, str | None]]:
    return [(m.value, m.date) for m in f.measurements if m.analyte == "blasts"]


def test_a_marrow_reports_specimen_field_below_a_long_letterhead(facts: Facts) -> None:
    assert len(LETTERHEAD) > 600
    text = (
        f"{LETTERHEAD}Specimen: bone marrow aspirate\n\nMorphology\n"
        "The smears are particulate and cellular. Blasts 34%. Erythropoiesis is reduced.\n"
    )
    assert _blasts(facts({"a.txt": text})) == [(34.0, "2023-07-11")]


def test_a_marrow_reports_title_over_its_section_heading(facts: Facts) -> None:
    text = (
        f"{LETTERHEAD}\nBONE MARROW ASPIRATE REPORT\n\nMicroscopy\n"
        "Cellular fragments are present. Blasts 34%. Megakaryocytes are scanty.\n"
    )
    assert _blasts(facts({"a.txt": text})) == [(34.0, "2023-07-11")]


def test_a_blood_reports_title_under_a_marrow_transplant_letterhead(facts: Facts) -> None:
    # the department's marrow word is the hospital's; the report's title says blood
    text = (
        "Department of Clinical Haematology and Bone Marrow Transplantation\n"
        "Westmoor Teaching Hospitals, 77 Canal Street, Westmoor WM3 9LD\n\n"
        "PERIPHERAL BLOOD COUNT REPORT\n"
        "Collected: 11/07/2023\n\n"
        "Film comment\nBlasts 12%. Neutrophils are reduced.\n"
    )
    assert _blasts(facts({"a.txt": text})) == []


def test_a_letterheads_services_list_names_no_marrow_specimen(facts: Facts) -> None:
    text = (
        "Westmoor Teaching Hospitals\n"
        "Our services: Haematology | Bone marrow transplantation | Stem cell collection\n\n"
        "Full blood count\nCollected: 11/07/2023\n\n"
        "Film comment: Blasts 12%. Neutrophils are reduced.\n"
    )
    assert _blasts(facts({"a.txt": text})) == []


def _grid_report(specimen: str, collected: str, result: str) -> str:
    """A report whose head fields stand as a grid: specimen over its dates, cells apart."""
    return (
        f"Specimen: {specimen}     Specimen No: M23.0{collected[:2]}17\n"
        f"Date collected: {collected}         Date received: {collected}"
        "       Date reported: 28/07/2023\n"
        f"Clinical details: AML, day 28 post induction.\n\n{result}\n"
    )


def test_a_specimen_field_in_a_grid_of_head_fields_places_the_blasts(facts: Facts) -> None:
    # the head fields are read as a table; its 'Specimen:' cell still says what was sampled
    marrow = _grid_report("Bone marrow aspirate", "14/07/2023", "Cellular particles. Blasts 3%.")
    blood = _grid_report("Peripheral blood", "21/07/2023", "Film: Blasts 12%. Neutrophils low.")
    text = f"{LETTERHEAD}\n{marrow}\n{'-' * 60}\n{blood}"
    assert _blasts(facts({"a.txt": text})) == [(3.0, "2023-07-14")]


# a children's hospital marrow report: a grid of two label-value pairs a row, then sections
GRID_REPORT = (
    "BONE MARROW ASPIRATE REPORT\n"
    "Specimen | Bone marrow aspirate | Collected | 12/05/2021\n"
    "Received | 12/05/2021 | Reported | 14/05/2021\n\n"
    "Clinical details\nKnown precursor B-ALL. Query relapse.\n\n"
    "Peripheral blood (same day)\n"
    "Test | Result | Units\nHb | 92 | g/L\nPlatelets | 41 | x10^9/L\nBlasts (film) | 23 | %\n\n"
    "Aspirate morphology\nCellular aspirate, blasts 65% of nucleated cells.\n"
)


def test_a_blood_sub_heading_outranks_the_marrow_title_for_its_table(facts: Facts) -> None:
    # the blood count printed under 'Peripheral blood' is blood's, whatever the title says
    f = facts({"bm.txt": GRID_REPORT})
    assert [v for v, _ in _blasts(f)] == [65.0]


def test_a_reports_result_headings_end_its_clinical_details(facts: Facts) -> None:
    # 'Peripheral blood (same day)', 'Aspirate morphology' open the findings: every result
    # below them is the specimen's, dated by the grid's collection date
    f = facts({"bm.txt": GRID_REPORT})
    got = sorted((m.analyte, m.value, m.date) for m in f.measurements)
    assert got == [
        ("blasts", 65.0, "2021-05-12"), ("hb", 92.0, "2021-05-12"), ("plt", 41.0, "2021-05-12")
    ]  # fmt: skip
    german = (
        "Knochenmarkbefund\n"
        "Material | Knochenmark | Entnahme | 03.11.2020\n"
        "Befunddatum | 05.11.2020 | Einsender | Station 2\n\n"
        "Fragestellung\nZ.n. Blockchemotherapie, Remissionskontrolle.\n\n"
        "Zytomorphologie\nMittelzellreiches Mark, Blasten 4 %.\n"
    )
    f = facts({"km.txt": german})
    assert _blasts(f) == [(4.0, "2020-11-03")]
