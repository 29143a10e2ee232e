"""Each extraction trap the issue names, with assertions on the extracted items."""

from __future__ import annotations

import pytest

from recordkit.models import CaseFacts
from tests.extraction_helpers import Facts, kinds


def values(f: CaseFacts, analyte: str) -> list:
    return [m for m in f.measurements if m.analyte == analyte]


def test_negated_mentions_are_not_events(facts: Facts) -> None:
    f = facts(
        {
            "l.txt": "Date: 13/03/2024\nThere is no evidence of GVHD. No relapse was seen.\n"
            "Allo-HSCT on 01/02/2024."
        }
    )
    assert kinds(f, "gvhd") == [] and kinds(f, "relapse") == []
    assert [e.date for e in kinds(f, "transplant")] == ["2024-02-01"]


def test_planned_and_deferred_mentions_are_not_events(facts: Facts) -> None:
    f = facts(
        {
            "l.txt": "Letter 25/03/2023\nDLI was discussed but deferred. "
            "A second transplant is being considered.\n"
            "Plan: start venetoclax/azacitidine next week.\n"
            "She received venetoclax/azacitidine on 12/01/2023."
        }
    )
    assert kinds(f, "dli") == [] and kinds(f, "transplant") == []
    regs = kinds(f, "regimen")
    assert [(r.name, r.date) for r in regs] == [("AZA+VEN", "2023-01-12")]


def test_queried_and_to_be_ruled_out_findings_are_not_events(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Date: 22/05/2023\nMarrow sent ?relapse. BMA to r/o CNS relapse.\n"
            "(? acute GVHD of skin) Relapse ruled out.\nDLI given on 20/05/2023.",
        }
    )
    assert kinds(f, "relapse") == [] and kinds(f, "gvhd") == []
    assert [e.date for e in kinds(f, "dli")] == ["2023-05-20"]  # a finding is still one


def test_a_requests_clinical_details_name_the_disease_but_not_findings(facts: Facts) -> None:
    f = facts(
        {
            "m1.txt": "BONE MARROW REPORT\nSpecimen collected: 03/01/2022\n"
            "Clinical details: AML, diagnostic sample.\nBlasts 71%.",
            "m2.txt": "BONE MARROW REPORT\nSpecimen collected: 19/04/2022\n"
            "Clinical details: remission assessment after relapse, on AZA+VEN.\n"
            "Blasts 25%. Conclusion: refractory disease.",
        }
    )
    assert kinds(f, "remission") == [] and kinds(f, "relapse") == []
    assert kinds(f, "regimen") == []
    assert [(e.label, e.date) for e in kinds(f, "diagnosis")] == [("AML", "2022-01-03")]
    assert sorted(v.value for v in values(f, "blasts")) == [25.0, 71.0]


def test_a_requests_clinical_details_keep_the_history_they_date(facts: Facts) -> None:
    # the request states the history with its dates; an undated query is why it was sent
    f = facts(
        {
            "c1.txt": "CHIMERISM REPORT\nSpecimen collected: 14/08/2023\n"
            "Clinical details: Allo-SCT on 14/07/2023, ?relapse.\nDonor chimerism 97%.",
            "c2.txt": "FLOW CYTOMETRY\nSpecimen collected: 12/02/2024\n"
            "Indication: HiDAC started 22-01-2024.\nMRD 0.3%.",
        }
    )
    assert [e.date for e in kinds(f, "transplant")] == ["2023-07-14"]
    assert [(e.name, e.date) for e in kinds(f, "regimen")] == [("HiDAC", "2024-01-22")]
    assert kinds(f, "relapse") == []


def test_a_platelet_recovery_after_the_transplant_a_request_dates_is_engraftment(
    facts: Facts,
) -> None:
    # UK wording for platelet engraftment; the transplant it follows is in the clinical details
    text = (
        "Date sample taken: 14/08/2023\nClinical details: Allo-SCT on 14/07/2023.\n"
        "Platelets >20 unsupported from 05/08/2023."
    )
    f = facts({"a.txt": text})
    assert [(e.lineage, e.date) for e in kinds(f, "engraftment")] == [("platelet", "2023-08-05")]


