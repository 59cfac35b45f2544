### Messages shared by every dialogue: answers, commands, the engine's own messages, menus.

## Language names, each written in its own language.

language-name-fr = Français
    .synonyms = francais, french, fransais
language-name-en = English
    .synonyms = anglais, inglés, angliyskiy
language-name-ar = العربية
    .synonyms = arabe, arabic, arabi, عربي
language-name-uk = Українська
    .synonyms = ukrainien, ukrainian, ukrainska, украинский
language-name-ru = Русский
    .synonyms = russe, russian, russkiy, русский язык
language-name-es = Español
    .synonyms = espagnol, spanish, espanol, castellano
language-name-pt = Português
    .synonyms = portugais, portuguese, portugues
language-name-tr = Türkçe
    .synonyms = turc, turkish, turkce
# Before the language menu, in the language the phone number suggests.
language-proposal = { $language } ? Écrivez { $number }.

## Yes, no, rather not say. Synonyms are the words people type instead.

answer-yes = Oui
    .synonyms = o, ouais, ok, d'accord, oui oui, bien sur, yes
answer-no = Non
    .synonyms = n, nan, non merci, pas du tout, no
answer-rather-not = Je préfère ne pas répondre
    .synonyms = ne pas repondre, pas de reponse, sans reponse, je prefere pas, prefere ne pas repondre

## Global commands: the first word is the one shown in the help.

command-start = recommencer
    .synonyms = recommencer depuis le debut, tout recommencer
command-help = aide
    .synonyms = ?, au secours, sos, help, je ne comprends pas
command-back = retour
    .synonyms = precedent, revenir, question precedente, back
command-skip = passer
    .synonyms = suivant, question suivante, skip
command-language = langue
    .synonyms = langues, changer de langue, language
command-human = humain
    .synonyms = conseiller, conseillere, une personne, parler a quelqu'un, human
command-stop = stop
    .synonyms = pause, arreter, faire une pause
command-erase = effacer
    .synonyms = effacer mes donnees, supprimer, supprimer mes donnees
command-change = modifier
    .synonyms = corriger, changer, changer une reponse, modifier une reponse

## The engine's messages.

engine-welcome-back = Bon retour ! Reprenons où nous en étions.
engine-dialogue-updated = Le questionnaire a un peu changé. Nous reprenons à la bonne question.
engine-resume-offer = Bon retour ! Voulez-vous reprendre là où vous en étiez ?
engine-restart = D'accord, nous recommençons depuis le début.
engine-already-ended = Votre questionnaire est terminé. Écrivez « recommencer » pour le refaire, ou « humain » pour parler à une personne.
# `.sms`: the help by SMS, every word a person can write named, in as few segments as it takes.
engine-help =
    { $stuck ->
        [yes] Pas de souci, je vous aide.
       *[no] Voici ce que vous pouvez écrire :
    }
    • le numéro ou le mot de votre réponse ;
    • « retour » pour revenir à la question d'avant ;
    • « passer » pour sauter une question facultative ;
    • « modifier » pour corriger une réponse ;
    • « langue » pour changer de langue ;
    • « humain » pour parler à une personne ;
    • « stop » pour faire une pause ;
    • « mes données » pour voir ce que je garde et le changer ;
    • « effacer » pour effacer vos données.
    .sms =
        { $stuck ->
            [yes] Pas de souci, je vous aide. Vous pouvez écrire :
           *[no] Vous pouvez écrire :
        } le numéro de votre réponse, « retour », « passer », « modifier », « langue », « humain » (une personne), « stop » (une pause), « mes données » ou « effacer ».
engine-human =
    { $stored ->
        [yes] C'est noté : une personne de l'accueil vous recontactera.
       *[no] Pour parler à une personne, appelez France Travail au 3949 ou passez dans une France Services.
    } Vous pouvez aussi continuer ici.
engine-paused = C'est noté, nous faisons une pause. Écrivez-moi quand vous voulez : nous reprendrons ici.
engine-erase-confirm = Voulez-vous vraiment effacer toutes vos réponses ? On ne pourra pas les retrouver.
engine-erased = C'est fait : tout ce que vous m'aviez dit est effacé. Vous pouvez recommencer quand vous voulez.
engine-erase-cancelled = D'accord, je n'efface rien.
engine-back = D'accord, revenons à la question d'avant.
engine-back-nothing = Nous sommes au début : il n'y a pas de question avant.
engine-skip-refused = Cette question ne peut pas être passée : j'en ai besoin pour continuer.
engine-language-prompt = Quelle langue préférez-vous ?
engine-language-known = Bonjour ! Je suis l'assistant du service public de l'insertion et de l'emploi. Je vous écris en français. Pour changer de langue, écrivez « { command-language } ».
engine-progress = Partie { $part } sur { $total } : { $name }
engine-stuck = Désolé, je rencontre un problème avec ce questionnaire. Une personne de l'accueil va prendre le relais.
engine-stale-choice = Cette question est déjà fermée. Répondez à la dernière question, s'il vous plaît.
engine-summary =
    Voici ce que vous m'avez dit :
    { $lines }
