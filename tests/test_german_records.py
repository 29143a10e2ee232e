"""German university-hospital records and their English translations."""

from __future__ import annotations

import re

from tests.extraction_helpers import Facts, kinds


def test_a_letterheads_department_name_is_no_transplant(facts: Facts) -> None:
    f = facts(
        {
            "en.txt": "Department of Internal Medicine III – Haematology, Oncology and Stem Cell "
            "Transplantation\n(Translation of the German letter of 20.10.2022)\n\n"
            "Allo-SCT on 03.03.2022.",
            "de.txt": "Medizinische Klinik III – Hämatologie, Onkologie und "
            "Stammzelltransplantation\n"
            "KMT-Einheit, 21.10.2022\n\nAML, Erstdiagnose 01.01.2022.",
        }
    )
    assert [e.date for e in kinds(f, "transplant")] == ["2022-03-03"]


def test_a_treatment_named_after_despite_does_not_take_what_followed_its_date(
    facts: Facts,
) -> None:
    f = facts(
        {
            "de.txt": "Trotz DLI kam es zu einer Progredienz mit 62 % Blasten im KM am 01.03.2021.",
            "en.txt": "Despite AZA+VEN and DLI the disease progressed on 01.03.2021.\n"
            "Despite DLI on 01.02.2021 the disease progressed.",
        }
    )
    assert [e.date for e in kinds(f, "dli")] == ["2021-02-01"]  # the undated ones join it
    assert [e.date for e in kinds(f, "regimen")] == [None]
    assert [(m.value, m.date) for m in f.measurements] == [(62.0, "2021-03-01")]


def test_a_course_that_will_start_or_is_planned_from_a_date_is_no_event(facts: Facts) -> None:
    f = facts(
        {
            "en.txt": "A third cycle of AZA+VEN will start on 24.10.2022.\n"
            "AZA+VEN cycle 2 planned from 26.09.2022.",
            "de.txt": "Ein dritter Zyklus AZA+VEN wird am 24.10.2022 beginnen.\n"
            "Der zweite Zyklus AZA+VEN ist ab 26.09.2022 geplant.",
            "tr.txt": "Procedure:\n- AZA+VEN cycle 2 from 01.10.2022.",
            "given.txt": "AZA+VEN cycle 1 from 01.09.2022 to 07.09.2022.",
        }
    )
    assert [e.date for e in kinds(f, "regimen")] == ["2022-09-01"]


def test_a_continuing_remission_is_no_second_remission(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "KM 26.05.2021: komplette Remission (CR).",
            "b.txt": "KM 21.11.2021: anhaltende komplette Remission (CR).",
            "c.txt": "Bone marrow on 02.09.2021: continued complete remission.",
        }
    )
    assert [e.date for e in kinds(f, "remission")] == ["2021-05-26"]


def test_a_previous_value_with_its_date_before_it_is_the_earlier_value(facts: Facts) -> None:
    f = facts(
        {
            "de.txt": "Befund vom 15.09.2022\nSpenderchimärismus 61 % (Vorwert 06/2022: 100 %)",
            "en.txt": "Report of 16.09.2022\nDonor chimerism 70% (previous value 05/2022: 98%).",
        }
    )
    got = sorted((m.value, m.date) for m in f.measurements if m.analyte == "chimerism")
    assert got == [
        (61.0, "2022-09-15"),
        (70.0, "2022-09-16"),
        (98.0, "2022-05"),
        (100.0, "2022-06"),
    ]


def test_a_day_count_nach_car_t_counts_from_the_car_t(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Allo-SZT am 01.06.2021.\nCAR-T-Zelltherapie am 13.02.2023.\n"
            "KMP an Tag +28 nach CAR-T: MRD negativ.",
        }
    )
    assert [e.date for e in kinds(f, "car_t")] == ["2023-02-13"]
    assert [(m.analyte, m.date) for m in f.measurements] == [("mrd", "2023-03-13")]


def test_gvhd_prophylaxe_is_no_gvhd(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Allo-SCT am 22.10.2021.\nGvHD-Prophylaxe: PTCy d+3/+4, Tacrolimus, MMF.\n"
            "Akute GvHD am 09.11.2021.",
        }
    )
    assert [e.date for e in kinds(f, "gvhd")] == ["2021-11-09"]


