"""Write the synthetic patient folders under samples/patients/ (deterministic).

All patients, hospitals, clinicians and dates are invented. Gold fixtures are written by
hand in samples/gold/ and are not produced here. Needs Debian's fonts-wqy-microhei for the
Chinese scan. Run: python samples/make_samples.py
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from render import fax_tiff, phone_photo, scanned_pdf, text_file, text_pdf, word_doc

ROOT = Path(__file__).parent / "patients"


def aml_fig1(d: Path) -> None:
    """The course of Figure 1: its 17 legend events over two and a half years, and the relapse
    at day +60 after the transplant that the DLIs treated (which its legend leaves unnumbered)."""
    text_pdf(
        d / "transfer_summary_2024.pdf",
        [
            """Riverside University Hospital - Department of Haematology
TRANSFER SUMMARY                                   Date: 22/04/2024
Patient: case aml-fig1        Referral for second opinion

Diagnosis: Acute myeloid leukaemia (AML, FAB M5) with KMT2A-MLLT3 rearrangement, diagnosed 08/11/2021.
Bone marrow at diagnosis (05/11/2021) showed 68.0% blasts; flow cytometry MRD 54.2%.

Treatment history
1. Induction with IA (idarubicin + cytarabine) started 10/11/2021. Complete remission was documented on 12/12/2021 (marrow blasts 3.5%, MRD 0.85%).
2. Second induction with HA (homoharringtonine + cytarabine) from 05/01/2022; marrow on 03/02/2022: blasts 1.0%, MRD 0.12%.
3. Consolidation with high-dose cytarabine (HiDAC), cycle 1 on 20/02/2022 and cycle 2 on 02/04/2022. MRD was negative on 10/05/2022.
4. First recurrence on 14/09/2022: marrow blasts 23.5%, MRD 18.6% (haematological relapse).
5. Re-induction with azacitidine plus HAG (AZA+HAG) from 20/09/2022; remission again on 25/10/2022 with blasts 2.0% and MRD 0.45%.
6. A further course of HiDAC was given on 15/11/2022.
7. Second recurrence on 08/03/2023, molecular only: MRD rose to 1.2% with marrow blasts under 5%.
8. CLAG (cladribine, cytarabine, G-CSF) from 15/03/2023.
9. Azacitidine with venetoclax (BCL-2 inhibitor), cycle 1 on 02/05/2023 and cycle 2 on 06/06/2023.
10. CAGE (cytarabine, aclarubicin, G-CSF, etoposide) on 18/07/2023.
""",
            """11. CLL1-directed CAR-T cell infusion on 12/09/2023 after fludarabine/cyclophosphamide lymphodepletion.
12. Haploidentical allogeneic HSCT on 20/10/2023 with peripheral blood stem cells plus an unrelated cord blood unit (PBSC + UCB). Conditioning was busulfan, fludarabine and ATG.
Neutrophil engraftment on 02/11/2023 and platelet engraftment on 09/11/2023.
Acute GVHD of the skin, grade 2, from 28/11/2023, settled with topical and systemic steroids.
Marrow on 19/12/2023 (day +60) showed recurrent disease, blasts 6.5% and MRD 4.1%: haematological relapse after the transplant.
13. Donor lymphocyte infusions on 10/01/2024 and 14/02/2024 (1x10^6 CD3+/kg each) for that relapse.

Current status: at the last review on 20/04/2024 she remains in complete remission after the infusions, MRD negative, donor chimerism 98.8%.
There is no evidence of chronic GVHD. Her father had colon cancer; no family history of leukaemia.
""",
        ],
    )
    scanned_pdf(
        d / "marrow_report_nov2021.pdf",
        [
            """RIVERSIDE UNIVERSITY HOSPITAL - HAEMATOLOGY LABORATORY
BONE MARROW ASPIRATE REPORT

Specimen: bone marrow aspirate, left posterior iliac crest
Collection date: 05/11/2021          Report date: 08/11/2021

Morphology: hypercellular marrow, markedly reduced erythropoiesis.
Blasts: 68.0 %   (reference range 0 - 5 %)
Promonocytes are counted with blasts.

