# Local services (data·inclusion) proposed at the end of the diagnostic. A service's name,
# commune and contact are data, said as they are.

services-intro = Поруч із вами ці служби також можуть допомогти вже зараз:
services-item = • { $name }, { $place }: { $contact }
services-item-bare = • { $name }, { $place }
services-remote = дистанційно
services-nearby = поруч із вами
