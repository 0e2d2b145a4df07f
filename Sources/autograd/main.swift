print("autograd")