Flow cytometry: aberrant myeloid population, CD33+ CD64+ HLA-DR+
Comment: findings consistent with acute myeloid leukaemia with monocytic differentiation.
"""
        ],
        seed=11,
    )
    fax_tiff(
        d / "mrd_fax.tif",
        [
            """FLOW CYTOMETRY MRD REPORT - Riverside Haematology
Sample collected: 12/12/2021     Reported: 15/12/2021
Specimen: bone marrow
Measurable residual disease (MRD): 0.85 %
Conclusion: MRD positive.
""",
            """FLOW CYTOMETRY MRD REPORT - Riverside Haematology
Sample collected: 10/05/2022     Reported: 13/05/2022
Specimen: bone marrow
Measurable residual disease (MRD): < 0.01 % (negative)
Conclusion: no residual leukaemia detected.
""",
        ],
        seed=21,
    )
    phone_photo(
        d / "chimerism_photo.jpg",
        """STR CHIMERISM ANALYSIS
Riverside Molecular Diagnostics
Sample date: 19/11/2023  (day +30)
Peripheral blood, unsorted
Donor chimerism: 99.2 %
Recipient: 0.8 %
""",
        seed=31,
    )
    word_doc(
        d / "clinic_letter_feb2024.docx",
        [
            "Riverside University Hospital, Transplant Clinic",
            "Date: 20/02/2024",
            "Dear colleague,",
            "I reviewed your patient today, four months after her haploidentical transplant. "
            "She received her second donor lymphocyte infusion on 14/02/2024 without reaction. "
            "A third DLI was discussed but deferred until the next chimerism result.",
            "Chimerism on 05/01/2024 showed 97.5% donor cells.",
            "Blood count today (20/02/2024):",
            "She has no diarrhoea and no evidence of liver GVHD.",
            "Yours sincerely, Transplant Clinic",
        ],
        table=[
            ["Test", "Result", "Reference range"],
            ["WBC", "4.1 x10^9/L", "4.0-10.0"],
            ["Hb", "112 g/L", "115-150"],
            ["PLT", "142 x10^9/L", "150-400"],
        ],
    )


def aml_002(d: Path) -> None:
    """A US cancer centre: MM/DD/YYYY dates, Hb in g/dL, counts per microliter."""
    text_pdf(
        d / "progress_note_2023.pdf",
        [
            """Lakeside Cancer Center - Hematologic Malignancies
PROGRESS NOTE          Visit date: 02/20/2023

HISTORY: 58-year-old with AML (NPM1 mutated, FLT3-ITD positive) diagnosed on 03/14/2022.
Bone marrow biopsy on 03/12/2022 showed 45% blasts.
She received induction chemotherapy with 7+3 (daunorubicin and cytarabine) plus midostaurin starting 03/16/2022
and achieved complete remission on 04/20/2022 (MRD 0.02%).
Consolidation: high-dose cytarabine cycle 1 on 05/09/2022 and cycle 2 on 06/13/2022.
She underwent matched unrelated donor allogeneic stem cell transplant (peripheral blood stem cells) on 08/01/2022
after fludarabine/busulfan conditioning. Neutrophil engraftment occurred on day +14.
Course complicated by acute GVHD of the skin, grade 2, diagnosed 08/25/2022 and treated with prednisone.
Donor chimerism on day +30 was 100%.

INTERVAL: Flow MRD on 01/10/2023 was 0.8%, consistent with molecular relapse.
She started venetoclax/azacitidine on 01/20/2023 and received a donor lymphocyte infusion on 02/15/2023, dose 1x10^6 CD3+/kg.

PLAN: continue cycle 2 of venetoclax/azacitidine; a second transplant is being considered if MRD persists.
"""
        ],
    )
    text_pdf(
        d / "cbc_lab_report.pdf",
        [
            """LAKESIDE CANCER CENTER CLINICAL LABORATORY
Complete Blood Count
Collected: 01/10/2023 07:45     Reported: 01/11/2023 14:10

