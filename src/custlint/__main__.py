from custlint.cli import main

raise SystemExit(main())
