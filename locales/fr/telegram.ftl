### Messages of the Telegram channel.

## The commands menu: one short description per command.

telegram-command-start = Commencer ou reprendre
telegram-command-help = Aide : ce que vous pouvez écrire
telegram-command-language = Changer de langue
telegram-command-back = Revenir à la question d'avant
telegram-command-human = Parler à une personne
telegram-command-appointment = Mon rendez-vous
telegram-command-mydata = Mes données : ce que je garde sur vous
telegram-command-erase = Effacer mes données

## Messages the bot cannot read.

telegram-unsupported = Je lis seulement le texte et les boutons. Écrivez votre réponse, s'il vous plaît.
telegram-voice = Je ne peux pas écouter les messages vocaux. Écrivez votre réponse, s'il vous plaît.
telegram-location = Merci, mais je ne lis pas les positions. Écrivez votre code postal ou votre commune, s'il vous plaît.
telegram-contact = Merci, mais je ne lis pas les contacts. Écrivez le numéro de téléphone, s'il vous plaît.
telegram-edited = Vous avez modifié un message : je garde la première version. Pour corriger une réponse, écrivez « modifier ».
telegram-private-only = Je réponds seulement en conversation privée. Écrivez-moi directement, s'il vous plaît.
