"""gunicorn settings for `make serve-prod` (workers, bind address and timeouts come from the
Makefile's command line)."""

#: Access lines without feed tokens or one-time links (invitations, resets).
logger_class = "tracker.logging.RedactingAccessLogger"
accesslog = "-"
