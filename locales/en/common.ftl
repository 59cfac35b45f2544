### Messages shared by every dialogue: answers, commands, the engine's own messages, menus.

## Language names, each written in its own language.

language-name-fr = Français
    .synonyms = french, francais
language-name-en = English
    .synonyms = anglais, inglés

## Yes, no, rather not say.

answer-yes = Yes
    .synonyms = y, yeah, yep, ok, okay, sure, of course
answer-no = No
    .synonyms = n, nope, no thanks, not at all
answer-rather-not = I'd rather not say
    .synonyms = rather not, prefer not to say, no answer, pass on this

## Global commands: the first word is the one shown in the help.

command-start = restart
    .synonyms = start, start again, hello
command-help = help
    .synonyms = ?, sos, i don't understand
command-back = back
    .synonyms = previous, go back, previous question
command-skip = skip
    .synonyms = next, next question
command-language = language
    .synonyms = languages, change language
command-human = human
    .synonyms = advisor, a person, talk to someone, agent
command-stop = stop
    .synonyms = pause, later
command-erase = erase
    .synonyms = erase my data, delete, delete my data

## The engine's messages.

engine-welcome-back = Welcome back! Let's pick up where we left off.
engine-dialogue-updated = The questions have changed a little. We are going back to the right question.
engine-resume-offer = Welcome back! Would you like to continue where you left off?
engine-restart = All right, we are starting again from the beginning.
engine-already-ended = Your questionnaire is finished. Write "restart" to do it again, or "human" to talk to a person.
engine-help =
    { $stuck ->
        [yes] Don't worry, I'll help you.
       *[no] Here is what you can write:
    }
    • the number or the word of your answer;
    • "back" to go back to the previous question;
    • "skip" to skip an optional question;
    • "language" to change the language;
    • "human" to talk to a person;
    • "stop" to take a break;
    • "erase" to erase your data.
engine-human =
    { $stored ->
        [yes] Noted: a person from the reception team will contact you.
       *[no] To talk to a person, call France Travail on 3949 or visit a France Services office.
    } You can also carry on here.
engine-paused = Noted, we are taking a break. Write to me whenever you like: we will continue from here.
engine-erase-confirm = Do you really want to erase all your answers? They cannot be recovered.
engine-erased = Done: everything you told me has been erased. You can start again whenever you like.
engine-erase-cancelled = All right, I am not erasing anything.
engine-back = All right, let's go back to the previous question.
engine-back-nothing = We are at the beginning: there is no previous question.
engine-skip-refused = This question cannot be skipped: I need it to continue.
engine-language-prompt = Which language do you prefer?
engine-progress = Part { $part } of { $total }: { $name }
engine-stuck = Sorry, something went wrong with this questionnaire. A person from the reception team will take over.
engine-stale-choice = This question is already closed. Please answer the latest question.
engine-summary =
    Here is what you told me:
    { $lines }
engine-summary-line = • { $label }: { $value }

## How answers read back.

value-skipped = (skipped)
value-withheld = (not asked)

## Menus.

menu-reply = Reply { $numbers }.
menu-reply-multi = Reply with one or more numbers from { $numbers }.
menu-reply-multi-buttons = Tap an answer, or write several separated by commas.

## Lists and dates.

list-separator = {", "}
list-and = and
list-or = or
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
miss-not-a-number = I need a number written in digits.
miss-too-low = This number is too small: { $min } at least.
miss-too-high = This number is too big: { $max } at most.
miss-not-a-date = I did not recognise the date.
miss-date-future = This date is in the future.
miss-date-past = This date has already passed.
miss-not-a-place = I did not recognise this postcode or town.
miss-not-a-phone = I did not recognise this phone number.
miss-too-long = Your message is too long: { $max } characters at most.
miss-no-match = This is not the right format.