def test_discharge_advice_is_a_plan(facts: Facts) -> None:
    f = facts(
        {
            "d.txt": "DISCHARGE SUMMARY\nDate of discharge: 10/04/2023\n"
            "Course in hospital: C1 AZA+VEN given from 12/03/2023.\n"
            "ADVICE ON DISCHARGE:\n1. Plan C2 AZA+VEN on 16/04/2023\n2. Review with CBC.",
        }
    )
    regs = kinds(f, "regimen")
    assert [(r.name, r.date) for r in regs] == [("AZA+VEN", "2023-03-12")]


def test_advised_and_referred_treatments_are_not_events(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Letter 10/04/2023\nAllogeneic BMT was advised at that time but the patient "
            "was lost to follow up.\nKindly evaluate for CAR-T.\n"
            "He was considered for a second allogeneic transplant.\n",
        }
    )
    assert kinds(f, "transplant") == [] and kinds(f, "car_t") == []


def test_us_note_shorthand_for_negative_prophylaxis_and_plans(facts: Facts) -> None:
    f = facts(
        {
            "note.txt": "Date of Service: 11/19/2021\nBMBx 9/15/21: MRD-neg by flow.\n"
            "GVHD ppx PTCy/tac/MMF.\nPost-HCT gilteritinib maintenance to be discussed.\n"
            "AML in CR1 - proceed to allo HCT, admit 01/10/2022.\n",
        }
    )
    assert [(v.date, v.value) for v in values(f, "mrd")] == [("2021-09-15", 0.0)]
    assert kinds(f, "gvhd") == [] and kinds(f, "regimen") == [] and kinds(f, "transplant") == []
    # a state told beside a planned date is not found on that later date
    assert [e.date for e in kinds(f, "remission")] == [None]


def test_an_admission_for_relapsed_disease_and_a_candidate_are_not_events(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Myelogram of 22/05/2023: relapse with 31% of blasts.\n"
            "Admitted on 23/07/2023 for relapsed AML.\n"
            "The patient is candidate to allogeneic HSCT.\n"
            "Achievement of MRD negativity on 25/07/2020.\n",
        }
    )
    assert [e.date for e in kinds(f, "relapse")] == ["2023-05-22"]
    assert kinds(f, "transplant") == []
    assert [(e.date, e.depth) for e in kinds(f, "remission")] == [("2020-07-25", "MRD-negative")]


def test_family_history_is_not_the_patients_diagnosis(facts: Facts) -> None:
    f = facts(
        {
            "l.txt": "Letter 25/03/2023\nHer father had AML. "
            "Her brother was diagnosed with AML in 2015.\n"
            "She was diagnosed with B-ALL on 03/04/2022."
        }
    )
    diag = kinds(f, "diagnosis")
    assert [(d.label, d.date) for d in diag] == [("B-ALL", "2022-04-03")]


def test_the_donors_counts_are_not_the_patients(facts: Facts) -> None:
    f = facts(
        {
            "tx.txt": "Transplant summary 02/08/2024\n"
            "Donor FBC on 24/07/2024: Hb 148 g/L, Plt 212 x10^9/L.\n"
            "Sibling donor counts at donation (24/07/2024): WBC 41.6 x10^9/L, Hb 150 g/L.\n"
            "Her mother is a haploidentical donor (age 55, Hgb 12.9, Plt 231 on screening).\n"
            "Donor: sibling. FBC today: Hb 92 g/L, Plt 45 x10^9/L, WBC 2.3 x10^9/L."
        }
    )
    assert [(m.value, m.date) for m in values(f, "hb")] == [(92.0, "2024-08-02")]
    assert [m.value for m in values(f, "plt")] == [45.0]
    assert [m.value for m in values(f, "wbc")] == [2.3]


