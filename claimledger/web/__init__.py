"""The web UI and REST API over the ledger (``claimledger serve``); needs the ``web`` extra.

``create_app`` in :mod:`claimledger.web.app`; the ``serve`` subcommand in
:mod:`claimledger.web.commands`.  Every asset (CSS, the one script) is in ``static/``.
"""
