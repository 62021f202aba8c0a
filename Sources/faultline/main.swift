/// The faultline executable.
print("faultline")