def test_an_asterisk_before_a_date_after_a_name_is_the_birth_date(facts: Facts) -> None:
    f = facts(
        {
            "scan.txt": "Patient: S., Max   * 21.07.1979\nEingangsdatum: 23.01.2023\n\n"
            "Knochenmark: Blasten 12 %",
        }
    )
    assert [(m.value, m.date) for m in f.measurements] == [(12.0, "2023-01-23")]


def test_a_date_led_by_on_stays_with_its_event_before_a_conditioning_clause(
    facts: Facts,
) -> None:
    f = facts(
        {
            "en.txt": "Diagnoses:\n1. AML\n   - s/p allo-SCT from a matched unrelated "
            "donor (10/10) on 18.08.2021, conditioning FLAMSA/Bu\n",
            "de.txt": "- CAR-T-Zelltherapie mit Tisagenlecleucel (anti-CD19) am 13.02.2023, "
            "Lymphodepletion Flu/Cy 08.02.2023\n",
        }
    )
    assert [e.date for e in kinds(f, "transplant")] == ["2021-08-18"]
    assert [e.date for e in kinds(f, "car_t")] == ["2023-02-13"]


def test_the_disease_named_first_takes_the_diagnosis_date_not_its_history(
    facts: Facts,
) -> None:
    f = facts({"de.txt": "Diagnose: sAML nach MDS-EB2, Erstdiagnose 05/2020"})
    assert sorted((e.label, str(e.date)) for e in kinds(f, "diagnosis")) == [
        ("AML", "2020-05"),
        ("MDS", "None"),
    ]
    f = facts({"en.txt": "Diagnosis: Secondary AML following MDS, diagnosed 05/2020"})
    assert [e.date for e in kinds(f, "diagnosis") if e.label == "AML"] == ["2020-05"]
    f = facts({"en.txt": "Diagnosis: AML following MDS diagnosed in 2018."})
    assert [e.date for e in kinds(f, "diagnosis") if e.label == "MDS"] == ["2018"]


def test_a_short_dotted_date_after_a_date_word_is_read(facts: Facts) -> None:
    f = facts({"a.txt": "AML diagnosed 3.5.21. CR am 12.6.21. Protokoll Version 1.2.10."})
    assert [e.date for e in kinds(f, "diagnosis")] == ["2021-05-03"]
    assert [e.date for e in kinds(f, "remission")] == ["2021-06-12"]


def test_german_event_words(facts: Facts) -> None:
    f = facts(
        {
            "brief.txt": "Diagnosen:\n"
            "1. Akute myeloische Leukämie mit NPM1-Mutation, ED 29.04.2021\n"
            "2. Allogene periphere Blutstammzelltransplantation (PBSZT) vom HLA-identischen "
            "Fremdspender (10/10) am 22.10.2021\n"
            "3. Akute GvHD der Haut Grad II, ED 09.11.2021\n"
            "4. Isoliertes ZNS-Rezidiv am 03.05.2022\n"
            "5. Hämatologisches Rezidiv am 01.09.2022\n"
            "Der Patient verstarb am 12.10.2022.",
            "ed.txt": "B-Vorläufer-ALL (common-ALL), ED 12.01.2018.\n"
            "Haploidentische SZT vom Bruder am 05.06.2018, Knochenmarkspende.\n"
            "Chronische GvHD der Mundschleimhaut am 01.12.2018.\n"
            "KM 01.08.2018: komplette Remission.",
        }
    )
    assert sorted((e.label, e.date) for e in kinds(f, "diagnosis")) == [
        ("AML", "2021-04-29"),
        ("B-ALL", "2018-01-12"),
    ]
    tx = sorted((e.date, e.donor, tuple(e.grafts or ())) for e in kinds(f, "transplant"))
    assert tx == [("2018-06-05", "haploidentical", ("BM",)), ("2021-10-22", "unrelated", ("PBSC",))]
    gvhd = sorted((e.date, e.organ, e.grade, e.form) for e in kinds(f, "gvhd"))
    assert gvhd == [("2018-12-01", "mouth", None, "chronic"), ("2021-11-09", "skin", 2, "acute")]
    assert [(e.date, e.type) for e in kinds(f, "relapse")] == [
        ("2022-05-03", "extramedullary"),
        ("2022-09-01", "haematological"),
    ]
    assert [e.date for e in kinds(f, "death")] == ["2022-10-12"]
    assert [(e.date, e.depth) for e in kinds(f, "remission")] == [("2018-08-01", "CR")]