def test_a_relatives_clause_goes_on_after_a_semicolon_that_opens_with_a_pronoun(
    facts: Facts,
) -> None:
    f = facts(
        {
            "c.txt": "Clinic date: 14/03/2023\n"
            "Her brother is a 10/10 HLA match; his full blood count was normal (Hb 152, "
            "platelets 240).\n"
            "Her sister was tested; FBC today: Hb 95 g/L.\n"
            "Seen with her mother; she is well, platelets 61."
        }
    )
    assert [(m.value, m.date) for m in values(f, "hb")] == [(95.0, "2023-03-14")]
    assert [m.value for m in values(f, "plt")] == [61.0]


def test_a_relatives_story_goes_on_in_a_clause_whose_pronoun_is_theirs(facts: Facts) -> None:
    f = facts(
        {
            "l.txt": "5 December 2023\n"
            "His brother was diagnosed with AML in 2015 and underwent an allogeneic "
            "transplant; he remains well in remission."
        }
    )
    assert kinds(f, "remission") == [] and kinds(f, "diagnosis") == []
    assert kinds(f, "transplant") == []
    f = facts({"l.txt": "5 December 2023\nHer brother had AML in 2012; she achieved CR1 in 2023."})
    assert [e.date for e in kinds(f, "remission")] == ["2023"]


def test_reference_ranges_are_not_values(facts: Facts) -> None:
    f = facts(
        {
            "lab.txt": "Haematology laboratory\nCollection date: 02/03/2023\n"
            "Blasts 32 % (normal < 5 %)\n"
            "Normal ranges: WBC 4.0-11.0 x10^9/L; Hb 120-160 g/L.\n"
            "WBC 2.1 x10^9/L   4.0-11.0\nbone marrow aspirate"
        }
    )
    assert [(m.value, m.date) for m in values(f, "blasts")] == [(32.0, "2023-03-02")]
    assert [m.value for m in values(f, "wbc")] == [2.1]
    assert values(f, "hb") == []


def test_historic_value_repeated_in_a_letter_is_merged(facts: Facts) -> None:
    f = facts(
        {
            "lab.txt": "BONE MARROW REPORT\nCollection date: 05/11/2021   Report date: 08/11/2021\n"
            "Blasts: 68.0 %",
            "letter.txt": "Letter 22/04/2024\nBone marrow at diagnosis (05/11/2021) showed 68.0% "
            "blasts.",
        }
    )
    blasts = values(f, "blasts")
    assert len(blasts) == 1
    assert blasts[0].date == "2021-11-05"
    assert {s.file for s in blasts[0].sources} == {"lab.txt", "letter.txt"}


def test_collection_date_wins_over_report_date(facts: Facts) -> None:
    f = facts(
        {
            "cbc.txt": "CLINICAL LABORATORY\nCollected: 01/10/2023 07:45  Reported: 01/11/2023\n"
            "Hemoglobin 9.8 g/dL\nPlatelets 85,000 /uL"
        }
    )
    assert {m.analyte: m.date for m in f.measurements} == {"hb": "2023-01-10", "plt": "2023-01-10"}
    assert all(m.date_info.basis == "collection" for m in f.measurements)


def test_relative_dates_resolve_across_documents(facts: Facts) -> None:
    f = facts(
        {
            "a_summary.txt": "Haploidentical HSCT on 20/10/2023.\n"
            "CD19 CAR-T infusion on 12/09/2023.",
            "b_letter.txt": "Day +30 donor chimerism was 99.2%.\n"
            "The first DLI was given on 10/01/2024 and the second DLI four weeks "
            "after the first.\n"
            "Two weeks after the second DLI she developed acute GVHD of the skin, "
            "grade 2.\n"
            "One month following CAR-T the MRD was negative.",
        }
    )
    assert [m.date for m in values(f, "chimerism")] == ["2023-11-19"]
    assert [d.date for d in kinds(f, "dli")] == ["2024-01-10", "2024-02-07"]
    gvhd = kinds(f, "gvhd")
    assert [(g.date, g.organ, g.grade) for g in gvhd] == [("2024-02-21", "skin", 2)]
    mrd = values(f, "mrd")
    assert [(m.value, m.date, m.date_info.precision) for m in mrd] == [(0.0, "2023-10", "month")]


