"""Sound in the app: the control that follows a run, and the Sound menu."""
