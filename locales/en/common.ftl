### Messages shared by every dialogue: answers, commands, the engine's own messages, menus.

## Language names, each written in its own language.

language-name-fr = Français
    .synonyms = french, francais, fransais
language-name-en = English
    .synonyms = english, anglais, ingles, inglish, angliyskiy
language-name-ar = العربية
    .synonyms = arabic, arabe, arabi, عربي
language-name-uk = Українська
    .synonyms = ukrainian, ukrainien, ukrainska, украинский
language-name-ru = Русский
    .synonyms = russian, russe, russkiy, русский язык
language-name-es = Español
    .synonyms = spanish, espanol, castellano, espagnol
language-name-pt = Português
    .synonyms = portuguese, portugues, portugais
language-name-tr = Türkçe
    .synonyms = turkish, turkce, turc
# Before the language menu, in the language the phone number suggests.
language-proposal = { $language }? Reply { $number }.

## Yes, no, rather not say. Synonyms are the words people type instead.

answer-yes = Yes
    .synonyms = y, yeah, yep, yes please, ok, okay, sure, of course, oui
answer-no = No
    .synonyms = n, nope, no thanks, not at all, non
answer-rather-not = I'd rather not answer
    .synonyms = rather not, rather not say, prefer not to say, prefer not to answer, no answer

## Global commands: the first word is the one shown in the help.

command-start = restart
    .synonyms = start again, start over, start from the beginning, restart everything
command-help = help
    .synonyms = ?, sos, help me, i don't understand, i dont understand, aide
command-back = back
    .synonyms = previous, go back, previous question, retour
command-skip = skip
    .synonyms = next, next question, pass, passer
command-language = language
    .synonyms = languages, change language, langue
command-human = human
    .synonyms = advisor, adviser, a person, person, talk to someone, agent, humain
command-stop = stop
    .synonyms = pause, break, take a break
command-erase = erase
    .synonyms = erase my data, delete, delete my data, effacer
command-change = change
    .synonyms = edit, correct, fix, change an answer, correct an answer, modifier

## The engine's messages.

engine-welcome-back = Welcome back! Let's carry on where we stopped.
engine-dialogue-updated = The questions have changed a little. We will go back to the right question.
engine-resume-offer = Welcome back! Would you like to carry on where you stopped?
engine-restart = All right, we are starting again from the beginning.
engine-already-ended = Your questionnaire is finished. Write "restart" to do it again, or "human" to talk to a person.
engine-help =
    { $stuck ->
        [yes] No problem, I will help you.
       *[no] Here is what you can write:
    }
    • the number or the word of your answer
    • "back" to go back to the previous question
    • "skip" to skip a question that is optional
    • "change" to correct an answer
    • "language" to change the language
    • "human" to talk to a person
    • "stop" to take a break
    • "my data" to see what I keep and change it
    • "erase" to erase your data
    .sms =
        { $stuck ->
            [yes] No problem, I will help you. You can write:
           *[no] You can write:
        } the number of your answer, "back", "skip", "change", "language", "human" (a person), "stop" (a break), "my data" or "erase".
engine-human =
    { $stored ->
        [yes] Noted: a person from the reception team will contact you.
       *[no] To talk to a person, call { -france-travail } on 3949 or go to a { -france-services } centre, for help with paperwork.
    } You can also carry on here.
engine-paused = Noted, we are taking a break. Write to me whenever you like: we will carry on from here.
engine-erase-confirm = Do you really want to erase all your answers? They cannot be recovered.
engine-erased = Done: everything you told me is erased. You can start again whenever you like.
engine-erase-cancelled = All right, I am not erasing anything.
engine-back = All right, let's go back to the previous question.
engine-back-nothing = We are at the start: there is no question before this one.
engine-skip-refused = This question cannot be skipped: I need the answer to continue.
engine-language-prompt = Which language do you prefer?
engine-language-known = Hello! I am the assistant of the public employment and integration service. I will write to you in English. To change the language, write "{ command-language }".
engine-progress = Part { $part } of { $total }: { $name }
engine-stuck = Sorry, I have a problem with this questionnaire. A person from the reception team will take over.
engine-stale-choice = This question is already closed. Please answer the last question.
engine-summary =
    Here is what you told me:
    { $lines }
engine-summary-line = • { $label }: { $value }
engine-change-prompt = Which answer would you like to correct?
engine-change-nothing = You have not answered anything yet.
engine-change-hint = A mistake? Write "change" to correct an answer.
engine-summary-brief =
    { $count ->
        [one] I have noted your answer. To read it, write "{ command-summary }".
       *[other] I have noted your { $count } answers. To read them, write "{ command-summary }".
    }