def test_relative_date_without_anchor_is_null_with_reason(facts: Facts) -> None:
    f = facts({"l.txt": "Neutrophil engraftment on day +14."})
    eng = kinds(f, "engraftment")
    assert len(eng) == 1 and eng[0].date is None
    assert "transplant" in (eng[0].date_info.reason or "")


def test_narrative_dates(facts: Facts) -> None:
    f = facts(
        {
            "l.txt": "She presented in March 2020 and was diagnosed with AML.\n"
            "She received IA induction in March of that year.\n"
            "Consolidation was with HiDAC in June 2020.\n"
            "Five months later the disease relapsed, with 18% marrow blasts."
        }
    )
    assert [(e.kind, e.date) for e in f.events if e.kind != "remission"] == [
        ("diagnosis", "2020-03"),
        ("regimen", "2020-03"),
        ("regimen", "2020-06"),
        ("relapse", "2020-11"),
    ]
    assert [(m.value, m.date) for m in values(f, "blasts")] == [(18.0, "2020-11")]


def test_unit_conversions(facts: Facts) -> None:
    f = facts(
        {
            "lab.txt": "Collected 2023-01-10\nbone marrow\nHb 9.8 g/dL\nWBC 3,200 /uL\n"
            "ANC 1.9 x10^9/L\nPLT 85 x10^3/uL\nMRD 6.0 x 10^-4\n",
            "lab2.txt": "Collected 2023-02-10\nMRD 0,06 %\n",
            "lab3.txt": "Collected 2023-03-10\nMRD < 0.01 % (negative)\n",
            "lab4.txt": "Collected 2023-04-10\nMRD negative\nHb 9.1 x10^9/L",
        }
    )
    got = {(m.analyte, m.date): m for m in f.measurements}
    assert got["hb", "2023-01-10"].value == 98.0 and got["hb", "2023-01-10"].unit == "g/L"
    assert got["wbc", "2023-01-10"].value == 3.2
    assert got["anc", "2023-01-10"].value == 1.9
    assert got["plt", "2023-01-10"].value == 85.0
    assert abs(got["mrd", "2023-01-10"].value - 0.06) < 1e-9
    assert got["mrd", "2023-02-10"].value == 0.06
    m3 = got["mrd", "2023-03-10"]
    assert m3.value == 0 and "below_detection" in m3.flags and "negative" in m3.flags
    assert got["mrd", "2023-04-10"].value == 0 and "negative" in got["mrd", "2023-04-10"].flags
    bad = got["hb", "2023-04-10"]
    assert bad.value is None and "does not fit" in (bad.error or "")


def test_day_month_order_is_inferred_per_document(facts: Facts) -> None:
    us = facts({"us.txt": "Hematology clinic note 02/20/2023\nRelapse on 01/10/2023."})
    assert [e.date for e in kinds(us, "relapse")] == ["2023-01-10"]
    uk = facts({"uk.txt": "Haematology letter 20/02/2023\nRelapse on 01/10/2023."})
    assert [e.date for e in kinds(uk, "relapse")] == ["2023-10-01"]
    unknown = facts({"x.txt": "Relapse on 01/10/2023."})
    rel = kinds(unknown, "relapse")
    assert rel[0].date is None and "ambiguous" in (rel[0].date_info.reason or "")
    assert any("day/month order" in w for w in unknown.warnings)


def test_same_fact_in_two_documents_is_one_item_and_conflicts_are_listed(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "HSCT on 2023-10-20. Donor chimerism on 2023-11-19 was 99.2%.",
            "b.txt": "Allogeneic transplant on 20 October 2023. Chimerism on 2023-11-19 was 97.0%.",
        }
    )
    assert len(kinds(f, "transplant")) == 1 and len(kinds(f, "transplant")[0].sources) == 2
    assert sorted(m.value for m in values(f, "chimerism")) == [97.0, 99.2]
    assert len(f.conflicts) == 1 and sorted(f.conflicts[0].values) == [97.0, 99.2]


