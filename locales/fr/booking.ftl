### Booking the first appointment, the appointment later on, reminders.

## The booking step of the diagnostic.

diag-booking-prompt = Voici les premiers rendez-vous libres. Lequel vous convient ?
diag-booking-hint = Répondez avec le numéro du rendez-vous.
diag-booking-short = Rendez-vous
diag-done-prompt = Merci, et à bientôt ! Écrivez « rendez-vous » à tout moment pour revoir, annuler ou déplacer votre rendez-vous.
    .sms = Merci, et à bientôt !

## Offers.

booking-offer-prompt = Voici les premiers rendez-vous libres. Lequel vous convient ?
booking-offer-prompt-joint = Voici des rendez-vous communs avec { $with }. Lequel vous convient ?
booking-offer-prompt-joint-at = Voici des rendez-vous communs avec { $place } et { $with }. Lequel vous convient ?
    .sms = Rendez-vous communs avec { $place } et { $with }. Lequel vous convient ?
booking-offer-prompt-joint-at-format = Voici des rendez-vous communs avec { $place } et { $with }, { $format }. Lequel vous convient ?
    .sms = Rendez-vous communs avec { $place } et { $with }, { $format }. Lequel vous convient ?
# `.button`: the short form a button shows (Telegram), the message above it listing the slot in full.
booking-offer = { $when }, { $format } ({ $place })
    .button = { $when }
# When every slot offered is at the same place (and in the same format), the question
# names it once (with the organisation the appointments are shared with: `-joint-at...`) and
# each slot says only its day and time (and format). By SMS, days and times are said briefly.
booking-offer-prompt-at = Voici les premiers rendez-vous libres avec { $place }. Lequel vous convient ?
    .sms = Rendez-vous libres avec { $place }. Lequel vous convient ?
booking-offer-prompt-at-format = Voici les premiers rendez-vous libres avec { $place }, { $format }. Lequel vous convient ?
    .sms = Rendez-vous libres avec { $place }, { $format }. Lequel vous convient ?
booking-offer-format = { $when }, { $format }
    .button = { $when }
booking-offer-when = { $when }
    .button = { $when }
booking-more = D'autres dates
    .synonyms = autres dates, autre date, autres, plus loin
booking-call-me = Aucune ne me va, rappelez-moi
    .sms = Aucune, rappelez-moi
    .synonyms = rappelez-moi, aucune, aucun, rappel
booking-taken = Désolé, ce rendez-vous vient d'être pris. Je cherche d'autres dates.
booking-no-more = Il n'y a pas d'autre date libre pour le moment.
booking-none = Je n'ai pas trouvé de rendez-vous libre pour le moment.
booking-waiting = C'est noté : l'accueil vous rappelle dans les 2 jours (sauf samedi et dimanche) pour fixer un rendez-vous.

## The confirmation.

# `.sms`: the shorter form sent by SMS, where every segment is paid.
booking-confirmed = C'est réservé ! Votre rendez-vous : { $when }. Votre numéro de réservation : { $reference }.
    .sms = Réservé : { $when }. Numéro : { $reference }.
booking-where-on-site = Adresse : { $place }, { $address }. { $directions }
booking-where-phone = { $place } vous appellera à cette heure-là.
    .sms = { $place } vous appellera.
booking-where-video = { $place } vous enverra le lien de la visio avant le rendez-vous.
    .sms = { $place } vous enverra le lien de la visio.
booking-with = Ce rendez-vous est commun avec : { $with }.
    .sms = Avec aussi : { $with }.
booking-bring = Pensez à apporter : { $items }.
    .sms = À apporter : { $items }.
booking-demo = (Adresse et horaires de démonstration.)
    .sms = (Démo.)
booking-how-to-cancel = Pour annuler ou déplacer, écrivez « rendez-vous ».
    .sms = Annuler ou déplacer : écrivez « rendez-vous ».
