swift run -c release autograd bench s1
swift run autograd train --out pictures