Test            Result        Units          Reference
WBC             3,200         /uL            4,000-11,000
Hemoglobin      9.8           g/dL           12.0-16.0
Platelets       85,000        /uL            150,000-400,000
ANC             1,900         /uL            1,500-8,000
Peripheral blood blasts 0 %
"""
        ],
    )
    text_file(
        d / "referral_letter.txt",
        """Lakeside Cancer Center
Referral letter, March 1, 2023

To the Transplant Second Opinion Service:

Thank you for seeing this 58-year-old woman with NPM1-mutated AML, now in molecular
relapse after a matched unrelated donor transplant on August 1, 2022.
Her MRD on January 10, 2023 was 0.8%. There is no evidence of chronic GVHD.
Her brother had AML in 2015; her mother had breast cancer.
Current medications: acyclovir, posaconazole, ursodiol.
""",
        encoding="cp1252",
    )


def ball_003(d: Path) -> None:
    """A UK centre: day/month dates, MRD in scientific notation, photo of a marrow report."""
    phone_photo(
        d / "marrow_photo.png",
        """Northfield General Hospital
Bone marrow morphology report
Date of sample: 15/06/2021
Blast cells 88 %
Impression: B-lymphoblastic leukaemia (B-ALL)
""",
        seed=41,
        fmt="PNG",
    )
    text_pdf(
        d / "haematology_letter_2022.pdf",
        [
            """Northfield General Hospital - Haematology Department
Clinic letter                                          Dictated 20/06/2022

Diagnosis: Philadelphia-negative B-ALL, diagnosed 15/06/2021.

Summary of treatment
- Induction with VDLP (vincristine, daunorubicin, L-asparaginase, prednisolone) from 16/06/2021.
- End of induction marrow 20/07/2021: morphological remission (blasts 2%), MRD 5.0 x 10^-4.
- Blinatumomab for MRD-positive disease from 05/08/2021; MRD negative on 10/09/2021.
- Haploidentical HSCT on 25/10/2021 (bone marrow plus peripheral blood stem cells from her brother).
- Haematological relapse on 14/03/2022 with 35% marrow blasts.
- Inotuzumab ozogamicin started 22/03/2022.
- CD19 CAR-T cells infused on 10/05/2022 after lymphodepleting chemotherapy on 05/05/2022.
- Marrow on 08/06/2022: MRD-negative complete remission.

She is well. Plan: a second allograft has been discussed but not agreed; we will review in clinic.
"""
        ],
    )
    text_file(
        d / "gp_note.txt",
        """Northfield GP surgery - note of telephone call, 12 July 2022
Patient remains in remission after CAR-T. Hb 10.9 g/dL, platelets 98 x10^9/L on 11/07/2022.
Neutrophils 1.2 x10^9/L. No fever.
""",
        encoding="utf-16",
    )


def tall_004(d: Path) -> None:
    """A Chinese hospital: a Chinese discharge summary, a Chinese scan and an English lab."""
    text_pdf(
        d / "discharge_summary_cn.pdf",
        [
            """华东医科大学附属医院 血液科 出院记录
出院日期：2022年9月25日
诊断：急性T淋巴细胞白血病（T-ALL）
病史：患者于2022年3月5日确诊急性T淋巴细胞白血病，骨髓原始细胞76%。
2022年3月8日起予VDLP方案诱导化疗，2022年4月10日复查骨髓达完全缓解，骨髓原始细胞1.5%，MRD 0.3%。
2022年5月6日予Hyper-CVAD方案巩固化疗。
2022年8月18日行同胞全相合异基因造血干细胞移植（外周血干细胞）。
2022年9月20日供者嵌合率100%。
"""
        ],
    )
    scanned_pdf(
        d / "relapse_marrow_cn.pdf",
        [
            """华东医科大学附属医院 骨髓细胞形态学报告
采样日期：2023年2月14日
骨髓原始细胞 42%
结论：急性T淋巴细胞白血病复发
"""
        ],
        seed=51,
    )
    text_file(
        d / "followup_note.txt",
        """East China Medical University Hospital - Haematology follow-up