def test_kmt_in_a_signature_is_no_transplant(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Medizinische Klinik II – Knochenmarktransplantationseinheit (KMT)\n\n"
            "Allo-SZT mit peripheren Blutstammzellen am 22.10.2021.\n\nOberarzt KMT"
        }
    )
    assert [e.date for e in kinds(f, "transplant")] == ["2021-10-22"]
    assert [e.grafts for e in kinds(f, "transplant")] == [("PBSC",)]


def test_a_day_count_after_a_reference_transplant_dates_the_relapse(facts: Facts) -> None:
    f = facts(
        {
            "a.txt": "Allo-SZT am 14.12.2021.\nBeurteilung: Hämatologisches Rezidiv der "
            "B-Vorläufer-ALL nach allogener SZT (Tag +405).",
            "b.txt": "Assessment: relapse after allogeneic HSCT (day +405).",
        }
    )
    assert [e.date for e in kinds(f, "transplant")] == ["2021-12-14"]
    assert [e.date for e in kinds(f, "relapse")] == ["2023-01-23"]


def test_german_lab_words_and_drug_spellings(facts: Facts) -> None:
    f = facts(
        {
            "km.txt": "Knochenmark 12.01.2021: Blastenanteil 17 %.\n"
            "Leukozytose von 48,3/nl am 03.01.2021.\n"
            "Chimarismus (KM, STR) 05.03.2021: Spenderanteil 52 %.\n"
            "Azacitidin ab 01.02.2021.\n",
        }
    )
    got = sorted((m.analyte, m.date, m.value) for m in f.measurements)
    assert got == [
        ("blasts", "2021-01-12", 17.0),
        ("chimerism", "2021-03-05", 52.0),
        ("wbc", "2021-01-03", 48.3),
    ]
    aza = kinds(f, "regimen")
    assert [(e.name, e.date) for e in aza] == [("AZA", "2021-02-01")]
    assert aza[0].confidence >= 0.9  # the German spelling is a spelling, not a near miss


def test_us_disease_graft_and_organ_words(facts: Facts) -> None:
    f = facts(
        {
            "us.txt": "6/14/21: Dx T-cell ALL.\nhaplo-HCT on 7/01/21, BM graft.\n"
            "7/22/21: chronic GVHD of mouth and eyes.\n",
        }
    )
    assert [e.label for e in kinds(f, "diagnosis")] == ["T-ALL"]
    assert [e.grafts for e in kinds(f, "transplant")] == [("BM",)]
    assert sorted(e.organ for e in kinds(f, "gvhd")) == ["eye", "mouth"]


def test_labs_headed_by_the_discharge_date_take_it(facts: Facts) -> None:
    f = facts(
        {
            "brief.txt": "Arztbrief vom 15.09.2022\nAufnahme am 22.08.2022.\n"
            "Labor bei Entlassung (10.09.2022):\nHämoglobin 10,1 g/dl, Thrombozyten 145/nl.\n",
        }
    )
    assert sorted((m.analyte, m.date) for m in f.measurements) == [
        ("hb", "2022-09-10"),
        ("plt", "2022-09-10"),
    ]


def test_a_date_bracketed_with_a_value_is_the_values_not_the_events(facts: Facts) -> None:
    f = facts(
        {
            "brief.txt": "Brief 01.10.2021\nIn CR seit 05/2021.\n"
            "CR1, molekular MRD-positiv (NPM1 Ratio 0,03 % am 02.09.2021).\n",
        }
    )
    assert [e.date for e in kinds(f, "remission")] == ["2021-05"]
    assert [(m.analyte, m.date) for m in f.measurements] == [("mrd", "2021-09-02")]


def test_blasts_im_blut_are_no_marrow_blasts(facts: Facts) -> None:
    f = facts(
        {
            "km.txt": "Material: Knochenmarkaspirat\nEntnahme: 04.03.2021\nBlasten im Blut 41 %.\n"
            "Blasten im Knochenmark 62 %.\n"
        }
    )
    assert [(m.analyte, m.value) for m in f.measurements] == [("blasts", 62.0)]


