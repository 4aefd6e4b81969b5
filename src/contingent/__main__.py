from contingent.cli import main

raise SystemExit(main())
