# Local services (data·inclusion) proposed at the end of the diagnostic. A service's name,
# commune and contact are data, said as they are.

services-intro = Near you, these services can also help you now:
services-item = • { $name }, { $place }: { $contact }
services-item-bare = • { $name }, { $place }
services-remote = remote
services-nearby = near you
