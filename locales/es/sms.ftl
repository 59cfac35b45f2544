### Messages of the SMS and WhatsApp channel.

sms-stopped = Ya no recibirá mensajes nuestros. Para volver, responda START.
sms-started = ¡Bienvenido de nuevo! Seguimos.
sms-media-only = Solo puedo leer texto. Escriba su respuesta, por favor.
sms-too-long = Su mensaje era demasiado largo: he guardado el principio.
