### Messages of the Telegram channel.

## The commands menu: one short description per command.

telegram-command-start = Start or resume
telegram-command-help = Help: what you can write
telegram-command-language = Change language
telegram-command-back = Go back to the previous question
telegram-command-human = Talk to a person
telegram-command-appointment = My appointment
telegram-command-mydata = My data: what is kept about me
telegram-command-erase = Erase my data

## Messages the bot cannot read.

telegram-unsupported = I can only read text and buttons. Please type your answer.
telegram-voice = I cannot listen to voice messages. Please type your answer.
telegram-location = Thank you, but I cannot read locations. Please type your postcode or your town.
telegram-contact = Thank you, but I cannot read contacts. Please type the phone number.
telegram-edited = You edited a message: I keep the first version. To correct an answer, write “change”.
telegram-private-only = I only answer in a private chat. Please write to me directly.
