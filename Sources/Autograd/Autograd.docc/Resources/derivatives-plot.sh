swift run autograd diff 'x^3 - 10*x^2 + 5*x - 2' --at x=6 --plot tangents.svg