engine-summary-line = • { $label } : { $value }
engine-change-prompt = Quelle réponse voulez-vous corriger ?
engine-change-nothing = Vous n'avez encore rien répondu.
engine-change-hint = Une erreur ? Écrivez « modifier » pour corriger une réponse.
engine-summary-brief =
    { $count ->
        [one] J'ai noté votre réponse. Pour la relire, écrivez « { command-summary } ».
       *[other] J'ai noté vos { $count } réponses. Pour les relire, écrivez « { command-summary } ».
    }

## How answers read back.

value-skipped = (question passée)
value-withheld = (question non posée)

## Menus.

menu-reply =
    { $count ->
        [1] Répondez 1.
        [2] Répondez 1 ou 2.
        [3] Répondez 1, 2 ou 3.
        [4] Répondez 1, 2, 3 ou 4.
       *[other] Répondez de 1 à { $count }.
    }
menu-reply-multi = Un ou plusieurs numéros, ex. : 1, 3.
menu-reply-multi-buttons = Touchez une réponse, ou écrivez-en plusieurs séparées par des virgules.

## Lists and dates.

list-separator = {", "}
# Between items when one of them holds the plain separator itself.
list-separator-strong = {" ; "}
list-item = • { $item }
list-and = { $first } et { $last }
list-or = { $first } ou { $last }
date-long = { $day } { $month } { $year }
month-1 = janvier
month-2 = février
month-3 = mars
month-4 = avril
month-5 = mai
month-6 = juin
month-7 = juillet
month-8 = août
month-9 = septembre
month-10 = octobre
month-11 = novembre
month-12 = décembre

## Why an answer was not understood. The step's own hint follows.

miss-empty = Je n'ai rien reçu.
miss-not-an-option = Je n'ai pas compris votre réponse.
miss-ambiguous = Voulez-vous dire { $options } ?
miss-unknown-part = Je n'ai pas compris « { $part } ».
miss-too-few =
    { $min ->
        [one] Choisissez au moins une réponse.
       *[other] Choisissez au moins { $min } réponses.
    }
miss-too-many =
    { $max ->
        [one] Choisissez une seule réponse.
       *[other] Choisissez { $max } réponses au plus.
    }
miss-exclusive = « { $option } » ne va pas avec d'autres réponses.
miss-not-a-number = J'attends un nombre écrit en chiffres.
miss-birth-month = Pour vous orienter au bon endroit, il me faut aussi votre mois de naissance. Écrivez le mois et l'année, par exemple 03/2000, ou votre date de naissance.
miss-too-low = Ce nombre est trop petit : { $min } au moins.
miss-too-high = Ce nombre est trop grand : { $max } au plus.
miss-not-a-date = Je n'ai pas reconnu la date.
miss-date-future = Cette date est dans le futur.
miss-date-past = Cette date est déjà passée.
miss-not-a-place = Je n'ai pas reconnu ce code postal ou cette commune.
miss-not-a-phone = Je n'ai pas reconnu ce numéro de téléphone.
miss-too-long = Votre message est trop long : { $max } caractères au plus.
miss-no-match = Ce n'est pas le bon format.

## Urgent situations: said at once, in the person's language.

urgent-danger = Si vous êtes en danger, appelez tout de suite le 17 (police) ou le 112. Violences : 3919, gratuit et anonyme. L'accueil verra votre demande en priorité.
urgent-violence = Vous n'êtes pas seule ou seul. Appelez le 3919 : c'est gratuit, anonyme, jour et nuit. En danger tout de suite : 17 ou 112, ou un SMS au 114. L'accueil verra votre demande en priorité.
urgent-child-danger = Un enfant en danger : appelez le 119, gratuit, jour et nuit. En danger tout de suite : 17 ou 112. L'accueil verra votre demande en priorité.
urgent-suicide = Vous pouvez en parler maintenant : appelez le 3114, gratuit, jour et nuit. En danger tout de suite : 15 ou 112. L'accueil verra votre demande en priorité.
urgent-no-housing-tonight = Pour dormir à l'abri ce soir, appelez le 115 : c'est gratuit, jour et nuit. L'accueil verra votre demande en priorité.
urgent-no-food = Pour manger dès aujourd'hui, allez au CCAS de votre mairie, ou appelez le 115. L'accueil verra votre demande en priorité.

## The orientation proposed at the end.

orientation-understood =
    Voici ce que j'ai compris :
    { $needs }
orientation-understood-none = Vous n'avez pas signalé de difficulté particulière.
orientation-proposal = Je vous propose une aide { $parcours }, avec { $lead }.
orientation-because =
    Pourquoi :
    { $reasons }
