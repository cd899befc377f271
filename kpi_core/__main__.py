from kpi_core.cli import main

raise SystemExit(main())
