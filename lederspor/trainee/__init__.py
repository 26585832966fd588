"""What the trainee programme (seed 003) needs beyond cohorts: prerequisites, effect evaluation and outcome."""
