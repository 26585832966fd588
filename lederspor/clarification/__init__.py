"""What the 'Leder på spring' programme (seed 002) needs beyond cohorts: the 14-day mailing, JTI, homework, the leader talk, the host letter and the course certificate."""
