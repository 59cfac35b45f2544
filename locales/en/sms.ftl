### Messages of the SMS and WhatsApp channel.

sms-stopped = You will not receive any more messages from us. To start again, reply START.
sms-started = Welcome back! Let's carry on.
sms-media-only = I can only read text. Please write your answer.
sms-too-long = Your message was too long: I kept the beginning.

## An invitation from a Département's list, and its reminders ($who: who invites; $rsa: yes
## or no; $telegram: yes when $link, a Telegram link that continues the same record, is given).

invitation-sms =
    Hello, { $who } invites you to prepare your first appointment{ $rsa ->
        [yes] {" "}for your RSA support
       *[other] {""}
    }. Reply to this SMS to start: it is free and you are under no obligation.{ $telegram ->
        [yes] {" "}Or on Telegram: { $link }
       *[other] {""}
    } STOP to receive no more.
invitation-reminder-sms =
    Reminder: { $who } invites you to prepare your first appointment. Reply to this SMS to start: it is free and you are under no obligation.{ $telegram ->
        [yes] {" "}Or on Telegram: { $link }
       *[other] {""}
    } STOP to receive no more.
