### Messages of the SMS and WhatsApp channel.

sms-stopped = Vous ne recevrez plus de messages de notre part. Pour reprendre, répondez START.
sms-started = Bon retour ! Nous reprenons.
sms-media-only = Je ne peux lire que du texte. Écrivez votre réponse, s'il vous plaît.
sms-too-long = Votre message était trop long : j'ai gardé le début.
