"""The safety plan window, the "Need help now?" panel and printing the plan."""
