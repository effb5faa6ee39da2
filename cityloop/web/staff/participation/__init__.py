"""The staff console's participation pages: answering, moderating, budgets."""
