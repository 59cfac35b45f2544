# Local services (data·inclusion) proposed at the end of the diagnostic. A service's name,
# commune and contact are data, said as they are.

services-intro = Рядом с вами эти службы тоже могут помочь уже сейчас:
services-item = • { $name }, { $place }: { $contact }
services-item-bare = • { $name }, { $place }
services-remote = дистанционно
services-nearby = рядом с вами
