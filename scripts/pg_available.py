"""Exit 0 if the PostgreSQL server in the URL answers, 1 otherwise (used by `make test`)."""

import sys

import psycopg

try:
    psycopg.connect(sys.argv[1], connect_timeout=3).close()
except Exception as exc:  # any failure means "not available"; the message says why
    print(f"PostgreSQL: {exc}".strip(), file=sys.stderr)
    sys.exit(1)
