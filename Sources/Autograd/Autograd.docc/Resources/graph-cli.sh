swift run autograd diff 'c = a + b; d = a - b; e = c * d; f = e * b' --at a=1,b=2 --graph graph.svg
