"""The schema of each clinical rule file: what a rule file may say, checked on loading.

One pydantic model per file (vocabulary.json here; analytes.json's in `analyte_rules`,
attributes.json's in `attribute_rules`, dates.json's in `date_rules`, context.json's in
`context_rules`, attribution.json's in `attribution_rules`) and one per trigger line of
triggers.jsonl; `recordkit.nlp.rules` reads the files into them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

TriggerKind = Literal[
    "relapse",
    "remission",
    "car_t",
    "transplant",
    "dli",
    "gvhd",
    "engraftment",
    "death",
    "diagnosis_cue",
    "infusion",  # a bare infusion: the CAR-T's when one was named just before, else nothing
    "marrow_negative",  # an MRD-negative marrow: a remission after a treatment told before it
    "ignore",
]


class StrictRules(BaseModel):
    """A rule file's model: unknown keys are errors, and a loaded rule set never changes."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class TriggerRule(StrictRules):
    """One event trigger: a regular expression for a kind of event."""

    id: str
    kind: TriggerKind
    pattern: str
    case_sensitive_below: int = Field(
        0, ge=0, description="Matches shorter than this must match case."
    )


class Regimen(StrictRules):
    """A regimen: its usual abbreviation, drugs and spellings."""

    name: str
    drugs: list[str]
    aliases: list[str]
    # a drug of the regimen that another, named with its alias, takes the place of: a schedule
    # ('7+3', '3+7') written with idarubicin is IA
    substitutes: dict[str, list[str]] = Field(default_factory=dict)
    # the regimen this one adds its drugs to, named by that one's alias only: 'LDAC + venetoclax'
    # is LDAC+VEN; its drugs alone never name it
    builds_on: str | None = None
    # words of which one must be written on the page for an alias to name this course: a phase
    # word ('Induction', 'Maintenance') names a course of its own only in an ALL protocol's
    # records ('UKALL 2011', 'AIEOP-BFM'); elsewhere it tells the phase of a named regimen
    requires: list[str] = Field(default_factory=list)


class Disease(StrictRules):
    """A disease label and the ways it is written."""

    label: str
    patterns: list[str]


class Vocabulary(StrictRules):
    """vocabulary.json: drugs, regimens, diseases, antigens, grafts, donors, organs."""

    about: str = Field("", alias="_about")
    drugs: dict[str, list[str]]
    regimens: list[Regimen]
    dosing: list[str] = Field(
        default_factory=list, description="A dose, route or days that may stand between drugs."
    )
    combination_links: list[str] = Field(
        default_factory=list,
        description="Words that join two drugs into one combination: 'X was added to Y'.",
    )
    list_words: list[str] = Field(
        default_factory=list,
        description="Words that list treatments apart: 'hyper-CVAD/ponatinib and blinatumomab' "
        "(the slash joins a combination, the word parts two treatments).",
    )
    treatment_verbs: list[str] = Field(
        default_factory=list,
        description="Words telling a treatment was given: a two-letter name among words in "
        "capitals ('DA PRONTO SOCCORSO') is a regimen only beside one, a course word, a dose "
        "or another drug.",
    )
    companion_drugs: list[str]
    added_drugs: list[str] = Field(
        default_factory=list,
        description="Drugs given on top of a backbone regimen, which join the name of any "
        "regimen they are named with ('CLAG-M + venetoclax' is CLAG-M+VEN).",
    )
    drug_contents: dict[str, list[str]] = Field(
        default_factory=dict,
        description="A product made of other drugs (CPX-351: liposomal daunorubicin and "
        "cytarabine) -> those drugs: a bracket of their doses after it spells it out.",
    )
    regimen_glossary: dict[str, str]
    diseases: list[Disease]
    antigens: list[str]
    car_t_products: dict[str, list[str]] = Field(default_factory=dict)
    grafts: dict[str, list[str]]
    grafts_by_procedure_name: dict[str, list[str]] = Field(default_factory=dict)
    field_grafts: dict[str, list[str]] = Field(default_factory=dict)
    donors: dict[str, list[str]]
    gvhd_organs: dict[str, list[str]]
    gvhd_signs: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Each GVHD organ's first signs ('rash', 'diarrhoea', 'jaundice'): their "
        "told onset dates the GVHD a later finding confirms.",
    )

    def patterns(self) -> list[tuple[str, str]]:
        """The regular expressions `rules validate` compiles, with where they are."""
        out = [(f"diseases.{d.label}", p) for d in self.diseases for p in d.patterns]
        out += [("dosing", p) for p in self.dosing]
        for key in (
            "grafts",
            "grafts_by_procedure_name",
            "field_grafts",
            "donors",
            "gvhd_organs",
            "gvhd_signs",
        ):
            table: dict[str, list[str]] = getattr(self, key)
            out += [(f"{key}.{k}", p) for k, ps in table.items() for p in ps]
        return out