def test_german_cycles_listed_with_their_dates_are_courses_of_their_own(facts: Facts) -> None:
    f = facts(
        {"b.txt": "Brief 01.09.2021\nHiDAC Zyklus 1 am 03.05.2021, Zyklus 2 am 07.06.2021, "
         "Zyklus 3 am 12.07.2021.\n"}
    )  # fmt: skip
    got = [(e.date, e.cycle) for e in kinds(f, "regimen")]
    assert got == [("2021-05-03", 1), ("2021-06-07", 2), ("2021-07-12", 3)]


def test_graft_donor_and_mrd_negative_depth_in_german(facts: Facts) -> None:
    f = facts(
        {
            "brief.txt": "Allo-SZT am 03.03.2021 vom haploidenten Spender (Tochter), "
            "Stammzellquelle PBSZ.\n"
            "Salvage ab 05.09.2022, danach 2. komplette Remission, MRD-negativ "
            "(KMP vom 24.10.2022).\n"
            "Zweite Allo-SZT am 12.12.2022 vom Fremdspender, Stammzellquelle: Knochenmark.",
        }
    )
    assert [(e.date, e.donor, e.grafts) for e in kinds(f, "transplant")] == [
        ("2021-03-03", "haploidentical", ("PBSC",)),
        ("2022-12-12", "unrelated", ("BM",)),
    ]
    assert [(e.date, e.depth) for e in kinds(f, "remission")] == [("2022-10-24", "MRD-negative")]


def test_an_undated_relapse_after_the_transplant_is_not_the_one_before(facts: Facts) -> None:
    de = (
        "Diagnosen:\n- 1. Rezidiv (molekular) 02/2022, Reinduktion ab 10.03.2022\n"
        "- alloSZT am 19.05.2022\n\n"
        "Beurteilung und Verlauf:\nMolekulares Rezidiv nach alloSZT. DLI geplant."
    )
    told = [(e.date, e.type) for e in kinds(facts({"brief.txt": de}), "relapse")]
    assert told == [("2022-02", "molecular"), (None, "molecular")]
    en = (
        "Relapse in 03/2020 treated with FLAG-Ida.\n"
        "Allogeneic HSCT on 22/06/2020.\nShe now has a relapse post-HSCT."
    )
    assert [e.date for e in kinds(facts({"letter.txt": en}), "relapse")] == ["2020-03", None]


def test_a_spelled_out_cri_and_organs_joined_by_und_are_read(facts: Facts) -> None:
    f = facts(
        {
            "km.txt": "KM 18.01.2022: CR mit inkompletter Regeneration (CRi).\n",
            "gvhd.txt": "Befund 20.10.2022: chronische GvHD der Haut, Mundschleimhaut und Augen "
            "seit 05.10.2022.\n",
        }
    )
    assert [(e.date, e.depth) for e in kinds(f, "remission")] == [("2022-01-18", "CRi")]
    assert sorted(e.organ for e in kinds(f, "gvhd")) == ["eye", "mouth", "skin"]


def test_each_item_of_a_problem_list_owns_its_gvhd_attributes(facts: Facts) -> None:
    f = facts({"p.txt": "Problems: Acute skin GVHD grade 2 (Feb 2022, resolved); mild chronic "
               "GVHD of the mouth since 10/2022.\n"})  # fmt: skip
    got = sorted((e.organ, e.grade, e.form, e.date) for e in kinds(f, "gvhd"))
    assert got == [("mouth", None, "chronic", "2022-10"), ("skin", 2, "acute", "2022-02")]


def test_a_disease_that_turned_into_another_is_known_by_their_one_diagnosis_date(
    facts: Facts,
) -> None:
    f = facts(
        {
            "a.txt": "Musterstadt, den 14.03.2023\nDiagnosen:\n"
            "- MDS-EB2 mit Übergang in sAML (ED 11/2021), komplexer Karyotyp\n",
        }
    )
    got = sorted((e.label, e.date, e.confidence < 0.87) for e in kinds(f, "diagnosis"))
    assert got == [("AML", "2021-11", False), ("MDS", "2021-11", True)]  # the MDS doubted
    (mds,) = [e for e in kinds(f, "diagnosis") if e.label == "MDS"]
    assert any("turned into" in d for d in mds.doubts)
    own = facts({"b.txt": "Letter 02/02/2024\nMDS-EB1 diagnosed in 2019, transformed to AML "
                 "(diagnosed 03/2021).\n"})  # fmt: skip
    assert sorted((e.label, e.date) for e in kinds(own, "diagnosis")) == [
        ("AML", "2021-03"),
        ("MDS", "2019"),
    ]  # a disease dated in its own clause keeps its date


