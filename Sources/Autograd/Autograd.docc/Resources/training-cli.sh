# Workload S1: micrograd's own points and initial weights, read from shared/data beside the
# package (or from the folder AUTOGRAD_DATA names).
swift run -c release autograd bench s1

# A classifier on 200 two-moons points; writes loss.svg and decision-boundary.svg.
swift run autograd train --out pictures
