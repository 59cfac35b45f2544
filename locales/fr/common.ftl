### Messages shared by every dialogue: answers, commands, the engine's own messages, menus.

## Language names, each written in its own language.

language-name-fr = Français
    .synonyms = francais, french
language-name-en = English
    .synonyms = anglais, inglés

## Yes, no, rather not say. Synonyms are the words people type instead.

answer-yes = Oui
    .synonyms = o, ouais, ok, d'accord, oui oui, bien sur, yes
answer-no = Non
    .synonyms = n, nan, non merci, pas du tout, no
answer-rather-not = Je préfère ne pas répondre
    .synonyms = ne pas repondre, pas de reponse, sans reponse, je prefere pas, prefere ne pas repondre

## Global commands: the first word is the one shown in the help.

command-start = recommencer
    .synonyms = debut, nouveau, bonjour
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
    .synonyms = pause, arreter, plus tard
command-erase = effacer
    .synonyms = effacer mes donnees, supprimer, supprimer mes donnees

## The engine's messages.

engine-welcome-back = Bon retour ! Reprenons où nous en étions.
engine-dialogue-updated = Le questionnaire a un peu changé. Nous reprenons à la bonne question.
engine-resume-offer = Bon retour ! Voulez-vous reprendre là où vous en étiez ?
engine-restart = D'accord, nous recommençons depuis le début.
engine-already-ended = Votre questionnaire est terminé. Écrivez « recommencer » pour le refaire, ou « humain » pour parler à une personne.
engine-help =
    { $stuck ->
        [yes] Pas de souci, je vous aide.
       *[no] Voici ce que vous pouvez écrire :
    }
    • le numéro ou le mot de votre réponse ;
    • « retour » pour revenir à la question d'avant ;
    • « passer » pour sauter une question facultative ;
    • « langue » pour changer de langue ;
    • « humain » pour parler à une personne ;
    • « stop » pour faire une pause ;
    • « effacer » pour effacer vos données.
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
engine-progress = Partie { $part } sur { $total } : { $name }
engine-stuck = Désolé, je rencontre un problème avec ce questionnaire. Une personne de l'accueil va prendre le relais.
engine-stale-choice = Cette question est déjà fermée. Répondez à la dernière question, s'il vous plaît.
engine-summary =
    Voici ce que vous m'avez dit :
    { $lines }
engine-summary-line = • { $label } : { $value }

## How answers read back.

value-skipped = (question passée)
value-withheld = (question non posée)

## Menus.

menu-reply = Répondez { $numbers }.
menu-reply-multi = Répondez avec un ou plusieurs numéros parmi { $numbers }.
menu-reply-multi-buttons = Touchez une réponse, ou écrivez-en plusieurs séparées par des virgules.

## Lists and dates.

list-separator = {", "}
list-and = et
list-or = ou
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
miss-too-low = Ce nombre est trop petit : { $min } au moins.
miss-too-high = Ce nombre est trop grand : { $max } au plus.
miss-not-a-date = Je n'ai pas reconnu la date.
miss-date-future = Cette date est dans le futur.
miss-date-past = Cette date est déjà passée.
miss-not-a-place = Je n'ai pas reconnu ce code postal ou cette commune.
miss-not-a-phone = Je n'ai pas reconnu ce numéro de téléphone.
miss-too-long = Votre message est trop long : { $max } caractères au plus.
miss-no-match = Ce n'est pas le bon format.
