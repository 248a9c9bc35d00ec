"""``python -m coprod_helpers start``: serve the workbook's apps (see :mod:`coprod_helpers.launch`)."""
from .launch import main

raise SystemExit(main())
