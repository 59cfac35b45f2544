# Local services (data·inclusion) proposed at the end of the diagnostic. A service's name,
# commune and contact are data, said as they are.

services-intro = Perto de si, estes serviços também o podem ajudar já:
services-item = • { $name }, { $place }: { $contact }
services-item-bare = • { $name }, { $place }
services-remote = à distância
services-nearby = perto de si
