### Messages of the Telegram channel.

## The commands menu: one short description per command.

telegram-command-start = Empezar o continuar
telegram-command-help = Ayuda: lo que puede escribir
telegram-command-language = Cambiar de idioma
telegram-command-back = Volver a la pregunta anterior
telegram-command-human = Hablar con una persona
telegram-command-appointment = Mi cita
telegram-command-mydata = Mis datos: lo que se guarda sobre mí
telegram-command-erase = Borrar mis datos

## Messages the bot cannot read.

telegram-unsupported = Solo puedo leer texto y botones. Escriba su respuesta, por favor.
telegram-voice = No puedo escuchar mensajes de voz. Escriba su respuesta, por favor.
telegram-location = Gracias, pero no puedo leer ubicaciones. Escriba su código postal o su municipio, por favor.
telegram-contact = Gracias, pero no puedo leer contactos. Escriba el número de teléfono, por favor.
telegram-edited = Ha modificado un mensaje: guardo la primera versión. Para corregir una respuesta, escriba «cambiar».
telegram-private-only = Solo respondo en una conversación privada. Escríbame directamente, por favor.
