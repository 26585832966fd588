"""Learning agreements (*læringsaftale*, seed 003) with learning goals and building blocks."""