def test_regimen_synonyms_brands_and_ocr_garbles(facts: Facts) -> None:
    f = facts(
        {
            "l.txt": "Venclexta and Vidaza cycle 1 on 2023-01-10.\n"
            "Idarubicin and cytarabinc started 2022-06-06.\n"
            "AZA + venetoclax cycle 2 on 2023-02-10."
        }
    )
    assert [(e.name, e.date) for e in kinds(f, "regimen")] == [
        ("IA", "2022-06-06"),
        ("AZA+VEN", "2023-01-10"),
        ("AZA+VEN", "2023-02-10"),
    ]
    ia = kinds(f, "regimen")[0]
    assert ia.confidence < 1.0, "a fuzzy match is marked with lower confidence"


def test_conditioning_and_lymphodepletion_are_not_regimens(facts: Facts) -> None:
    f = facts(
        {
            "l.txt": "Clinic letter 25/06/2022\n"
            "CD19 CAR-T cells infused on 10/05/2022 after fludarabine and "
            "cyclophosphamide lymphodepletion on 05/05/2022.\n"
            "Conditioning was fludarabine and busulfan."
        }
    )
    assert kinds(f, "regimen") == []
    assert [(e.target, e.date) for e in kinds(f, "car_t")] == [("CD19", "2022-05-10")]


def test_remains_in_remission_is_not_a_new_remission(facts: Facts) -> None:
    f = facts({"l.txt": "Complete remission on 2021-12-12.\nShe remains in complete remission."})
    assert [e.date for e in kinds(f, "remission")] == ["2021-12-12"]


@pytest.mark.parametrize(
    "later",
    [
        "On 18/06/2023 MRD remained negative.",
        "Bone marrow 18/06/2023: remains MRD-negative CR.",
        "Marrow 18/06/2023: MRD has remained undetectable, in continued remission.",
        "Her MRD has stayed negative on 18/06/2023, in MRD-negative remission.",
    ],
)
def test_mrd_that_stays_negative_is_no_new_remission(facts: Facts, later: str) -> None:
    f = facts(
        {
            "l.txt": "AML diagnosed 15/01/2023. She achieved an MRD-negative complete "
            f"remission on 20/03/2023.\n\n{later}\n"
        }
    )
    assert [e.date for e in kinds(f, "remission")] == ["2023-03-20"]


def test_every_number_leads_back_to_its_quote(facts: Facts) -> None:
    f = facts(
        {"lab.txt": "Collected 2023-01-10\nbone marrow blasts 12.5 %\nHb 9.8 g/dL\nMRD 6.0 x 10^-4"}
    )
    assert f.measurements
    for m in f.measurements:
        src = m.sources[0]
        assert m.raw and m.raw in src.quote
        page = "Collected 2023-01-10\nbone marrow blasts 12.5 %\nHb 9.8 g/dL\nMRD 6.0 x 10^-4"
        assert page[src.start : src.end] == src.quote


def test_a_custom_rule_folder_reaches_the_pipeline(tmp_path) -> None:
    import json
    import shutil
    from pathlib import Path

    from recordkit.config import Settings
    from recordkit.extract import extract_case
    from recordkit.models import DocumentResult, FileRecord, PageText

    rules = tmp_path / "rules"
    shutil.copytree(Path(__file__).resolve().parents[1] / "src" / "recordkit" / "rules", rules)
    voc = json.loads((rules / "vocabulary.json").read_text())
    voc["regimens"].insert(0, {"name": "TRIAL-X", "drugs": [], "aliases": ["Trialomab"]})
    (rules / "vocabulary.json").write_text(json.dumps(voc))
    text = "Trialomab started 2023-01-10."
    doc = DocumentResult(
        record=FileRecord(
            path="a.txt", sha256=None, size=1, type="text", pages=1, method="text", status="ok"
        ),
        pages=(PageText(file="a.txt", page=1, text=text, method="text"),),
    )
    settings = Settings.model_validate({"extract": {"rules": str(rules)}})
    got = extract_case("t", [doc], settings)
    assert [(e.name, e.date) for e in got.events] == [("TRIAL-X", "2023-01-10")]
    assert extract_case("t", [doc], Settings()).events == ()


