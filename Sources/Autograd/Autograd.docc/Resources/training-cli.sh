# Workload S1: micrograd's own points and initial weights, read from the shared/data directory.
AUTOGRAD_DATA=path/to/shared/data swift run -c release autograd bench s1

# A classifier on 200 two-moons points; writes loss.svg and decision-boundary.svg.
swift run autograd train --out pictures
