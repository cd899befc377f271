from kpi_core.tools.cli import main

raise SystemExit(main())
