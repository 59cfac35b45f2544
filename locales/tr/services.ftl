# Local services (data·inclusion) proposed at the end of the diagnostic. A service's name,
# commune and contact are data, said as they are.

services-intro = Yakınınızdaki bu hizmetler de size hemen yardımcı olabilir:
services-item = • { $name }, { $place }: { $contact }
services-item-bare = • { $name }, { $place }
services-remote = uzaktan
services-nearby = yakınınızda
