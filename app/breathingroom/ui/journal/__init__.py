"""The journal: check-ins, the list of entries, importing, and the control that opens the store."""
