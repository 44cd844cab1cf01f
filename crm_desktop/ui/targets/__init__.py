"""销售任务 Sales targets tab (issue #15): 我的任务 with progress bars, the sorted and paged
completion list of one's subtree or branches, setting targets and the .xlsx import."""
