### Messages of the SMS and WhatsApp channel.

sms-stopped = Artık bizden mesaj almayacaksınız. Yeniden başlamak için START yazın.
sms-started = Tekrar hoş geldiniz! Devam ediyoruz.
sms-media-only = Sadece yazıyı okuyabiliyorum. Lütfen cevabınızı yazın.
sms-too-long = Mesajınız çok uzundu: başını sakladım.

## An invitation from a Département's list, and its reminders ($who: who invites; $rsa: yes
## or no; $telegram: yes when $link, a Telegram link that continues the same record, is given).

invitation-sms =
    Merhaba, { $rsa ->
        [yes] RSA desteğiniz için { $who } sizi ilk randevunuza hazırlanmaya davet ediyor.
       *[other] { $who } sizi ilk randevunuza hazırlanmaya davet ediyor.
    } Başlamak için bu SMS'i yanıtlayın: ücretsizdir ve zorunlu değildir.{ $telegram ->
        [yes] {" "}Veya Telegram'da: { $link }
       *[other] {""}
    } Almak istemiyorsanız STOP yazın.
invitation-reminder-sms =
    Hatırlatma: { $who } sizi ilk randevunuza hazırlanmaya davet ediyor. Başlamak için bu SMS'i yanıtlayın: ücretsizdir ve zorunlu değildir.{ $telegram ->
        [yes] {" "}Veya Telegram'da: { $link }
       *[other] {""}
    } Almak istemiyorsanız STOP yazın.
