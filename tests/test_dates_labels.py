"""Dates typed by their label: same line, the line above, a table header, a fax header line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from recordkit.dates import DateMention, DateType, find_dates
from recordkit.nlp.rules import DateRules
from tests.extraction_helpers import Facts


def typed(text: str, rules: DateRules, order: str = "DMY") -> list[tuple[str, DateType | None]]:
    return [(d.raw, d.type) for d in find_dates(text, order, rules)]  # type: ignore[arg-type]


def test_header_fields_on_one_line(rules: DateRules) -> None:
    text = (
        "Name: A. Patient   DOB: 02/07/1961   MRN 55512\n"
        "Specimen collected: 11/09/2018 08:15  Received: 12/09/2018 Reported: 14/09/2018\n"
        "Authorised 15/09/2018 by the consultant. Printed 19/09/2018 10:49 Page 1 of 2\n"
    )
    assert typed(text, rules) == [
        ("02/07/1961", DateType.BIRTH),
        ("11/09/2018", DateType.COLLECTION),
        ("12/09/2018", DateType.RECEIVED),
        ("14/09/2018", DateType.REPORT),
        ("15/09/2018", DateType.REPORT),
        ("19/09/2018", DateType.PRINT),
    ]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("D.O.B. 12/03/1958", DateType.BIRTH),
        ("Date of birth: 12-MAR-1958", DateType.BIRTH),
        ("born 12 March 1958 in Leeds", DateType.BIRTH),
        ("出生日期：1958年3月12日", DateType.BIRTH),
        ("Date drawn: 03/04/2021", DateType.COLLECTION),
        ("Specimen Collected Date: 03/04/2021", DateType.COLLECTION),
        ("Collection Date/Time: 03/04/2021 08:10", DateType.COLLECTION),
        ("Sample Collected On : 03-Apr-2021 10:30 AM", DateType.COLLECTION),
        ("Registered On : 03-Apr-2021", DateType.RECEIVED),
        ("Reported at 04/04/2021", DateType.REPORT),
        ("Sample date 03/04/2021", DateType.COLLECTION),
        ("采样日期 2021-04-03", DateType.COLLECTION),
        ("标本：骨髓 采样时间：2019年6月16日", DateType.COLLECTION),
        ("报告时间：2019年6月17日", DateType.REPORT),
        ("Date of admission: 03/04/2021", DateType.ADMISSION),
        ("Admitted on 03/04/2021", DateType.ADMISSION),
        ("Discharge date: 09/04/2021", DateType.DISCHARGE),
        ("出院日期：2021年4月9日", DateType.DISCHARGE),
        ("Clinic date: 09/04/2021", DateType.DOCUMENT),
        ("Date of letter 9 April 2021", DateType.DOCUMENT),
        ("Verified: 09/04/2021", DateType.REPORT),
        ("Faxed on 09/04/2021", DateType.FAX),
        ("Day 0: 06-SEP-2020", DateType.EVENT),
        ("Date of report: 12-OCT-2020", DateType.REPORT),
    ],
)
def test_label_types_the_date(line: str, kind: DateType, rules: DateRules) -> None:
    [(raw, got)] = typed(line, rules)
    assert got is kind, raw


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Geb.datum: 14-06-1966", DateType.BIRTH),
        ("Geboortedatum 14-06-1966", DateType.BIRTH),
        ("Afnamedatum: 25-04-2023", DateType.COLLECTION),
        ("Afname: 25-04-2023 08:10", DateType.COLLECTION),
        ("Afnametijd 25-04-2023 08:10", DateType.COLLECTION),
    ],
)
def test_dutch_birth_and_collection_labels(line: str, kind: DateType, rules: DateRules) -> None:
    [(raw, got)] = typed(line, rules)
    assert got is kind, raw


def test_a_dutch_result_is_dated_by_its_collection_not_the_birth_date(facts: Facts) -> None:
    f = facts(
        {
            "lab.txt": "Patiënt: de Vries   Geb.datum: 14-06-1966\n"
            "Afnamedatum: 25-04-2023\nWBC 4.1 x10^9/L"
        }
    )
    assert [(m.analyte, m.date) for m in f.measurements] == [("wbc", "2023-04-25")]
    assert [d.date for d in f.documents] == ["2023-04-25"]


def test_prose_dates_are_untyped(rules: DateRules) -> None:
    text = "Bone marrow on 21/04/2020 showed CR. He was readmitted with fever in May 2020."
    assert typed(text, rules) == [("21/04/2020", None), ("May 2020", None)]


def test_label_on_the_line_above(rules: DateRules) -> None:
    text = "Date of birth:\n01/02/1960\nCollection date\n05-JAN-2017\nWBC 4.1"
    assert typed(text, rules) == [("01/02/1960", DateType.BIRTH), ("05-JAN-2017", "collection")]


def test_header_row_of_labels_over_a_row_of_dates(rules: DateRules) -> None:
    text = "Collected     Received     Reported\n04/24/15 08:10   04/24/15 10:02   04/25/15\n"
    assert typed(text, rules, "MDY") == [
        ("04/24/15", DateType.COLLECTION),
        ("04/24/15", DateType.RECEIVED),
        ("04/25/15", DateType.REPORT),
    ]


def test_cumulative_report_row_of_collection_dates(rules: DateRules) -> None:
    text = "Collected 22/09/17 23/10/17 17/03/18 Units Ref\nHaemoglobin 65 118 116 g/L 115-165\n"
    assert [t for _, t in typed(text, rules)] == [DateType.COLLECTION] * 3


def test_table_column_under_a_label_header(rules: DateRules) -> None:
    text = "Date collected  WBC  Hb\n12/03/21  4.5  101\n15/03/21  3.9  97\n19/03/21  5.2  110\n"
    assert [t for _, t in typed(text, rules)] == [DateType.COLLECTION] * 3


def test_generic_date_column_does_not_type_event_rows(rules: DateRules) -> None:
    text = "Day Date Event\n+17 23-SEP-2020 Neutrophil engraftment\n+32 08-OCT-2020 Marrow\n"
    assert [t for _, t in typed(text, rules)] == [None, None]
    text = "Date   Event\n23-SEP-2020  Neutrophil engraftment\n08-OCT-2020  Marrow\n"
    assert [t for _, t in typed(text, rules)] == [None, None]


def test_a_sentence_above_is_no_header(rules: DateRules) -> None:
    text = "The patient was admitted for her second cycle of chemotherapy.\n12/03/2021 WBC 3.1\n"
    assert typed(text, rules) == [("12/03/2021", None)]
    text = "Sample sent to the reference laboratory in another city for typing.\n12/03/21 a\n"
    assert typed(text, rules) == [("12/03/21", None)]


def test_a_dated_line_above_is_no_header(rules: DateRules) -> None:
    text = "DOB: 01/01/1960\n12/03/2021 Bone marrow: blasts 3%\n"
    assert typed(text, rules) == [("01/01/1960", "birth"), ("12/03/2021", None)]


def test_a_list_of_visits_names_each_visit_not_the_document(rules: DateRules) -> None:
    one_line = "Attendances: 04/03/2024 Clinic; 11/03/2024 Day Unit; 18/03/2024 Clinic\n"
    assert typed(one_line, rules) == [
        ("04/03/2024", DateType.EVENT),
        ("11/03/2024", DateType.EVENT),
        ("18/03/2024", DateType.EVENT),
    ]
    rows = "Visits:\n04/03/2024 Clinic\n11/03/2024 Day Unit\n"
    assert typed(rows, rules) == [("04/03/2024", DateType.EVENT), ("11/03/2024", DateType.EVENT)]


def test_a_visits_name_does_not_label_the_next_date(rules: DateRules) -> None:
    assert typed("04/03/2024 Clinic; 11/03/2024 Infusion\n", rules) == [
        ("04/03/2024", None),
        ("11/03/2024", None),
    ]
    assert typed("04/03/2024 Clinic\n11/03/2024 Infusion\n", rules) == [
        ("04/03/2024", None),
        ("11/03/2024", None),
    ]


def test_fax_header_lines(rules: DateRules) -> None:
    text = (
        "FROM: Lakeside Oncology 05/24/2015 14:49 P.002\n"
        "MAY-24-2015 14:49 FROM: LAKESIDE ONC 5551240415 TO: 5550116 P.003\n"
        "Collected: 05/20/15 08:10 Reported: 05/21/15\n"
    )
    assert typed(text, rules, "MDY") == [
        ("05/24/2015", DateType.FAX),
        ("MAY-24-2015", DateType.FAX),
        ("05/20/15", DateType.COLLECTION),
        ("05/21/15", DateType.REPORT),
    ]


def test_which_dates_may_date_a_result(rules: DateRules) -> None:
    text = "DOB 01/01/1960 Collected 03/03/2021 Reported 04/03/2021 Printed 05/03/2021"
    found = {d.type: d for d in find_dates(text, "DMY", rules)}
    assert [t for t, d in found.items() if d.dates_results] == [DateType.COLLECTION]
    # the older three-way label other passes read
    assert [found[t].label for t in found] == ["report", "collection", "report", "report"]
    mention = DateMention(0, 1, "x", date(2021, 1, 1), "day", type=DateType.ADMISSION)
    assert mention.label == "document" and mention.dates_results and mention.dates_document
    assert not found[DateType.COLLECTION].dates_document


def test_a_broken_dates_rule_file_is_a_clear_error(tmp_path: Path) -> None:
    import json
    import shutil
    from importlib import resources

    from recordkit.exceptions import InvalidRulesError
    from recordkit.nlp.rules import load_rules_from

    src = resources.files("recordkit.rules")
    for entry in src.iterdir():  # every rule file but the one under test
        if entry.name.endswith((".json", ".jsonl")) and entry.name != "dates.json":
            shutil.copyfile(str(entry), tmp_path / entry.name)
    good = json.loads(src.joinpath("dates.json").read_text(encoding="utf-8"))
    for broken, needle in (
        ({**good, "months": {k: v for k, v in good["months"].items() if k != "7"}}, "months"),
        ({**good, "labels": {**good["labels"], "posted": ["posted"]}}, "labels"),
        ({**good, "fax_line_cues": ["(unclosed"]}, "bad regular expression"),
    ):
        (tmp_path / "dates.json").write_text(json.dumps(broken), encoding="utf-8")
        with pytest.raises(InvalidRulesError, match=needle):
            load_rules_from(tmp_path)


@pytest.mark.parametrize(
    "note",
    [
        "Fecha de ingreso: 08/01/2024  Fecha de alta: 22/02/2024\n"
        "Hemograma al ingreso: Hb 8,1 g/dL\n",
        "Ricovero dal 08/01/2024 al 22/02/2024\nAll'ingresso: Hb 8,1 g/dL\n",
        "Admitted 08/01/2024, discharged 22/02/2024.\nOn admission: Hb 81 g/L\n",
        "Aufnahme: 08.01.2024  Entlassung: 22.02.2024\nBei Aufnahme: Hb 8,1 g/dl\n",
        "入院日期：2024-01-08  出院日期：2024-02-22\n入院时血常规：Hb 81 g/L\n",
    ],
)
def test_a_count_on_admission_takes_the_admission_date(facts: Facts, note: str) -> None:
    f = facts({"s.txt": f"Discharge letter 25/02/2024\n{note}"})
    # the stay's admission day, not the letter's date
    assert [(m.analyte, m.date) for m in f.measurements] == [("hb", "2024-01-08")]


def test_a_count_on_admission_with_no_admission_date_keeps_the_letters_date(
    facts: Facts,
) -> None:
    f = facts({"s.txt": "Discharge summary 22/02/2024\nOn admission: Hb 81 g/L\n"})
    hb = f.measurements[0]
    assert (hb.date, hb.confidence < 0.9) == ("2024-02-22", True)


@pytest.mark.parametrize(
    "line",
    [
        "Date of this report: 14/03/2024",
        "Report date of form: 14/03/2024",
        "Form completed on 14/03/2024",
    ],
)
def test_a_forms_report_date_labels(rules: DateRules, line: str) -> None:
    assert typed(f"Registry form\nDate of diagnosis: 02/01/2022\n{line}\n", rules)[-1] == (
        "14/03/2024",
        DateType.REPORT,
    )


def test_a_forms_report_date_below_its_table_dates_the_form(facts: Facts) -> None:
    form = (
        "REGISTRY FORM\nPatient ID: 4471\n\nParameter | Value\nWBC | 23.5 x10^9/L\n"
        "Platelets | 41 x10^9/L\n\nDate of this report: 14/03/2024\n"
    )
    # the form's own date, doubted, for the values it states without one
    assert {(m.date, m.confidence < 0.9) for m in facts({"f.txt": form}).measurements} == {
        ("2024-03-14", True)
    }


def test_a_label_word_in_a_patients_name_is_no_header(rules: DateRules) -> None:
    # 'Sample' is the patient's surname in the banner's Patient field, not a 'Sample' column
    text = "Patient: John R. Sample    MRN 0001234\nBM 03/14/2023   blasts 2%\n"
    assert typed(text, rules, "MDY") == [("03/14/2023", None)]
    text = "Sample    MRN\n03/14/2023   0001234\n"
    assert typed(text, rules, "MDY") == [("03/14/2023", DateType.COLLECTION)]


def test_a_sentence_under_a_line_of_labels_is_no_row_of_dates(rules: DateRules) -> None:
    text = "Collected\nAML in CR1, s/p MUD PBSCT on 03/14/2023.\n"
    assert typed(text, rules, "MDY") == [("03/14/2023", None)]


def test_a_letters_banner_leaves_the_history_below_it_undated_as_a_specimen(
    facts: Facts,
) -> None:
    letter = (
        "Patient: John R. Sample    MRN 0001234\nAML in CR1, s/p MUD PBSCT on 03/14/2023.\n\n"
        "Chimerism: marrow 97% donor.\n"
    )
    f = facts({"l.txt": letter})
    assert [e.date for e in f.events if e.kind == "transplant"] == ["2023-03-14"]
    # the transplant's day is neither the chimerism's date nor the letter's
    assert [m.date for m in f.measurements if m.analyte == "chimerism"] == [None]
    assert [d.date for d in f.documents] == [None]
    assert not [e for e in f.events if e.kind == "remission" and e.date == "2023-03-14"]


def test_an_unlabelled_birth_date_beside_the_name_never_dates_the_document(facts: Facts) -> None:
    f = facts(
        {
            "relazione.txt": "RELAZIONE CLINICA\nPaziente: BIANCHI Elena, nata a Padova il "
            "04/11/1979\nPadova, 28/01/2023\n\n"
            "Chimerismo su sangue periferico: 97% donatore.\n",
            "lettre.txt": "Mme DURAND Odile (08.02.1955)\nService d'Hématologie\n\n"
            "Consultation du 14 mars 2023.\nChimérisme sur sang total : 95 % donneur.\n",
            "old.txt": "Clinic letter 12/05/1998\nMarrow 3% blasts.\n",  # no other date: kept
        }
    )
    assert sorted((d.file, d.date) for d in f.documents) == [
        ("lettre.txt", "2023-03-14"),
        ("old.txt", "1998-05-12"),
        ("relazione.txt", "2023-01-28"),
    ]
    assert sorted((m.value, m.date) for m in f.measurements if m.analyte == "chimerism") == [
        (95.0, "2023-03-14"),
        (97.0, "2023-01-28"),
    ]


def test_a_clinic_line_naming_who_saw_the_patient_dates_the_letter_s_today(facts: Facts) -> None:
    # a long letterhead pushes the clinic line down the page; it was dictated and typed later
    head = (
        "Riverside University Hospitals NHS Foundation Trust\n"
        "Department of Haematology, Floor 3 North Block, Riverside Road, Eastbridge EB1 2AA\n"
        "Haematology secretaries: 01234 567 890\n"
        "Our ref: PQ/ab    Hosp No: R998877    NHS No: 123 456 7890\n"
        "Dictated: 14/06/2024    Typed: 20/06/2024\n\n"
        "Dr K Morgan\nHillside Medical Centre\n22 Hillside Avenue\nEastbridge EB4 5CC\n\n"
        "Dear Dr Morgan\n\nRe: Mr Sam TESTER   DOB 05/05/1965\n"
        "14 Orchard Way, Eastbridge EB2 7DD\n\n"
    )
    f = facts(
        {
            "letter.txt": head + "Seen in the Haematology Clinic (Dr P Quinn), 11th June 2024\n\n"
            "He is well. Today's FBC: Hb 104 g/L, WCC 4.4 x10^9/L, platelets 156 x10^9/L.\n"
        }
    )
    got = {(m.analyte, m.date, m.date_info.basis) for m in f.measurements}
    assert got == {
        ("hb", "2024-06-11", "today"),
        ("wbc", "2024-06-11", "today"),
        ("plt", "2024-06-11", "today"),
    }


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("03/04/2024              Date of sample", DateType.COLLECTION),
        ("09/04/2024  |  Authorised", DateType.REPORT),
        ("14/02/1975    DOB", DateType.BIRTH),
        ("22/01/2024    Clinic", None),  # a visit's line, not a swapped field
        ("03/04/2024    Date of sample taken late", None),
    ],
)
def test_a_header_pair_read_swapped_keeps_its_label(
    line: str, kind: DateType | None, rules: DateRules
) -> None:
    assert [d.type for d in find_dates(line, "DMY", rules)] == [kind]


def test_a_scanned_header_with_its_columns_swapped_dates_the_specimen(facts: Facts) -> None:
    f = facts(
        {
            "report.txt": "Eastfield Haematology Diagnostic Laboratory\n"
            "Integrated Report - Bone Marrow\n\n"
            "TESTER, Jo              Name              DOB 14/02/1975\n"
            "EH24-00123              Lab No\n"
            "Bone marrow aspirate    Specimen\n"
            "03/04/2024              Date of sample\n"
            "09/04/2024              Authorised\n\n"
            "Morphology\nNormocellular aspirate with trilineage haemopoiesis. Blasts 2%.\n"
        }
    )
    assert [(m.analyte, m.date, m.date_info.basis) for m in f.measurements] == [
        ("blasts", "2024-04-03", "collection")
    ]