Date: 2023-03-01
Relapsed T-ALL after sibling HSCT (18 Aug 2022). Marrow 14 Feb 2023: 42% blasts.
Nelarabine started 2023-02-20. WBC 2.4 x10^9/L, Hb 86 g/L, PLT 40 x10^9/L (2023-03-01).
""",
        encoding="gb18030",
    )


def aml_005(d: Path) -> None:
    """Older patient, no transplant; reference ranges, family history, deferred plans, death."""
    fax_tiff(
        d / "lab_fax_2023.tif",
        [
            """St Anne's Hospital Pathology - Haematology
Bone marrow aspirate
Date collected: 19 Dec 2022     Date reported: 22 Dec 2022
Blasts 32 %    (normal < 5 %)
Dysplasia in all three lineages; AML with myelodysplasia-related changes.
""",
            """St Anne's Hospital Pathology - Haematology
Bone marrow aspirate
Date collected: 04 Sep 2023     Date reported: 06 Sep 2023
Blasts 28 %    (normal < 5 %)
Comment: relapse of AML.
""",
        ],
        seed=61,
    )
    word_doc(
        d / "discharge_letter.docx",
        [
            "St Anne's Hospital - Haematology Ward 7",
            "Discharge letter, 30 September 2023",
            "Diagnosis: AML with myelodysplasia-related changes, diagnosed in December 2022.",
            "She was treated with azacitidine and venetoclax: cycle 1 in January 2023 and cycle 2 in "
            "February 2023. A marrow in March 2023 showed CRi.",
            "Relapse was confirmed on 4 September 2023 (marrow blasts 28%). She then received "
            "FLAG-IDA from 12 September 2023.",
            "An allogeneic transplant was discussed but deferred because of fungal pneumonia.",
            "Her mother was treated for AML in 1998.",
            "Normal ranges: WBC 4.0-11.0 x10^9/L; Hb 120-160 g/L; platelets 150-400 x10^9/L.",
            "Bloods on 28/09/2023: WBC 0.6 x10^9/L, Hb 78 g/L, platelets 12 x10^9/L.",
        ],
    )
    text_file(
        d / "death_notification.txt",
        """St Anne's Hospital - notification to GP
Date: 03/11/2023
We regret to inform you that your patient died on 02/11/2023 from neutropenic sepsis
following salvage chemotherapy for relapsed AML.
""",
    )
    word_doc(
        d / "parking_permit.docx",
        [
            "St Anne's Hospital car park",
            "Visitor permit valid 01/09/2023 to 30/11/2023.",
            "Bay 14, level 2.",
        ],
    )


def aml_006(d: Path) -> None:
    """Narrative dates, relative dates (day +N, weeks after DLI), GVHD of two organs."""
    text_pdf(
        d / "second_opinion_request.pdf",
        [
            """Harbour City Medical Centre - Bone Marrow Transplant Unit
Summary for second opinion                                   15 September 2021

Ms Z presented in March 2020 with fatigue and was diagnosed with AML (CBF-negative, normal karyotype).
She received IA induction in March of that year and complete remission was documented in April 2020.
Consolidation was with HiDAC in May 2020 and June 2020.
Five months later the disease relapsed, with 18% marrow blasts.
She was re-induced with CLAG in November 2020 and went on to an unrelated donor peripheral blood stem cell transplant on 15 January 2021.

Post-transplant course
Day +30 marrow: blasts 0.5%, MRD negative, donor chimerism 98.5%.
Acute liver GVHD, grade 1, was diagnosed on day +45.
Day +100 donor chimerism fell to 96%.
A molecular relapse was found on 10 June 2021 with MRD 0.4% by flow.
The first DLI was given on 20 June 2021 and the second DLI four weeks after the first.
Two weeks after the second DLI she developed acute GVHD of the skin, grade 2.
One month following the second DLI the MRD was negative.
""",
            """Medications: tacrolimus taper, acyclovir, cotrimoxazole.
Planned: a third DLI may be considered if MRD recurs.
""",
        ],
    )
    word_doc(
        d / "bmt_clinic_note.docx",
        [
            "Harbour City Medical Centre - BMT clinic, 10 September 2021",
            "Full blood count 09/09/2021: WBC 5.2 x10^9/L, Hb 121 g/L, Plt 176 x10^9/L.",
            "Skin GVHD now resolved on topical steroids. No gut symptoms.",
        ],
    )


def ball_007(d: Path) -> None:
    """Held out of tuning. A Singapore-style letter with ISO dates and a CNS relapse."""
    text_pdf(
        d / "transplant_summary.pdf",
        [
            """Straits Children and Adult Hospital
