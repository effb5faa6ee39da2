"""The demo city Jiangcheng (江城): areas, departments, staff and a year of history."""