def test_a_german_numbered_course_is_read_and_one_named_after_nach_is_a_time(
    facts: Facts,
) -> None:
    f = facts(
        {
            "a.txt": "Brief 01.05.2023\nAzacitidin/Venetoclax Zyklus 2 am 03.04.2023.\n"
            "MRD negativ nach Zyklus 2 am 20.04.2023.",
            "b.txt": "Brief 01.06.2022\nBlinatumomab Kurs 1 am 17.02.2022.\n",
            "c.txt": "Brief 01.06.2022\nHiDAC Block 3 am 10.03.2022.\n",
        }
    )
    got = sorted((e.name, e.cycle, e.date) for e in kinds(f, "regimen"))
    # no course on the test's date: 'nach Zyklus 2' names the course told before
    assert got == [("AZA+VEN", 2, "2023-04-03"), ("BLINATUMOMAB", 1, "2022-02-17"),
                   ("HiDAC", 3, "2022-03-10")]  # fmt: skip


def test_a_later_course_numbered_alone_with_a_german_noun_is_a_course(facts: Facts) -> None:
    # the course nouns are attribution.json's `course_columns`, not English words only
    f = facts(
        {
            "a.txt": "Brief 01.06.2022\nBlinatumomab Zyklus 1 am 17.02.2022. "
            "Zyklus 2 am 17.03.2022.\n",
            "b.txt": "Brief 01.12.2022\nHiDAC Kurs 1 am 03.10.2022. Kurs 2 am 07.11.2022.\n",
        }
    )
    got = sorted((e.name, e.cycle, e.date) for e in kinds(f, "regimen"))
    assert got == [("BLINATUMOMAB", 1, "2022-02-17"), ("BLINATUMOMAB", 2, "2022-03-17"),
                   ("HiDAC", 1, "2022-10-03"), ("HiDAC", 2, "2022-11-07")]  # fmt: skip


def test_a_german_ordinal_before_a_course_noun_numbers_the_course(facts: Facts) -> None:
    # '2. Zyklus': the ordinal's full stop ends no sentence; it numbers the course
    f = facts(
        {
            "a.txt": "Brief 01.06.2023\nAzacitidin/Venetoclax 1. Zyklus am 06.03.2023. "
            "2. Zyklus am 03.04.2023. 3. Kurs am 02.05.2023.\n",
        }
    )
    got = [(e.cycle, e.date) for e in kinds(f, "regimen")]
    assert got[1:] == [(2, "2023-04-03"), (3, "2023-05-02")]
    assert got[0][1] == "2023-03-06"  # 'Azacitidin/Venetoclax 1.' no longer a sentence alone


def test_only_an_ordinal_before_a_course_noun_keeps_its_sentence_going() -> None:
    from recordkit.nlp.text import Ordinals, sentences

    ordinals = Ordinals(
        re.compile(r"(?:Zyklus|Kurs|course)(?![^\W\d_])", re.I),
        re.compile(r"(?<![^\W\d_])(?:day|Tag)\s*$", re.I),
    )
    joined = "AZA/VEN 1. Zyklus am 06.03.2023. 2. Zyklus am 03.04.2023."
    assert sentences(joined, ordinals) == [(0, 32), (33, len(joined))]
    # a number ending a sentence before another word, or before a noun on a date, still ends it
    assert len(sentences("Hb am Tag 12. Danach stabil.", ordinals)) == 2
    assert len(sentences("Zyklus am 03.04.2023. Zyklus 2 folgt.", ordinals)) == 2
    # a day count is no ordinal: 'Course complicated by ...' is a sentence of its own
    assert len(sentences("Engraftment on day +14. Course complicated by GVHD.", ordinals)) == 2
    assert len(sentences("Engraftment on day 14. Course complicated by GVHD.", ordinals)) == 2
