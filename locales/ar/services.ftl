# Local services (data·inclusion) proposed at the end of the diagnostic. A service's name,
# commune and contact are data, said as they are.

services-intro = بالقرب منك، يمكن لهذه الخدمات أيضًا أن تساعدك الآن:
services-item = • { $name }، { $place }: { $contact }
services-item-bare = • { $name }، { $place }
services-remote = عن بُعد
services-nearby = بالقرب منك
