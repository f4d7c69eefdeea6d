"""The timeline: how check-ins and sessions look over days, weeks and the year."""