def _ocr_case(value_conf: float, value: str = "0.77"):  # type: ignore[no-untyped-def]
    """A scanned blood count whose neutrophil value was read as `value` at `value_conf`."""
    from recordkit.config import Settings
    from recordkit.extract import extract_case
    from recordkit.models import DocumentResult, FileRecord, PageText, Word

    lines = [
        ["Haemoglobin", "98", "g/L", "115-165"],
        ["Neutrophils", value, "x10^9/L", "2.0-7.5"],
    ]
    words = [
        Word(text="Collected:", x0=60, top=30, x1=150, bottom=42, conf=93.0),
        Word(text="24/03/2021", x0=159, top=30, x1=249, bottom=42, conf=93.0),
    ]
    for row, line in enumerate(lines):
        for col, text in enumerate(line):
            conf = value_conf if (row, col) == (1, 1) else 93.0
            x, top = 60 + col * 150, 80 + row * 20
            words.append(Word(text=text, x0=x, top=top, x1=x + 9 * len(text), bottom=top + 12,
                              conf=conf))  # fmt: skip
    mean = sum(w.conf for w in words) / len(words)
    text = "Collected: 24/03/2021\n" + "\n".join(" ".join(line) for line in lines)
    page = PageText(file="scan.png", page=1, text=text, method="ocr", ocr_confidence=mean,
                    width=700, height=300, unit="px", words=tuple(words))  # fmt: skip
    record = FileRecord(path="scan.png", sha256=None, size=1, type="png", pages=1,
                        method="ocr", status="ok")  # fmt: skip
    facts = extract_case("t", [DocumentResult(record=record, pages=(page,))], Settings())
    return {m.analyte: m for m in facts.measurements}


def test_a_value_ocr_read_poorly_is_doubted_though_its_page_read_well() -> None:
    sure, unsure = _ocr_case(92.0), _ocr_case(4.0)
    assert sure["anc"].value == unsure["anc"].value == 0.77
    assert sure["anc"].confidence >= 0.9 and not any("unsure" in d for d in sure["anc"].doubts)
    assert unsure["anc"].confidence < 0.9
    assert "OCR was unsure of the value's own characters" in unsure["anc"].doubts
    assert not any("unsure" in d for d in unsure["hb"].doubts)  # its neighbours are not


def test_only_the_values_own_word_tells_how_well_ocr_read_it() -> None:
    # '2.1' read as '2a' at 3 %: the digit 2 also stands in the date and the reference range,
    # both read well, but those words are not the value's
    got = _ocr_case(3.0, "2a")["anc"]
    assert got.value == 2.0 and got.confidence < 0.9
    assert "OCR was unsure of the value's own characters" in got.doubts
    assert any("glued to the number" in d for d in got.doubts)


def test_a_trend_gives_the_later_value_with_its_own_date(facts: Facts) -> None:
    f = facts(
        {
            "letter.txt": "Letter 10/28/2021.\n"
            "NPM1 MRD rose from 0.02% on 07/19/2021 to 1.8% on 09/20/2021.\n"
            "Repeat NPM1 MRD was 0.5% in August 2021 and then 2.4% on 10/01/2021.\n"
        }
    )
    got = sorted((m.analyte, m.value, m.date) for m in f.measurements)
    assert ("mrd", 0.02, "2021-07-19") in got and ("mrd", 1.8, "2021-09-20") in got
    assert ("mrd", 0.5, "2021-08") in got and ("mrd", 2.4, "2021-10-01") in got


def test_a_later_value_told_as_a_rise_or_fall_after_a_comma_is_its_own_result(
    facts: Facts,
) -> None:
    f = facts(
        {
            "letter.txt": "Clinic letter 20/03/2023\n"
            "MRD 0.01% on 14/02/2023, rising to 0.08% on 07/03/2023.\n"
            "Donor chimerism 98% on 01/02/2023, falling to 91% on 01/03/2023.\n"
        }
    )
    got = sorted((m.analyte, m.value, m.date) for m in f.measurements)
    assert got == [
        ("chimerism", 91.0, "2023-03-01"),
        ("chimerism", 98.0, "2023-02-01"),
        ("mrd", 0.01, "2023-02-14"),
        ("mrd", 0.08, "2023-03-07"),
    ]


