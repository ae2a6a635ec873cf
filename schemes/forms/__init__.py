"""Forms for the scheme record, its plan and its maintenance."""
