### Messages of the SMS and WhatsApp channel.

sms-stopped = Ви більше не отримуватимете наших повідомлень. Щоб продовжити, надішліть START.
sms-started = З поверненням! Продовжуємо.
sms-media-only = Я розумію лише текст. Будь ласка, напишіть відповідь.
sms-too-long = Ваше повідомлення задовге: я зберіг його початок.

## An invitation from a Département's list, and its reminders ($who: who invites; $rsa: yes
## or no; $telegram: yes when $link, a Telegram link that continues the same record, is given).

invitation-sms =
    { $who } запрошує вас на зустріч{ $rsa ->
        [yes] {" "}(RSA)
       *[other] {""}
    }. Відповідайте на SMS: безкоштовно, за бажанням.{ $telegram ->
        [yes] {" "}Telegram: { $link }
       *[other] {""}
    } STOP: відмова
invitation-reminder-sms =
    Нагадуємо: { $who } запрошує вас на зустріч. Відповідайте на SMS: безкоштовно, за бажанням.{ $telegram ->
        [yes] {" "}Telegram: { $link }
       *[other] {""}
    } STOP: відмова