orientation-with = Votre premier rendez-vous réunira aussi { $body }.
    .sms = Avec aussi : { $body }.
orientation-also =
    D'autres services peuvent vous aider :
    { $partners }
orientation-next = C'est une proposition : le service qui vous aide la confirmera avec vous.
parcours-emploi = « Emploi », pour retrouver vite un travail
parcours-global = « Global », pour le travail et vos difficultés en même temps
parcours-social = « Social », pour régler d'abord vos difficultés
body-france-travail = France Travail
body-mission-locale = la Mission Locale
body-cap-emploi = Cap emploi
body-conseil-departemental = le service social du Département
orientation-reason-under-26 = Vous avez moins de 26 ans : la Mission Locale aide les jeunes.
orientation-reason-rsa = Vous touchez le RSA : le Département valide l'aide qui vous est proposée.
orientation-reason-rsa-claim = Vous avez demandé le RSA : le Département valide l'aide qui vous est proposée.
orientation-reason-disability = Vous avez une reconnaissance de handicap : Cap emploi connaît bien ces situations.
orientation-reason-disability-claim = Votre dossier MDPH est en cours.
orientation-reason-no-recent-work = Vous n'avez pas travaillé depuis plus de 2 ans.
orientation-reason-not-qualified = Vous n'avez pas de diplôme professionnel.
orientation-reason-not-ready = Vous ne pouvez pas reprendre un travail pour le moment.
orientation-reason-ready-with-help = Vous voulez travailler, avec un peu d'aide.
orientation-reason-strong-barriers =
    { $count ->
        [one] Une difficulté vous empêche de travailler.
       *[other] { $count } difficultés vous empêchent de travailler.
    }
orientation-reason-medium-barriers =
    { $count ->
        [one] Une difficulté vous gêne un peu.
       *[other] { $count } difficultés vous gênent un peu.
    }
orientation-reason-ready = Vous pouvez travailler dès maintenant, et rien ne vous en empêche vraiment.
orientation-reason-urgent = Vous avez signalé une situation urgente : l'accueil verra votre rendez-vous en priorité.
orientation-reason-safety-first = Vous avez signalé une urgence (pas d'abri ce soir, violences ou danger) : votre premier rendez-vous est avec le service social du Département, pour vous aider vite.
partner-ccas = le CCAS de votre mairie
partner-caf = la CAF
partner-siao = le 115, pour un hébergement
partner-france-services = une France Services, pour vos démarches
partner-cpam = l'Assurance Maladie
partner-mdph = la MDPH, pour votre dossier handicap
partner-cap-emploi = Cap emploi
partner-conseiller-numerique = un conseiller numérique
partner-ateliers-francais = des cours de français près de chez vous
partner-plateforme-mobilite = une plateforme mobilité, pour le permis et les transports
partner-point-justice = un point-justice, pour des conseils gratuits

## My data: what is kept, the consents, withdrawing them.

command-mydata = mes données
    .synonyms = mes donnees, mes infos, mes informations, voir mes donnees
command-unshare = ne plus partager
    .synonyms = arreter le partage, stop partage, ne plus partager mes reponses
command-summary = résumé
    .synonyms = récapitulatif, recapitulatif, recap, summary
engine-mydata-nothing = Je ne garde rien sur vous : vous n'avez pas accepté que je garde vos réponses.
engine-mydata-no-answers = Je garde votre langue et vos accords, mais encore aucune réponse.
engine-mydata =
    Voici ce que je garde sur vous :
    { $lines }
engine-mydata-invitation = Vous avez reçu une invitation : votre Département nous a transmis votre numéro et ce que sa liste dit de vous (nom, date de naissance, code postal, RSA, identifiant France Travail). Ces informations sont protégées comme vos réponses et effacées avec elles si vous le demandez.
engine-mydata-consents =
    Vous avez accepté :
    { $lines }
engine-mydata-consent-store = que je garde vos réponses
engine-mydata-consent-sensitive = que je garde vos réponses sur la santé
engine-mydata-consent-share = que je les montre aux services qui vous aident
engine-mydata-consent-reminders = de recevoir des rappels
engine-mydata-prompt = Que voulez-vous faire ?
engine-mydata-opt-unshare = Ne plus les montrer aux services
engine-mydata-opt-unsensitive = Effacer mes réponses sur la santé
engine-mydata-opt-noreminders = Ne plus recevoir de rappels
engine-mydata-opt-erase = Tout effacer
engine-mydata-opt-continue = Continuer
engine-unshared = C'est fait : les services ne verront plus vos réponses.
engine-not-shared = Vos réponses ne sont montrées à personne.
engine-sensitive-withdrawn = C'est fait : vos réponses sur la santé sont effacées.
engine-reminders-withdrawn = C'est fait : vous ne recevrez plus de rappels.
engine-erase-receipt = Référence de l'effacement : { $reference }. Gardez-la si vous voulez le prouver.