# On SMS, where the whole confirmation is too long for one reply: how to read what to bring
# (and the rest) again, with the appointment's keyword.
booking-details = Ce qu'il faut apporter, annuler ou déplacer : écrivez « rendez-vous ».
booking-reminder = Rappel : votre rendez-vous est { $when }, { $place }. Numéro : { $reference }. Pour annuler ou déplacer, écrivez « rendez-vous ».
format-on-site = sur place
format-phone = par téléphone
format-video = en visio
phone-own-number = Ce numéro (celui qui m'écrit)
    .synonyms = ce numero, celui-ci, le meme, le meme numero
phone-needed = Pour un rendez-vous par téléphone, le service doit pouvoir vous appeler. Écrivez votre numéro, par exemple 06 12 34 56 78.
phone-none-prompt = Sans numéro, personne ne peut vous appeler. Voulez-vous plutôt un rendez-vous sur place ou en visio ?
phone-give-number = Je donne un numéro
bring-id = une pièce d'identité
bring-cv = votre CV (si vous en avez un)
bring-caf = votre attestation CAF
bring-address-proof = une facture à votre nom (électricité, eau, téléphone)
bring-vitale = votre carte Vitale
bring-rqth-proof = votre notification RQTH

## Dates said in words.

datetime-long = { $weekday } { $day } { $month } à { $hour } h { $minute }
weekday-1 = lundi
weekday-2 = mardi
weekday-3 = mercredi
weekday-4 = jeudi
weekday-5 = vendredi
weekday-6 = samedi
weekday-7 = dimanche

## Dates said briefly: on a slot's button (the message above lists the slot in full) and in an SMS menu.

datetime-short = { $weekday } { $day } { $month } { $hour } h { $minute }
weekday-short-1 = lun.
weekday-short-2 = mar.
weekday-short-3 = mer.
weekday-short-4 = jeu.
weekday-short-5 = ven.
weekday-short-6 = sam.
weekday-short-7 = dim.
month-short-1 = janv.
month-short-2 = févr.
month-short-3 = mars
month-short-4 = avr.
month-short-5 = mai
month-short-6 = juin
month-short-7 = juil.
month-short-8 = août
month-short-9 = sept.
month-short-10 = oct.
month-short-11 = nov.
month-short-12 = déc.

## "My appointment", any time later.

command-appointment = rendez-vous
    .synonyms = mon rendez-vous, rdv, mon rdv
appointment-none = Vous n'avez pas de rendez-vous prévu.
appointment-show = Votre rendez-vous : { $when }, { $format } ({ $place }). Numéro : { $reference }.
appointment-what = Que voulez-vous faire ?
appointment-keep = Le garder
    .synonyms = garder, ok, rien
appointment-cancel = L'annuler
    .synonyms = annuler, annulation
appointment-move = Changer de date
    .synonyms = deplacer, changer de date, nouvelle date
appointment-cancelled = Votre rendez-vous est annulé. La place est libre pour quelqu'un d'autre. Écrivez « rendez-vous » si vous voulez en prendre un autre.
appointment-kept = Très bien, votre rendez-vous est maintenu.

## Choosing another organisation or another format.

booking-other = Un autre service ou un autre format
    .sms = Autre service ou format
    .synonyms = autre service, autre structure, autre format, autre lieu
booking-other-prompt = Avec qui, ou comment, préférez-vous votre rendez-vous ?

## Messages sent when reception staff act on an appointment.

staff-notice-confirmed = Votre rendez-vous est confirmé : { $when }, { $place }. Numéro : { $reference }.
staff-notice-moved = Votre rendez-vous a été déplacé : { $when }, { $place }. Numéro : { $reference }. Pour annuler ou changer de date, écrivez « rendez-vous ».
staff-notice-cancelled = Votre rendez-vous du { $when } ({ $place }) a été annulé. Écrivez « rendez-vous » pour en prendre un autre.
staff-notice-no-show = Nous ne vous avons pas vu à votre rendez-vous du { $when } ({ $place }). Écrivez « rendez-vous » pour en prendre un autre.
staff-notice-excused = Votre absence au rendez-vous du { $when } est bien notée comme excusée. Écrivez « rendez-vous » pour en prendre un autre.

# The calendar file's name, without ".ics" (a file name: no spaces, no slash).
booking-calendar-file = rendez-vous
