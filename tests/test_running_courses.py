"""A course told as running ('now on maintenance', 'aktuell unter Azacitidin') is the course
begun before: no new course dated by the visit that mentions it."""

from __future__ import annotations

from tests.extraction_helpers import Facts, kinds


def _courses(f) -> list[tuple[str, str | None]]:  # type: ignore[no-untyped-def]
    return [(e.name, e.date) for e in kinds(f, "regimen")]


def test_now_on_maintenance_is_the_maintenance_begun_before(facts: Facts) -> None:
    f = facts(
        {
            "summary.txt": "Date: 21/09/2020\n"
            "B-ALL, diagnosed 02/03/2018. Treated per UKALL 2011, regimen A.\n"
            "Induction | 03/03/2018\n"
            "Maintenance | 14/01/2019\n\n"
            "Tom was reviewed on 18/09/2020 with a cough and fever, now on maintenance "
            "(cycle 6, week 2). Blood count was satisfactory.\n",
        }
    )
    assert _courses(f) == [("INDUCTION", "2018-03-03"), ("MAINTENANCE", "2019-01-14")]
    (maintenance,) = [e for e in kinds(f, "regimen") if e.name == "MAINTENANCE"]
    assert maintenance.cycle is None  # 'cycle 6' is where the course is now, not its number
    assert len(maintenance.sources) == 2  # the running mention is told of the same course


def test_a_running_course_with_no_start_told_stays_undated(facts: Facts) -> None:
    f = facts(
        {
            "letter.txt": "Date: 14/05/2021\nAML, diagnosed 02/01/2020.\n"
            "She was seen on 12/05/2021 and is now on azacitidine, tolerating it well.\n",
        }
    )
    (aza,) = kinds(f, "regimen")
    assert (aza.name, aza.date) == ("AZA", None)  # never the visit's day
    assert aza.confidence < 0.9
    assert "running" in aza.date_info.reason


def test_a_running_course_keeps_the_start_its_since_word_gives(facts: Facts) -> None:
    f = facts(
        {
            "letter.txt": "Date: 14/05/2021\nAML, diagnosed 02/01/2020.\n"
            "Seen on 12/05/2021; currently on azacitidine since 03/02/2021.\n",
        }
    )
    assert _courses(f) == [("AZA", "2021-02-03")]


def test_aktuell_unter_and_weiterhin_tell_the_course_begun_before(facts: Facts) -> None:
    f = facts(
        {
            "brief.txt": "Datum: 14.05.2021\nDiagnose: AML, Erstdiagnose 02.01.2020.\n"
            "Azacitidin ab 03.02.2021.\n"
            "Vorstellung am 12.05.2021, die Patientin ist aktuell unter Azacitidin.\n",
            "brief2.txt": "Datum: 20.06.2021\n"
            "Kontrolle am 18.06.2021: sie erhält weiterhin Azacitidin, gut vertragen.\n",
        }
    )
    assert _courses(f) == [("AZA", "2021-02-03")]


def test_doing_well_after_a_course_is_no_running_course(facts: Facts) -> None:
    f = facts(
        {
            "letter.txt": "Date: 14/05/2021\nAML, diagnosed 02/01/2020.\n"
            "FLAG-Ida cycle 1 was given on 10/02/2020. "
            "He continues to do well after FLAG-Ida cycle 2 on 15/03/2020.\n",
        }
    )
    assert _courses(f) == [("FLAG-IDA", "2020-02-10"), ("FLAG-IDA", "2020-03-15")]
