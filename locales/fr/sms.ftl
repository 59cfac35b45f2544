### Messages of the SMS and WhatsApp channel.

sms-stopped = Vous ne recevrez plus de messages de notre part. Pour reprendre, répondez START.
sms-started = Bon retour ! Nous reprenons.
sms-media-only = Je ne peux lire que du texte. Écrivez votre réponse, s'il vous plaît.
sms-too-long = Votre message était trop long : j'ai gardé le début.

## An invitation from a Département's list, and its reminders ($who: who invites; $rsa: yes
## or no; $telegram: yes when $link, a Telegram link that continues the same record, is given).

invitation-sms =
    Bonjour, { $who } vous invite à préparer votre premier rendez-vous{ $rsa ->
        [yes] {" "}pour votre accompagnement RSA
       *[other] {""}
    }. Répondez à ce SMS pour commencer : c'est gratuit et sans obligation.{ $telegram ->
        [yes] {" "}Ou sur Telegram : { $link }
       *[other] {""}
    } STOP pour ne plus recevoir.
invitation-reminder-sms =
    Rappel : { $who } vous invite à préparer votre premier rendez-vous. Répondez à ce SMS pour commencer : c'est gratuit et sans obligation.{ $telegram ->
        [yes] {" "}Ou sur Telegram : { $link }
       *[other] {""}
    } STOP pour ne plus recevoir.
