"""Planning co-production and keeping it going (issue 6).

Steps 1 to 3 and 10 of the ten-step co-production guide (NCCMH, 2023) and the tools of the
co-production in commissioning toolkit (Rethink Mental Illness, 2015), as plain functions:

- ``checklist``: the getting-started checklist and key considerations, answered and revisited
- ``ladder``: where the team stands on the ladder of co-production
- ``roles``: terms of reference and role descriptions
- ``payments``: paying people for their time; budget summary; finance export (reviewers)
- ``agreement``: ground rules; ``skills``: skills, assets, groups and networks
- ``workplan``: tasks and the next meeting's agenda
- ``wellbeing``: a private wellbeing plan, never saved unless its writer chooses
- ``audit``: the six core values audit, compared over time and between roles
- ``action_plan``, ``meetings``, ``reflections``: keeping it going
- ``summary_export``: the shareable project summary (HTML and Word)

Submodules load when first used; importing this package does no I/O.
"""
from .._lazy import lazy_submodules

_SUBMODULES = {"action_plan", "agreement", "audit", "checklist", "documents", "fields", "ladder", "meetings",
               "payments", "records", "reflections", "roles", "skills", "summary_export", "wellbeing",
               "workplan"}


__getattr__, __dir__ = lazy_submodules(__name__, _SUBMODULES)
