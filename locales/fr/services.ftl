# Les services locaux (data·inclusion) proposés à la fin du diagnostic. Le nom, la commune
# et le contact d'un service sont des données, dites telles quelles.

services-intro = Près de chez vous, ces services peuvent aussi vous aider dès maintenant :
services-item = • { $name }, { $place } : { $contact }
services-item-bare = • { $name }, { $place }
services-remote = à distance
services-nearby = près de chez vous