Blood and Marrow Transplantation Programme - Case summary (2023-06-30)

Diagnosis 2020-02-11: B-cell acute lymphoblastic leukaemia, BCR-ABL1 negative; bone marrow blasts 91%.
Induction: VDLP commenced 2020-02-13. Day 33 marrow (2020-03-17) showed complete remission, MRD 0.003%.
Blinatumomab was given from 2020-04-20 for persistent MRD. MRD on 2020-06-01 was undetectable.
Allogeneic HSCT from an HLA-matched sibling, bone marrow graft, on 2020-08-05.
Neutrophil engraftment 2020-08-24.
Isolated CNS relapse on 2022-01-18 (extramedullary relapse); the marrow remained MRD negative.
Inotuzumab ozogamicin cycle 1 on 2022-02-02 and cycle 2 on 2022-03-02.
CD19-directed CAR-T infusion on 2022-05-10. Remission confirmed on 2022-06-14.
Chronic GVHD of the mouth, grade 1, noted 2022-11-20.
No evidence of gut GVHD. Her sister had asthma.
"""
        ],
    )
    phone_photo(
        d / "fbc_photo.jpg",
        """Straits Hospital Laboratory - Full blood count
Collected 2023-06-28 09:10     Reported 2023-06-29
WBC 6.3 x10^9/L
Hb 13.2 g/dL
Platelets 210 x10^9/L
""",
        seed=71,
    )


def aml_008(d: Path) -> None:
    """Held out of tuning. A referral letter with brand names and a scanned chimerism report."""
    word_doc(
        d / "referral_letter.docx",
        [
            "Mountain View Hospital, Division of Hematology",
            "Referral, 12 May 2024",
            "Re: 34-year-old man with relapsed AML, FLT3 wild-type, TP53 mutated.",
            "He was diagnosed with AML on 2 June 2022 (marrow blasts 55%). Induction with "
            "idarubicin and cytarabine started on 6 June 2022; the day-28 marrow showed persistent "
            "disease (blasts 15%). Re-induction with homoharringtonine and cytarabine (HA) began "
            "on 8 July 2022 and he entered complete remission on 5 August 2022.",
            "He relapsed on 3 January 2023 with 40% marrow blasts. Salvage with Venclexta and "
            "Vidaza, cycle 1 on 10 January 2023, was followed by CAGE on 20 February 2023.",
            "CLL1 CAR-T cells were infused on 4 April 2023, and on 25 May 2023 he underwent a "
            "haploidentical transplant with PBSC and cord blood.",
            "MRD on 1 March 2024 was 6.0 x 10^-4 by flow, a molecular relapse. He received donor "
            "lymphocytes on 15 March 2024.",
            "A second CAR-T is being considered.",
        ],
    )
    scanned_pdf(
        d / "chimerism_report.pdf",
        [
            """MOUNTAIN VIEW HOSPITAL MOLECULAR LAB
Chimerism (STR-PCR) report
Specimen collected: 2024-03-01     Report issued: 2024-03-05
Donor chimerism: 91.5 %
Interpretation: mixed chimerism, falling from 99.0 % on 2023-12-01.
"""
        ],
        seed=81,
    )


PATIENTS = {
    "aml-fig1": aml_fig1,
    "aml-002": aml_002,
    "ball-003": ball_003,
    "tall-004": tall_004,
    "aml-005": aml_005,
    "aml-006": aml_006,
    "ball-007": ball_007,
    "aml-008": aml_008,
}


def main() -> None:
    """Write every patient folder afresh."""
    if ROOT.exists():
        shutil.rmtree(ROOT)
    for case_id, make in PATIENTS.items():
        folder = ROOT / case_id
        folder.mkdir(parents=True)
        make(folder)
    print(f"wrote {len(PATIENTS)} patient folders under {ROOT}")


if __name__ == "__main__":
    main()