## How answers read back.

value-skipped = (question skipped)
value-withheld = (question not asked)

## Menus.

menu-reply =
    { $count ->
        [1] Reply 1.
        [2] Reply 1 or 2.
        [3] Reply 1, 2 or 3.
        [4] Reply 1, 2, 3 or 4.
       *[other] Reply with a number, from 1 to { $count }.
    }
menu-reply-multi = Reply with one or more numbers, for example: 1, 3.
menu-reply-multi-buttons = Tap an answer, or write several separated by commas.

## Lists and dates.

list-separator = {", "}
# Between items when one of them holds the plain separator itself.
list-separator-strong = {"; "}
list-item = • { $item }
list-and = { $first } and { $last }
list-or = { $first } or { $last }
date-long = { $day } { $month } { $year }
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

## Why an answer was not understood. The step's own hint follows.

miss-empty = I did not receive anything.
miss-not-an-option = I did not understand your answer.
miss-ambiguous = Do you mean { $options }?
miss-unknown-part = I did not understand "{ $part }".
miss-too-few =
    { $min ->
        [one] Choose at least one answer.
       *[other] Choose at least { $min } answers.
    }
miss-too-many =
    { $max ->
        [one] Choose only one answer.
       *[other] Choose { $max } answers at most.
    }
miss-exclusive = "{ $option }" cannot go with other answers.
miss-not-a-number = Please write a number in digits.
miss-birth-month = To direct you to the right place, I also need your month of birth. Write the month and the year, for example 03/2000, or your date of birth.
miss-too-low = This number is too small: { $min } at least.
miss-too-high = This number is too big: { $max } at most.
miss-not-a-date = I did not recognise the date.
miss-date-future = This date is in the future.
miss-date-past = This date has already passed.
miss-not-a-place = I did not recognise this postcode or town.
miss-not-a-phone = I did not recognise this phone number.
miss-too-long = Your message is too long: { $max } characters at most.
miss-no-match = This is not the right format.

## Urgent situations: said at once, in the person's language.

urgent-danger = If you are in danger, call 17 (police) or 112 right now. Violence: call 3919, free and anonymous. The reception team will see your request first.
urgent-violence = You are not alone. Call 3919: it is free and anonymous, day and night. In danger right now: call 17 or 112, or send a text to 114. The reception team will see your request first.
urgent-child-danger = If a child is in danger, call 119: free, day and night. In danger right now: call 17 or 112. The reception team will see your request first.
urgent-suicide = You can talk about it now: call 3114, free, day and night. In danger right now: call 15 or 112. The reception team will see your request first.
urgent-no-housing-tonight = To sleep somewhere safe tonight, call 115: it is free, day and night. The reception team will see your request first.
urgent-no-food = To get food today, go to the { -ccas-explained }, or call 115. The reception team will see your request first.

## The orientation proposed at the end.

orientation-understood =
    Here is what I understood:
    { $needs }
orientation-understood-none = You did not mention any particular difficulty.
orientation-proposal = I suggest support from { $lead }: { $parcours }.
orientation-because =
    Why:
    { $reasons }
orientation-with = Your first appointment will also include { $body }.
    .sms = Also with: { $body }.
orientation-also =
    Other organisations can help you:
    { $partners }
orientation-next = This is a suggestion: the service that helps you will confirm it with you.
parcours-emploi = the "Employment" path, to find a job quickly
parcours-global = the "Global" path, for work and your difficulties at the same time
parcours-social = the "Social" path, to deal with your difficulties first
body-france-travail = France Travail
body-mission-locale = the { -mission-locale }
body-cap-emploi = Cap emploi
body-conseil-departemental = the Département's social services
orientation-reason-under-26 = You are under 26: the { -mission-locale } helps young people.
orientation-reason-rsa = You receive the { -rsa }: the Département approves your support.
orientation-reason-rsa-claim = You have applied for the { -rsa }: the Département approves your support.
orientation-reason-disability = You have an official disability recognition: { -cap-emploi-explained } knows these situations well.
orientation-reason-disability-claim = Your { -mdph } application is in progress.
orientation-reason-no-recent-work = You have not worked for more than 2 years.
orientation-reason-not-qualified = You do not have a vocational qualification.
orientation-reason-not-ready = You cannot start a job for now.
orientation-reason-ready-with-help = You want to work, with a little help.
orientation-reason-strong-barriers =
    { $count ->
        [one] One difficulty stops you from working.
       *[other] { $count } difficulties stop you from working.
    }
