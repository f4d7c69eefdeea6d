import sys

from breathingroom.cli import main

sys.exit(main())
