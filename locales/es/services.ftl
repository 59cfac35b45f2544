# Local services (data·inclusion) proposed at the end of the diagnostic. A service's name,
# commune and contact are data, said as they are.

services-intro = Cerca de usted, estos servicios también pueden ayudarle ya:
services-item = • { $name }, { $place }: { $contact }
services-item-bare = • { $name }, { $place }
services-remote = a distancia
services-nearby = cerca de usted
