### Messages of the SMS and WhatsApp channel.

sms-stopped = Ya no recibirá mensajes nuestros. Para volver, responda START.
sms-started = ¡Bienvenido de nuevo! Seguimos.
sms-media-only = Solo puedo leer texto. Escriba su respuesta, por favor.
sms-too-long = Su mensaje era demasiado largo: he guardado el principio.

## An invitation from a Département's list, and its reminders ($who: who invites; $rsa: yes
## or no; $telegram: yes when $link, a Telegram link that continues the same record, is given).

invitation-sms =
    Hola, { $who } le invita a preparar su primera cita{ $rsa ->
        [yes] {" "}para su acompañamiento RSA
       *[other] {""}
    }. Responda a este SMS para empezar: es gratuito y sin compromiso.{ $telegram ->
        [yes] {" "}O en Telegram: { $link }
       *[other] {""}
    } STOP para no recibir más.
invitation-reminder-sms =
    Recordatorio: { $who } le invita a preparar su primera cita. Responda a este SMS para empezar: es gratuito y sin compromiso.{ $telegram ->
        [yes] {" "}O en Telegram: { $link }
       *[other] {""}
    } STOP para no recibir más.
