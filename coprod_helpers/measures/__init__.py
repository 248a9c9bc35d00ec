"""Steps 7 to 9: the aim, the theory of change (driver diagram) and the family of measures.

Submodules are imported when used, so ``import coprod_helpers.measures`` stays light:

- :mod:`.aims` SMART aim drafts, checks and comments
- :mod:`.drivers` the driver diagram model, :mod:`.diagram_svg` its drawing
- :mod:`.pdsa` Plan-Do-Study-Act cycles
- :mod:`.definitions` the family of measures and their operational definitions
- :mod:`.question_bank` questionnaire questions and focus-group topic guides
- :mod:`.measure_data` entering and uploading measure data
- :mod:`.run_chart`, :mod:`.spc` and :mod:`.signal_rules` the statistics of change
- :mod:`.charts` run and SPC charts as inline SVG
"""