orientation-reason-medium-barriers =
    { $count ->
        [one] One difficulty makes things a little harder.
       *[other] { $count } difficulties make things a little harder.
    }
orientation-reason-ready = You can work right now, and nothing really stops you.
orientation-reason-urgent = You told me about an urgent situation: the reception team will see your appointment first.
orientation-reason-safety-first = You told me about an emergency (no shelter tonight, violence or danger): your first appointment is with the Département's social service, to help you quickly.
partner-ccas = the { -ccas-explained }
partner-caf = the { -caf-explained }
partner-siao = the 115 line, for a place to stay
partner-france-services = a { -france-services } centre, for help with paperwork
partner-cpam = the { -assurance-maladie-explained }
partner-mdph = the { -mdph-explained }
partner-cap-emploi = { -cap-emploi-explained }
partner-conseiller-numerique = a digital adviser
partner-ateliers-francais = French classes near you
partner-plateforme-mobilite = a mobility centre, for the driving licence and transport
partner-point-justice = a point-justice, for free legal advice

## My data: what is kept, the consents, withdrawing them.

command-mydata = my data
    .synonyms = my info, my information, see my data, show my data
command-unshare = stop sharing
    .synonyms = unshare, do not share, stop sharing my answers
command-summary = summary
    .synonyms = recap, my answers, résumé
engine-mydata-nothing = I keep nothing about you: you did not agree to me keeping your answers.
engine-mydata-no-answers = I keep your language and your choices, but no answer yet.
engine-mydata =
    Here is what I keep about you:
    { $lines }
engine-mydata-invitation = You received an invitation: your Département gave us your number and what its list says about you (name, date of birth, postcode, RSA, France Travail identifier). This is protected like your answers and erased with them if you ask.
engine-mydata-consents =
    You agreed:
    { $lines }
engine-mydata-consent-store = that I keep your answers
engine-mydata-consent-sensitive = that I keep your answers about health
engine-mydata-consent-share = that I show them to the organisations that help you
engine-mydata-consent-reminders = to receive reminders
engine-mydata-prompt = What would you like to do?
engine-mydata-opt-unshare = Stop showing them to organisations
engine-mydata-opt-unsensitive = Erase my answers about health
engine-mydata-opt-noreminders = Stop reminders
engine-mydata-opt-erase = Erase everything
engine-mydata-opt-continue = Continue
engine-unshared = Done: organisations will no longer see your answers.
engine-not-shared = Your answers are not shown to anyone.
engine-sensitive-withdrawn = Done: your answers about health are erased.
engine-reminders-withdrawn = Done: you will not receive reminders any more.
engine-erase-receipt = Erasure reference: { $reference }. Keep it if you want to prove it.

## Glossary: French institutions and papers keep their French name (what people read on letters
## and doors); the -explained form says once, in plain words, what they are.

-caf = CAF
-caf-explained = CAF (family benefits office)
-msa = MSA
-msa-explained = MSA (farm workers' social security)
-france-travail = France Travail
-france-travail-explained = France Travail (the public employment service)
-rsa = RSA
-rsa-explained = RSA (income support for people on low income)
-cap-emploi = Cap emploi
-cap-emploi-explained = Cap emploi (employment service for disabled people)
-mission-locale = Mission Locale
-mission-locale-explained = Mission Locale (support for young people aged 16 to 25)
-brevet = brevet
-brevet-explained = brevet (exam at age 15)
-mutuelle = mutuelle
-mutuelle-explained = mutuelle (top-up health insurance)
-css = Complémentaire santé solidaire
-css-explained = Complémentaire santé solidaire (free top-up health insurance, formerly CMU)
-mdph = MDPH
-mdph-explained = MDPH (disability services office)
-rqth = RQTH
-rqth-explained = RQTH (disabled worker status)
-aah = AAH
-aah-explained = AAH (disability allowance for adults)
-ccas = CCAS
-ccas-explained = CCAS (social services of the town hall)
-france-services = France Services
-france-services-explained = France Services (help with paperwork)
-carte-vitale = carte Vitale
-carte-vitale-explained = carte Vitale (health insurance card)
-assurance-maladie = Assurance Maladie
-assurance-maladie-explained = Assurance Maladie (public health insurance)
