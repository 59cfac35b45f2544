### Messages of the SMS and WhatsApp channel.

sms-stopped = Вы больше не будете получать наши сообщения. Чтобы продолжить, отправьте START.
sms-started = С возвращением! Продолжаем.
sms-media-only = Я понимаю только текст. Пожалуйста, напишите ответ.
sms-too-long = Ваше сообщение слишком длинное: я сохранил начало.

## An invitation from a Département's list, and its reminders ($who: who invites; $rsa: yes
## or no; $telegram: yes when $link, a Telegram link that continues the same record, is given).

invitation-sms =
    { $who } приглашает вас на встречу{ $rsa ->
        [yes] {" "}(RSA)
       *[other] {""}
    }. Ответьте на SMS: бесплатно, по желанию.{ $telegram ->
        [yes] {" "}Telegram: { $link }
       *[other] {""}
    } STOP: отказ
invitation-reminder-sms =
    Напоминаем: { $who } приглашает вас на встречу. Ответьте на SMS: бесплатно, по желанию.{ $telegram ->
        [yes] {" "}Telegram: { $link }
       *[other] {""}
    } STOP: отказ
