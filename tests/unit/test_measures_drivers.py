"""Driver diagram model, its drawing, PDSA cycles and measure definitions."""
import pytest

from coprod_helpers.errors import InputError
from coprod_helpers.measures import definitions as defs
from coprod_helpers.measures import drivers as dd
from coprod_helpers.measures import pdsa


def small_diagram():
    d = dd.start_diagram("Fewer detentions for young Black men", areas=["access", "experience"])
    s = d.add_secondary(d.primaries[0].id, "Trusted places to ask for help early")
    d.add_change_idea(s.id, "Drop-in at the barbers", tier="bronze", proposed_by_role="lived_experience")
    d.add_change_idea(s.id, "Peer support worker in A&E", tier="gold", proposed_by_role="family_carer")
    return d


def test_start_from_programme_areas():
    d = dd.start_diagram("An aim")
    assert [p.area for p in d.primaries] == ["access", "experience", "outcomes"]


def test_tiers_and_roles():
    d = small_diagram()
    assert d.count_ideas_by_tier() == {"bronze": 1, "silver": 0, "gold": 1}
    assert [c.proposed_by_role for c in d.change_ideas()] == ["lived_experience", "family_carer"]
    s = d.primaries[0].secondaries[0]
    with pytest.raises(InputError, match="bronze, silver or gold"):
        d.add_change_idea(s.id, "x", tier="platinum")
    with pytest.raises(InputError, match="roles"):
        d.add_change_idea(s.id, "x", proposed_by_role="boss")
    with pytest.raises(InputError, match="no words"):
        d.add_secondary(d.primaries[0].id, "  ")


def test_edit_remove_and_round_trip():
    d = small_diagram()
    idea = d.change_ideas()[1]
    d.edit(idea.id, tier="silver", text="Peer support in A&E")
    assert d.find(idea.id).tier == "silver"
    again = dd.DriverDiagram.from_dict(d.to_dict())
    assert again == d
    d.remove(d.primaries[0].secondaries[0].id)
    assert d.change_ideas() == []
    with pytest.raises(InputError):
        d.remove("nope")


def test_check_diagram_points_at_gaps():
    d = small_diagram()
    problems = dd.check_diagram(d)
    assert len(problems) == 1 and "no secondary drivers" in problems[0].message


def test_diagram_saved_with_versions(store, project, staff):
    d = small_diagram()
    rec = dd.save_diagram(store, project.id, d, by=staff)
    d.add_primary("Staff understand racism and trauma", "experience")
    dd.save_diagram(store, project.id, d, by=staff, diagram_id=rec.id, expected_version=1)
    assert len(dd.load_diagram(store, rec.id).primaries) == 3
    assert [v.version for v in store.history(rec.id)] == [1, 2]
    with pytest.raises(InputError, match="needs an aim"):
        dd.save_diagram(store, project.id, dd.DriverDiagram(""), by=staff)


def test_diagram_svg_is_escaped_and_self_contained():
    from coprod_helpers.measures.diagram_svg import render_diagram_svg

    d = small_diagram()
    d.add_change_idea(d.primaries[0].secondaries[0].id, "<script>alert(1)</script> & more", tier="silver")
    svg = render_diagram_svg(d)
    assert svg.startswith("<svg") and "<script>" not in svg and "&lt;script&gt;" in svg
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "Bronze" in svg and "Gold" in svg and "lived experience" in svg.lower()
    assert 'role="img"' in svg and "<title" in svg


def test_pdsa_cycles(store, project, staff):
    c = pdsa.PDSACycle("idea1", "Cycle 1: barbers drop-in", "2025-02-03", "2025-02-28",
                       prediction="Five men will come in the first month")
    pdsa.save_cycle(store, project.id, c, by=staff)
    pdsa.save_cycle(store, project.id, pdsa.PDSACycle("idea2", "Cycle 1b", "2025-01-10", prediction="p"), by=staff)
    assert [x.title for x in pdsa.list_cycles(store, project.id)] == ["Cycle 1b", "Cycle 1: barbers drop-in"]
    assert pdsa.pdsa_marks(pdsa.list_cycles(store, project.id, "idea1")) == [("2025-02-03", "Cycle 1: barbers drop-in")]
    bad = pdsa.PDSACycle("", "", "someday", "2025-01-01", next_step="maybe")
    with pytest.raises(InputError) as err:
        pdsa.save_cycle(store, project.id, bad, by=staff)
    assert {p.field for p in err.value.problems} == {"change_idea_id", "title", "start_date", "prediction", "next_step"}
    ends_early = pdsa.PDSACycle("i", "t", "2025-02-03", "2025-02-01", prediction="p")
    assert [p.field for p in pdsa.check_cycle(ends_early)] == ["end_date"]


def test_measure_definition_checks(store, project, staff):
    m = defs.MeasureDefinition("Detentions per 1,000", "outcome", numerator="Detentions", denominator="Men 18-35",
                               data_source="MHSDS", collected_by="Analyst", co_designed_by=["lived_experience", "staff"],
                               equity_breakdown=["Black African", "White British"], multiplier=1000)
    assert defs.check_definition(m) == [] and m.is_ratio
    rec = defs.save_measure(store, project.id, m, by=staff)
    assert defs.load_measure(store, rec.id) == m
    empty = defs.MeasureDefinition("Waiting time")
    problems = defs.check_definition(empty)
    assert problems[0].message == "The measure 'Waiting time' has no definition."
    with pytest.raises(InputError, match="has no definition"):
        defs.require_definition(empty)
    bad = defs.MeasureDefinition("", "outcomes", direction="up", frequency="daily", co_designed_by=["boss"],
                                 multiplier=0)
    with pytest.raises(InputError) as err:
        defs.save_measure(store, project.id, bad, by=staff)
    assert len(err.value.problems) == 6
    family = defs.check_family([m])
    assert [p.message for p in family] == ["There is no process measure yet.", "There is no balancing measure yet."]
