"""The server's store: tables, change feed, mutation ledger, merge."""