def test_a_trend_gives_the_earlier_value_with_its_own_date(facts: Facts) -> None:
    f = facts(
        {
            "letter.txt": "Clinic letter 14/03/2023\n"
            "Peripheral blood chimerism 92% donor on 01/03/2023, down from 99% in December 2022.\n"
            "NPM1 MRD 0.12% on 20/02/2023, previously 0.01% on 10/11/2022.\n"
            "Bone marrow on 28/02/2023 showed 3% blasts, down from 45% at diagnosis.\n"
            "WCC 3.1 down from 4.2 on 02/02/2023.\n"
            "CD3 fraction: mixed chimerism, falling from 97.5 % on 01/01/2022.\n"
        }
    )
    got = sorted((m.analyte, m.value, m.date) for m in f.measurements)
    assert got == [
        ("blasts", 3.0, "2023-02-28"),  # 45% has no date of its own: not read
        ("chimerism", 92.0, "2023-03-01"),
        ("chimerism", 97.5, "2022-01-01"),  # a trend after a name without a value
        ("chimerism", 99.0, "2022-12"),
        ("mrd", 0.01, "2022-11-10"),
        ("mrd", 0.12, "2023-02-20"),
        ("wbc", 3.1, "2023-03-14"),  # the date after 4.2 is 4.2's: 3.1 has the letter's
        ("wbc", 4.2, "2023-02-02"),
    ]


def test_a_dash_after_a_date_is_no_reference_range(facts: Facts) -> None:
    f = facts({"summary.txt": "Discharge 13/09/2022\nDonor chimerism (STR) on 01/09/2022 - 87%.\n"})
    assert [(m.analyte, m.value, m.date) for m in f.measurements] == [
        ("chimerism", 87.0, "2022-09-01")
    ]
    f = facts({"lab.txt": "Report 13/09/2022\nNeutrophils 2.0 - 7.5 x10^9/L\n"})
    assert f.measurements == ()


def test_today_is_the_documents_date_not_the_block_above(facts: Facts) -> None:
    f = facts(
        {
            "review.txt": "CAR-T review\nDate of clinic: 20/09/2022\n\n"
            "Day +28 assessment (06/09/2022):\n- Bone marrow: 1% blasts.\n\n"
            "Today: Hb 102 g/L, platelets 88 x10^9/L.\n"
        }
    )
    got = {m.analyte: m.date for m in f.measurements}
    assert got["blasts"] == "2022-09-06"
    assert got["hb"] == got["plt"] == "2022-09-20"


def test_every_item_has_its_own_id_even_courses_told_by_one_mention(facts: Facts) -> None:
    f = facts({"l.txt": "Letter 01/09/2022\nShe received three cycles of HiDAC in May 2022.\n"})
    ids = [e.id for e in f.events]
    assert len(ids) == 3 and len(set(ids)) == 3  # a correction to one never touches another
    again = facts({"l.txt": "Letter 01/09/2022\nShe received three cycles of HiDAC in May 2022.\n"})
    assert [e.id for e in again.events] == ids  # stable across runs


def test_another_patients_treatment_is_not_this_patients(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "He received CPX-351 on 12/03/2021. His case was discussed at tumor board "
            "alongside a similar patient who had received FLAG-Ida in 2019 with a good outcome.\n"
        }
    )
    assert [(e.name, e.date) for e in kinds(f, "regimen")] == [("CPX-351", "2021-12-03")]


def test_a_gene_written_wild_type_keeps_its_status_in_the_genetics(facts: Facts) -> None:
    f = facts({"d.txt": "Diagnosis (28/09/2016): acute myeloid leukaemia - 46,XY,inv(16)(p13q22); "
               "FLT3-ITD positive (allelic ratio 0.6); NPM1 wild type.\n"})  # fmt: skip
    assert [e.genetics for e in kinds(f, "diagnosis")] == [
        "inv(16), FLT3-ITD positive, NPM1 wild type"
    ]
