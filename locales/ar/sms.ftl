### Messages of the SMS and WhatsApp channel.

sms-stopped = لن تصلك رسائل منا بعد الآن. للعودة، أرسل START.
sms-started = أهلًا بعودتك! نكمل.
sms-media-only = أستطيع قراءة النص فقط. اكتب إجابتك من فضلك.
sms-too-long = رسالتك طويلة جدًا: احتفظت ببدايتها.

## An invitation from a Département's list, and its reminders ($who: who invites; $rsa: yes
## or no; $telegram: yes when $link, a Telegram link that continues the same record, is given).

invitation-sms =
    { $who } يدعوك لموعد أول{ $rsa ->
        [yes] {" "}(RSA)
       *[other] {""}
    }. أجب على هذه الرسالة للبدء، مجانًا ودون إلزام.{ $telegram ->
        [yes] {" "}تيليغرام: { $link }
       *[other] {""}
    } STOP للإيقاف
invitation-reminder-sms =
    تذكير: { $who } يدعوك لموعد أول. أجب على هذه الرسالة للبدء، مجانًا ودون إلزام.{ $telegram ->
        [yes] {" "}تيليغرام: { $link }
       *[other] {""}
    } STOP للإيقاف
